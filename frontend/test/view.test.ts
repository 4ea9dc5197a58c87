import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { findPrinterEntities, printerDevices } from "../src/printer";
import type { PrinterCardConfig } from "../src/types";
import { buildView } from "../src/view";
import {
  amsHass,
  entityOf,
  NOW,
  PLATFORMS,
  PRINTER,
  profileHass,
  state,
  withState,
  type FakeHass,
  type Platform,
} from "./fixtures";

const CONFIG: PrinterCardConfig = { type: "custom:octoeverywhere-printer-card", device_id: PRINTER };

const view = (hass: FakeHass, config: Partial<PrinterCardConfig> = {}) =>
  buildView(hass, findPrinterEntities(hass, PRINTER)!, { ...CONFIG, ...config });

// What each platform's plugin offers (README, "Supported printers"), as the simulator profiles
// reproduce it.
const OFFERS: Record<
  Platform,
  { lights: number; layers: boolean; setTemps: string[]; chamber: boolean; home: boolean }
> = {
  octoprint: { lights: 0, layers: false, setTemps: [], chamber: false, home: false },
  moonraker: { lights: 1, layers: true, setTemps: ["hotend", "bed", "chamber"], chamber: true, home: true },
  bambu: { lights: 1, layers: true, setTemps: [], chamber: true, home: false },
  prusalink: { lights: 0, layers: false, setTemps: [], chamber: false, home: false },
  elegoo_cc1: { lights: 1, layers: true, setTemps: [], chamber: true, home: true },
  elegoo_cc2: { lights: 1, layers: true, setTemps: ["hotend", "bed"], chamber: true, home: true },
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each(PLATFORMS)("the %s profile", (platform) => {
  const offers = OFFERS[platform];

  it("printing: state, camera, progress, temperatures, Gadget, lights, pause and cancel", () => {
    const shown = view(profileHass(platform, "printing"));
    expect(shown.offline).toBeUndefined();
    expect(shown.name).toBe("Sim printer");
    expect(shown.state).toMatchObject({ text: "<printing>", kind: "active" });
    expect(shown.connected).toBe(true);
    expect(shown.camera?.picture).toBeTypeOf("string");
    expect(shown.progress?.percent).toBeGreaterThan(60);
    expect(shown.progress?.text).toMatch(/^66(\.7|\.0)? %$/);
    expect(shown.progress?.file).toBeTruthy();
    expect(shown.progress?.timeLeft).toMatch(/ min$/);
    // The simulator's clock: the print ends minutes after "now", shown as a time of day.
    expect(shown.progress?.finish).toMatch(/^08:[23]\d$/);
    expect(shown.progress?.layer !== null).toBe(offers.layers);
    expect(shown.temperatures.map((t) => t.key)).toEqual(
      ["hotend", "bed", ...(offers.chamber ? ["chamber"] : [])],
    );
    expect(
      shown.temperatures.filter((t) => t.target?.editable).map((t) => t.key),
    ).toEqual(offers.setTemps);
    expect(shown.gadget).toMatchObject({ value: 1.795, level: "ok" });
    expect(shown.lights).toHaveLength(offers.lights);
    expect(shown.controls.map((c) => c.action)).toEqual(["pause", "cancel"]);
    expect(shown.lastPrint).toBeUndefined();
    expect(shown.materials).toEqual([]);
  });

  it("idle: no job, no pause or cancel; home where the printer can", () => {
    const shown = view(profileHass(platform, "idle"));
    expect(shown.state.kind).toBe("idle");
    expect(shown.progress).toBeUndefined();
    expect(shown.controls.map((c) => c.action)).toEqual(offers.home ? ["home"] : []);
    // Heaters are off: only targets that can be set are shown.
    expect(shown.temperatures.filter((t) => t.target).map((t) => t.key)).toEqual(offers.setTemps);
  });

  it("offline: one offline view and nothing unavailable", () => {
    const shown = view(profileHass(platform, "offline"));
    expect(shown.offline).toBe("offline");
    expect(shown.state).toMatchObject({ text: "<offline>", kind: "offline" });
    expect(shown.camera).toBeUndefined();
    expect(shown.progress).toBeUndefined();
    expect(shown.temperatures).toEqual([]);
    expect(shown.controls).toEqual([]);
    expect(shown.lights).toEqual([]);
    expect(shown.gadget).toBeUndefined();
    expect(JSON.stringify(shown)).not.toContain("unavailable");
  });
});

describe("parts of the card", () => {
  it("shows the printer unreachable when Home Assistant cannot reach it", () => {
    let hass = profileHass("moonraker", "printing");
    for (const id of Object.keys(hass.states)) {
      hass = withState(hass, state(id, "unavailable"));
    }
    const shown = view(hass);
    expect(shown.offline).toBe("unavailable");
    expect(shown.temperatures).toEqual([]);
  });

  it("leaves out what the printer does not know", () => {
    let hass = profileHass("moonraker", "printing");
    for (const key of ["time_remaining", "estimated_finish", "current_layer"]) {
      hass = withState(hass, state(entityOf(hass, key), "unknown"));
    }
    const progress = view(hass).progress!;
    expect(progress.timeLeft).toBeNull();
    expect(progress.finish).toBeNull();
    expect(progress.layer).toBeNull();
    expect(progress.text).toBe("66.7 %");
  });

  it("shows a complete print at 100 % without time left", () => {
    let hass = profileHass("moonraker", "printing");
    hass = withState(hass, state(entityOf(hass, "state"), "complete"));
    const shown = view(hass);
    expect(shown.state.kind).toBe("done");
    expect(shown.progress?.timeLeft).toBeNull();
    expect(shown.progress?.finish).toBeNull();
  });

  it("shows the last print while idle", () => {
    let hass = profileHass("bambu", "idle");
    hass = withState(hass, state(entityOf(hass, "last_print_result"), "complete"));
    hass = withState(hass, state(entityOf(hass, "last_print_file"), "benchy.gcode"));
    hass = withState(
      hass,
      state(entityOf(hass, "last_print_duration"), "52", { unit_of_measurement: "min" }),
    );
    expect(view(hass).lastPrint).toEqual({
      result: "<complete>",
      kind: "complete",
      file: "<benchy.gcode>",
      duration: "52 min",
    });
  });

  it("shows Gadget's warning as a badge and its score in red", () => {
    let hass = profileHass("moonraker", "printing");
    hass = withState(hass, state(entityOf(hass, "gadget_warning"), "on"));
    const shown = view(hass);
    expect(shown.gadgetWarning).toBe(true);
    expect(shown.gadget?.level).toBe("alert");
  });

  it("takes Gadget's colour from the Gadget status sensor when there is one", () => {
    const hass = profileHass("moonraker", "printing");
    const id = "sensor.sim_printer_gadget_status";
    hass.entities[id] = {
      entity_id: id,
      platform: "octoeverywhere",
      device_id: PRINTER,
      translation_key: "gadget_status",
    };
    hass.states[id] = state(id, "active", { status_color: "y" });
    expect(view(hass).gadget?.level).toBe("warn");
  });

  it("shows the paused print with Resume instead of Pause", () => {
    let hass = profileHass("moonraker", "printing");
    hass = withState(hass, state(entityOf(hass, "state"), "paused"));
    hass = withState(hass, state(entityOf(hass, "pause"), "unavailable"));
    hass = withState(hass, state(entityOf(hass, "resume"), "unknown"));
    const shown = view(hass);
    expect(shown.state.kind).toBe("paused");
    expect(shown.controls.map((c) => c.action)).toEqual(["resume", "cancel"]);
  });

  it("hides what the card's options switch off", () => {
    const shown = view(amsHass(), {
      show_camera: false,
      show_temperatures: false,
      show_controls: false,
      show_materials: false,
    });
    expect(shown.camera).toBeUndefined();
    expect(shown.temperatures).toEqual([]);
    expect(shown.materials).toEqual([]);
    expect(shown.controls).toEqual([]);
    expect(shown.lights).toEqual([]);
    expect(shown.progress).toBeDefined();
  });

  it("uses the configured camera", () => {
    const hass = profileHass("moonraker", "printing");
    hass.states["camera.garage"] = state("camera.garage", "idle", {
      entity_picture: "/api/camera_proxy/camera.garage?token=x",
      friendly_name: "Garage",
    });
    expect(view(hass, { camera_entity: "camera.garage" }).camera).toEqual({
      entity: "camera.garage",
      name: "Garage",
      picture: "/api/camera_proxy/camera.garage?token=x",
    });
  });
});

describe("materials", () => {
  it("shows the AMS's slots in their colours, the active one highlighted", () => {
    const shown = view(amsHass());
    expect(shown.materials).toHaveLength(1);
    const [ams] = shown.materials;
    expect(ams.name).toBe("AMS 1");
    expect(ams.slots.map((slot) => [slot.text, slot.color, slot.active])).toEqual([
      ["PLA", "#FF6A13", false],
      ["PETG", "#000000", true],
      ["PLA", "#FFFFFF", false],
      ["PETG", "#1F8FE5", false],
    ]);
    expect(ams.slots[1].description).toBe("AMS 1 Slot 2, Bambu PETG HF, 55 % left, In use");
  });

  it("shows an empty slot as empty and ignores a colour that is not #RRGGBB", () => {
    let hass = amsHass();
    hass = withState(hass, state("sensor.ams_1_slot_1", "empty", { source: "AMS 1 Slot 1" }));
    hass = withState(
      hass,
      state("sensor.ams_1_slot_3", "PLA", { source: "AMS 1 Slot 3", color: "red;background:url(x)" }),
    );
    const [ams] = view(hass).materials;
    expect(ams.slots[0]).toMatchObject({ empty: true, text: "Empty", color: null });
    expect(ams.slots[2].color).toBeNull();
  });
});

describe("finding the printer's entities", () => {
  it("finds them by device and translation key, whatever their entity ids", () => {
    const hass = amsHass();
    const renamed: FakeHass = { ...hass, states: {}, entities: {} };
    for (const [id, entry] of Object.entries(hass.entities)) {
      const newId = `${id.split(".")[0]}.renamed_${Object.keys(renamed.entities).length}`;
      renamed.entities[newId] = { ...entry, entity_id: newId };
      renamed.states[newId] = { ...hass.states[id], entity_id: newId };
    }
    const before = view(hass);
    const after = view(renamed);
    expect(after.progress).toEqual(before.progress);
    expect(after.temperatures.map((t) => t.current)).toEqual(before.temperatures.map((t) => t.current));
    expect(after.materials[0].slots.map((s) => s.text)).toEqual(
      before.materials[0].slots.map((s) => s.text),
    );
    expect(after.controls.map((c) => c.action)).toEqual(before.controls.map((c) => c.action));
  });

  it("ignores other devices and other integrations", () => {
    const hass = profileHass("moonraker", "printing");
    hass.devices.other = { id: "other", name: "Other", name_by_user: null, via_device_id: null };
    hass.entities["sensor.other_state"] = {
      entity_id: "sensor.other_state",
      platform: "octoeverywhere",
      device_id: "other",
      translation_key: "state",
    };
    hass.entities["sensor.foreign_progress"] = {
      entity_id: "sensor.foreign_progress",
      platform: "bambu_lab",
      device_id: PRINTER,
      translation_key: "progress",
    };
    const printer = findPrinterEntities(hass, PRINTER)!;
    expect(printer.entities.state).toBe("sensor.sim_printer_state");
    expect(printer.entities.progress).toBe("sensor.sim_printer_progress");
    expect(printer.watched).not.toContain("sensor.other_state");
    expect(printer.watched).not.toContain("sensor.foreign_progress");
  });

  it("prefers a target that can be set (number) over its sensor", () => {
    const hass = profileHass("moonraker", "printing");
    hass.entities["sensor.bed_target_copy"] = {
      entity_id: "sensor.bed_target_copy",
      platform: "octoeverywhere",
      device_id: PRINTER,
      translation_key: "bed_target",
    };
    expect(findPrinterEntities(hass, PRINTER)!.entities.bed_target).toBe(
      "number.sim_printer_bed_target",
    );
  });

  it("returns nothing for a device that is gone", () => {
    expect(findPrinterEntities(profileHass("moonraker", "idle"), "gone")).toBeUndefined();
  });

  it("lists printers, not material units, for the card picker", () => {
    const hass = amsHass();
    expect(printerDevices(hass).map((device) => device.id)).toEqual([PRINTER]);
  });

  it("pairs each tool of a tool changer with its target and active flag", () => {
    const hass = profileHass("moonraker", "printing");
    for (const tool of [0, 1]) {
      for (const [suffix, key, value] of [
        ["temperature", "tool_temperature", "210"],
        ["target", "tool_target", tool ? "0" : "215"],
        ["active", "tool_active", tool ? "off" : "on"],
      ]) {
        const domain = key === "tool_active" ? "binary_sensor" : "sensor";
        const id = `${domain}.t${tool}_${suffix}`;
        hass.entities[id] = {
          entity_id: id,
          platform: "octoeverywhere",
          device_id: PRINTER,
          translation_key: key,
          name: `T${tool} ${suffix}`,
        };
        hass.states[id] = state(id, value, key === "tool_active" ? {} : { unit_of_measurement: "°C" });
      }
    }
    const tools = view(hass).temperatures.slice(3);
    expect(tools.map((t) => [t.label, t.current, t.target?.text, t.active])).toEqual([
      ["T0 temperature", "210 °C", "215 °C", true],
      ["T1 temperature", "210 °C", undefined, false],
    ]);
  });
});
