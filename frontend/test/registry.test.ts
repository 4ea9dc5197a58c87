import { describe, expect, it, vi } from "vitest";
import { APP_ELEMENT, whenRegistryReady } from "../src/registry";

describe("defining the card's elements", () => {
  it("waits for the app's root element while the app has not replaced the registry", async () => {
    let define!: () => void;
    const whenDefined = vi.fn(() => new Promise<void>((resolve) => (define = resolve)));
    let ready = false;
    const promise = whenRegistryReady({ customElements: { whenDefined } }).then(() => {
      ready = true;
    });
    await Promise.resolve();
    expect(whenDefined).toHaveBeenCalledWith(APP_ELEMENT);
    expect(ready).toBe(false);
    define();
    await promise;
    expect(ready).toBe(true);
  });

  it("goes ahead at once once the app's registry polyfill is in place", async () => {
    const whenDefined = vi.fn(() => new Promise<void>(() => undefined));
    await whenRegistryReady({
      customElements: { whenDefined },
      CustomElementRegistryPolyfill: { formAssociated: new Set() },
    });
    expect(whenDefined).not.toHaveBeenCalled();
  });
});
