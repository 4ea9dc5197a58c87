import { expect, it } from "vitest";
import { CARD_TAG, EDITOR_TAG } from "../src/card";

it("lists the card in the card picker and defines its elements in the app's registry", async () => {
  // As once Home Assistant's app has put its registry polyfill in place.
  (window as unknown as { CustomElementRegistryPolyfill: object }).CustomElementRegistryPolyfill =
    {};
  await import("../src/index");
  await customElements.whenDefined(CARD_TAG);
  expect(customElements.get(EDITOR_TAG)).toBeDefined();
  const cards = (window as unknown as { customCards: { type: string; preview: boolean }[] })
    .customCards;
  expect(cards.filter((card) => card.type === CARD_TAG)).toEqual([
    expect.objectContaining({ name: "OctoEverywhere printer", preview: true }),
  ]);
});
