import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CARD_TAG, EDITOR_TAG, OctoEverywherePrinterCard } from "../src/card";
import { OctoEverywherePrinterCardEditor } from "../src/editor";
import {
  amsHass,
  entityOf,
  NOW,
  PRINTER,
  profileHass,
  state,
  withState,
  type FakeHass,
} from "./fixtures";

beforeAll(() => {
  customElements.define(CARD_TAG, OctoEverywherePrinterCard);
  // ha-form comes from Home Assistant; a stand-in lets the editor render.
  customElements.define("ha-form", class extends HTMLElement {});
  customElements.define(EDITOR_TAG, OctoEverywherePrinterCardEditor);
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  document.body.innerHTML = "";
  vi.useRealTimers();
});

const mount = async (hass: FakeHass, config: Record<string, unknown> = {}) => {
  const card = document.createElement(CARD_TAG) as OctoEverywherePrinterCard;
  card.setConfig({ type: `custom:${CARD_TAG}`, device_id: PRINTER, ...config });
  card.hass = hass;
  document.body.append(card);
  await card.updateComplete;
  return card;
};

const root = (card: HTMLElement) => card.shadowRoot!;
const text = (card: HTMLElement) => root(card).textContent!.replace(/\s+/g, " ");
const button = (card: HTMLElement, selector: string) =>
  root(card).querySelector<HTMLButtonElement>(selector)!;

describe("the card", () => {
  it("shows the printer's state and progress", async () => {
    const card = await mount(profileHass("moonraker", "printing"));
    expect(root(card).querySelector(".name")!.textContent).toBe("Sim printer");
    expect(button(card, ".chip.state").textContent!.trim()).toBe("<printing>");
    const ring = root(card).querySelector('[role="progressbar"]')!;
    expect(ring.getAttribute("aria-valuenow")).toBe("67");
    expect(ring.textContent!.trim()).toBe("66.7 %");
    const details = [...root(card).querySelectorAll("dl > div")].map((item) => [
      item.querySelector("dt")!.textContent,
      item.querySelector("dd")!.textContent,
    ]);
    expect(details).toEqual([
      ["Time left", "20.0 min"],
      ["Finish", "08:30"],
      ["Layer", "<101> / <150>"],
    ]);
    expect(root(card).querySelector(".camera img")!.getAttribute("src")).toBe(
      "/api/camera_proxy/camera.sim_printer_webcam?token=test",
    );
  });

  it("presses Pause at once", async () => {
    const hass = profileHass("moonraker", "printing");
    const card = await mount(hass);
    button(card, "button.control.pause").click();
    expect(hass.callService).toHaveBeenCalledExactlyOnceWith("button", "press", {
      entity_id: entityOf(hass, "pause"),
    });
  });

  it("asks before it cancels", async () => {
    const hass = profileHass("moonraker", "printing");
    const card = await mount(hass);
    button(card, "button.control.cancel").click();
    await card.updateComplete;
    expect(hass.callService).not.toHaveBeenCalled();
    expect(root(card).querySelector('[role="alertdialog"]')!.textContent).toContain(
      "Cancel the print?",
    );
    button(card, "button.keep").click();
    await card.updateComplete;
    expect(hass.callService).not.toHaveBeenCalled();
    expect(root(card).querySelector('[role="alertdialog"]')).toBeNull();

    button(card, "button.control.cancel").click();
    await card.updateComplete;
    button(card, "button.confirm-cancel").click();
    expect(hass.callService).toHaveBeenCalledExactlyOnceWith("button", "press", {
      entity_id: entityOf(hass, "cancel"),
    });
  });

  it("toggles a light and sets a heater target", async () => {
    const hass = profileHass("moonraker", "printing");
    const card = await mount(hass);
    button(card, "button.light").click();
    expect(hass.callService).toHaveBeenLastCalledWith("light", "toggle", {
      entity_id: "light.sim_printer_caselight",
    });
    const input = root(card).querySelector<HTMLInputElement>('input[aria-label="Bed target"]')!;
    input.value = "55";
    input.dispatchEvent(new Event("change"));
    expect(hass.callService).toHaveBeenLastCalledWith("number", "set_value", {
      entity_id: "number.sim_printer_bed_target",
      value: 55,
    });
  });

  it("opens the live view in Home Assistant's more-info dialog", async () => {
    const card = await mount(profileHass("bambu", "printing"));
    const opened = vi.fn();
    card.addEventListener("hass-more-info", (ev) => opened((ev as CustomEvent).detail));
    button(card, "button.camera").click();
    expect(opened).toHaveBeenCalledWith({ entityId: "camera.sim_printer_chamber_camera" });
    expect(button(card, "button.camera").getAttribute("aria-label")).toMatch(/^Open the live view/);
  });

  it("shows an offline printer as offline, with nothing unavailable", async () => {
    const card = await mount(profileHass("bambu", "offline"));
    expect(text(card)).toContain("The printer is offline.");
    expect(text(card)).not.toMatch(/unavailable/i);
    expect(root(card).querySelectorAll("section")).toHaveLength(0);
  });

  it("shows the AMS's slots with labels for screen readers", async () => {
    const card = await mount(amsHass());
    const slots = [...root(card).querySelectorAll<HTMLButtonElement>(".slot")];
    expect(slots.map((slot) => slot.getAttribute("aria-label"))).toEqual([
      "AMS 1 Slot 1, Bambu PLA Basic, 80 % left",
      "AMS 1 Slot 2, Bambu PETG HF, 55 % left, In use",
      "AMS 1 Slot 3, Bambu PLA Matte, 100 % left",
      "AMS 1 Slot 4, PETG",
    ]);
    expect(slots[1].classList.contains("active")).toBe(true);
    expect(slots[0].querySelector<HTMLElement>(".swatch")!.getAttribute("style")).toBe(
      "--swatch-color:#FF6A13",
    );
  });

  it("asks for a printer when none is configured", async () => {
    const card = await mount(profileHass("moonraker", "idle"), { device_id: undefined });
    expect(text(card)).toContain("Choose a printer");
  });

  it("gives its size for masonry and sections views", async () => {
    const card = await mount(profileHass("moonraker", "printing"));
    expect(card.getCardSize()).toBe(1 + 4 + 2 + 2 + 1 + 1);
    expect(card.getGridOptions()).toMatchObject({ columns: 12, rows: "auto" });
    expect(OctoEverywherePrinterCard.getStubConfig(amsHass())).toEqual({
      type: `custom:${CARD_TAG}`,
      device_id: PRINTER,
    });
  });

  it("refuses a configuration that is not one", () => {
    const card = document.createElement(CARD_TAG) as OctoEverywherePrinterCard;
    expect(() => card.setConfig({ type: "x", device_id: 5 as unknown as string })).toThrow();
  });
});

