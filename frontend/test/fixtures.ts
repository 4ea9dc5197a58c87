// Home Assistant as the card sees it (`hass`), built from the integration's snapshots.
import { vi } from "vitest";
import { readSnapshots } from "./ambr";
import type {
  DeviceRegistryEntry,
  EntityRegistryDisplayEntry,
  HassEntity,
  HomeAssistant,
} from "../src/types";

export const PLATFORMS = [
  "octoprint",
  "moonraker",
  "bambu",
  "prusalink",
  "elegoo_cc1",
  "elegoo_cc2",
] as const;
export type Platform = (typeof PLATFORMS)[number];
export type Scenario = "printing" | "idle" | "offline";

export const PRINTER = "printer-device-id";
export const NOW = new Date("2027-01-15T08:10:00Z");

type SnapshotEntity = {
  translation_key: string | null;
  entity_category: string | null;
  disabled_by: string | null;
  state: string;
  attributes: Record<string, unknown>;
};

const profiles = readSnapshots("test_profiles.ambr");
const materials = readSnapshots("test_material.ambr");

export type FakeHass = HomeAssistant & {
  callService: ReturnType<typeof vi.fn>;
};

/** A fake `hass`: states, registries and Home Assistant's formatting, simplified. */
export const makeHass = (
  states: HassEntity[],
  entities: EntityRegistryDisplayEntry[],
  devices: DeviceRegistryEntry[],
): FakeHass => ({
  states: Object.fromEntries(states.map((state) => [state.entity_id, state])),
  entities: Object.fromEntries(entities.map((entry) => [entry.entity_id, entry])),
  devices: Object.fromEntries(devices.map((device) => [device.id, device])),
  locale: { language: "en", time_format: "24", time_zone: "server" },
  language: "en",
  config: { time_zone: "UTC" },
  localize: (key: string) => key,
  // Home Assistant translates and adds units; here: the state and its unit, recognisably.
  formatEntityState: (entity: HassEntity, state?: string) => {
    const unit = entity.attributes.unit_of_measurement;
    const value = state ?? entity.state;
    return unit ? `${value} ${unit}` : `<${value}>`;
  },
  hassUrl: (path = "") => `http://ha.test${path}`,
  callService: vi.fn(() => Promise.resolve()),
});

export const state = (
  entity_id: string,
  value: string,
  attributes: Record<string, unknown> = {},
): HassEntity => ({
  entity_id,
  state: value,
  attributes,
  last_changed: NOW.toISOString(),
  last_updated: NOW.toISOString(),
});

export const printerDevice = (name = "Sim printer"): DeviceRegistryEntry => ({
  id: PRINTER,
  name,
  name_by_user: null,
  via_device_id: null,
  manufacturer: "OctoEverywhere",
});

/** The printer of one simulator profile and scenario, as tests/test_profiles.py snapshots it. */
export const profileHass = (platform: Platform, scenario: Scenario): FakeHass => {
  const snapshot = profiles.get(`test_profile_entities[${platform}-${scenario}][entities]`) as
    | Record<string, SnapshotEntity>
    | undefined;
  if (!snapshot) throw new Error(`no snapshot for ${platform}-${scenario}`);
  const states: HassEntity[] = [];
  const entries: EntityRegistryDisplayEntry[] = [];
  for (const [entityId, entity] of Object.entries(snapshot)) {
    // The display registry leaves disabled entities out (the snapshot enables all of them).
    if (entity.disabled_by !== null) continue;
    const attributes = { ...entity.attributes };
    if (entityId.startsWith("camera.")) {
      // Left out of the snapshot (its token is random); Home Assistant always sets it.
      attributes.entity_picture = `/api/camera_proxy/${entityId}?token=test`;
    }
    states.push(state(entityId, entity.state, attributes));
    entries.push({
      entity_id: entityId,
      platform: "octoeverywhere",
      device_id: PRINTER,
      translation_key: entity.translation_key ?? undefined,
      entity_category: (entity.entity_category as "diagnostic" | null) ?? undefined,
    });
  }
  return makeHass(states, entries, [printerDevice()]);
};

/**
 * A Bambu printer with an AMS, as tests/test_material.py snapshots it: the unit's entities on
 * its own device, via the printer.
 */
export const amsHass = (): FakeHass => {
  const hass = profileHass("bambu", "printing");
  const devices = materials.get("test_topologies[ams][devices]") as Record<
    string,
    { entities: string[]; via_printer: boolean }
  >;
  const states = materials.get("test_topologies[ams][states]") as Record<
    string,
    [string, Record<string, unknown>]
  >;
  for (const [name, device] of Object.entries(devices)) {
    if (!device.via_printer) continue;
    const unitId = `unit-${name}`;
    hass.devices[unitId] = {
      id: unitId,
      name,
      name_by_user: null,
      via_device_id: PRINTER,
      manufacturer: null,
    };
    for (const entityId of device.entities) {
      const [value, attributes] = states[entityId] ?? ["unknown", {}];
      hass.states[entityId] = state(entityId, value, attributes);
      // The integration's translation keys of a unit's entities (material.py).
      const key =
        "source" in attributes
          ? "material_source"
          : entityId.endsWith("_remaining")
            ? "material_remaining"
            : entityId.startsWith("binary_sensor.")
              ? "unit_drying"
              : undefined;
      hass.entities[entityId] = {
        entity_id: entityId,
        platform: "octoeverywhere",
        device_id: unitId,
        translation_key: key,
      };
    }
  }
  const active = "sensor.sim_printer_active_material";
  hass.states[active] = state(active, ...(states[active] ?? ["unknown", {}]));
  hass.entities[active] = {
    entity_id: active,
    platform: "octoeverywhere",
    device_id: PRINTER,
    translation_key: "active_material",
  };
  return hass;
};

/** The same hass with one state replaced (a new object, as the frontend does). */
export const withState = (hass: FakeHass, entity: HassEntity): FakeHass => ({
  ...hass,
  states: { ...hass.states, [entity.entity_id]: entity },
});

export const entityOf = (hass: HomeAssistant, key: string, domain?: string): string => {
  const found = Object.values(hass.entities).find(
    (entry) =>
      entry.translation_key === key &&
      entry.device_id === PRINTER &&
      (!domain || entry.entity_id.startsWith(`${domain}.`)),
  );
  if (!found) throw new Error(`no ${key}`);
  return found.entity_id;
};