describe("rendering", () => {
  it("renders only when one of the printer's entities changes", async () => {
    let hass = profileHass("moonraker", "printing");
    hass.states["sensor.outside"] = state("sensor.outside", "0");
    const card = await mount(hass);
    const render = vi.spyOn(card as unknown as { render: () => unknown }, "render");

    // 100 state changes elsewhere in Home Assistant: each gives the card a new `hass`.
    for (let i = 1; i <= 100; i++) {
      hass = withState(hass, state("sensor.outside", String(i)));
      card.hass = hass;
      await card.updateComplete;
    }
    console.log(`renders after 100 changes of other entities: ${render.mock.calls.length}`);
    expect(render).toHaveBeenCalledTimes(0);

    hass = withState(hass, state(entityOf(hass, "progress"), "70.0", { unit_of_measurement: "%" }));
    card.hass = hass;
    await card.updateComplete;
    expect(render).toHaveBeenCalledTimes(1);
    expect(root(card).querySelector('[role="progressbar"]')!.textContent!.trim()).toBe("70.0 %");
  });

  it("renders again when the registry changes the printer's entities", async () => {
    const hass = profileHass("moonraker", "printing");
    const card = await mount(hass);
    const render = vi.spyOn(card as unknown as { render: () => unknown }, "render");
    const light = "light.sim_printer_caselight";
    const entities = { ...hass.entities };
    delete entities[light];
    card.hass = { ...hass, entities };
    await card.updateComplete;
    expect(render).toHaveBeenCalledTimes(1);
    expect(root(card).querySelector("button.light")).toBeNull();
  });
});

describe("the editor", () => {
  it("hands Home Assistant the changed configuration without defaults", async () => {
    const editor = document.createElement(EDITOR_TAG) as OctoEverywherePrinterCardEditor;
    editor.hass = profileHass("moonraker", "idle");
    editor.setConfig({ type: `custom:${CARD_TAG}`, device_id: PRINTER });
    document.body.append(editor);
    await editor.updateComplete;
    const form = editor.shadowRoot!.querySelector("ha-form") as HTMLElement & {
      data: Record<string, unknown>;
      computeLabel: (schema: { name: string }) => string;
    };
    expect(form.data).toMatchObject({ device_id: PRINTER, show_camera: true, show_controls: true });
    expect(form.computeLabel({ name: "device_id" })).toBe("Printer");

    const changed = vi.fn();
    editor.addEventListener("config-changed", (ev) => changed((ev as CustomEvent).detail.config));
    form.dispatchEvent(
      new CustomEvent("value-changed", {
        detail: {
          value: { ...form.data, show_camera: false, camera_entity: "" },
        },
      }),
    );
    expect(changed).toHaveBeenCalledWith({
      type: `custom:${CARD_TAG}`,
      device_id: PRINTER,
      show_camera: false,
    });
  });
});
