// Finding a printer's entities from its device, through the entity registry as the frontend
// sees it (`hass.entities`: platform, device and translation key), never from entity ids, so
// renamed entities keep working.

import type { DeviceRegistryEntry, HomeAssistant } from "./types";

export const DOMAIN = "octoeverywhere";

/** Entities of which a printer has at most one, by translation key. */
export const SINGLE_KEYS = [
  "state",
  "progress",
  "time_remaining",
  "estimated_finish",
  "file_name",
  "current_layer",
  "total_layers",
  "hotend_temperature",
  "hotend_target",
  "bed_temperature",
  "bed_target",
  "chamber_temperature",
  "chamber_target",
  "gadget_score",
  "gadget_warning",
  "gadget_status",
  "connected",
  "last_print_result",
  "last_print_file",
  "last_print_duration",
  "active_material",
  "pause",
  "resume",
  "cancel",
  "home",
] as const;
export type SingleKey = (typeof SINGLE_KEYS)[number];

export interface MaterialGroup {
  /** The unit's device (an AMS, a CFS box), or null for sources on the printer itself. */
  deviceId: string | null;
  name: string | null;
  sources: string[];
}

export interface Tool {
  temperature: string;
  target?: string;
  active?: string;
}

export interface PrinterEntities {
  deviceId: string;
  device: DeviceRegistryEntry;
  entities: Partial<Record<SingleKey, string>>;
  lights: string[];
  cameras: string[];
  materials: MaterialGroup[];
  tools: Tool[];
  /** Every entity above: the card re-renders only when one of these changes. */
  watched: string[];
}

const SINGLE = new Set<string>(SINGLE_KEYS);

export const deviceName = (device: DeviceRegistryEntry): string =>
  device.name_by_user || device.name || "";

/** Devices of this integration that are printers (they have a state sensor), by name. */
export const printerDevices = (hass: HomeAssistant): DeviceRegistryEntry[] => {
  const ids = new Set<string>();
  for (const entry of Object.values(hass.entities)) {
    if (
      entry.platform === DOMAIN &&
      entry.translation_key === "state" &&
      entry.device_id
    ) {
      ids.add(entry.device_id);
    }
  }
  return [...ids]
    .map((id) => hass.devices[id])
    .filter((device): device is DeviceRegistryEntry => device !== undefined)
    .sort((a, b) => deviceName(a).localeCompare(deviceName(b)));
};

/** The printer's entities, or undefined when the device is not (anymore) in the registry. */
export const findPrinterEntities = (
  hass: HomeAssistant,
  deviceId: string,
): PrinterEntities | undefined => {
  const device = hass.devices[deviceId];
  if (!device) {
    return undefined;
  }
  // Material units are devices of their own, connected via the printer.
  const units = new Map<string, MaterialGroup>();
  for (const other of Object.values(hass.devices)) {
    if (other.via_device_id === deviceId) {
      units.set(other.id, {
        deviceId: other.id,
        name: deviceName(other),
        sources: [],
      });
    }
  }
  const own: MaterialGroup = { deviceId: null, name: null, sources: [] };
  const result: PrinterEntities = {
    deviceId,
    device,
    entities: {},
    lights: [],
    cameras: [],
    materials: [],
    tools: [],
    watched: [],
  };
  const toolTemps: string[] = [];
  const toolTargets: string[] = [];
  const toolActive: string[] = [];
  for (const entry of Object.values(hass.entities)) {
    if (entry.platform !== DOMAIN || !entry.device_id) {
      continue;
    }
    const onPrinter = entry.device_id === deviceId;
    const unit = units.get(entry.device_id);
    if (!onPrinter && !unit) {
      continue;
    }
    const key = entry.translation_key ?? "";
    const id = entry.entity_id;
    const domain = id.slice(0, id.indexOf("."));
    if (key === "material_source") {
      (unit ?? own).sources.push(id);
    } else if (!onPrinter) {
      continue; // a unit's humidity, temperature, drying: not shown
    } else if (SINGLE.has(key)) {
      const current = result.entities[key as SingleKey];
      // A heater target is a number where it can be set, else a sensor: prefer the number.
      if (current === undefined || domain === "number") {
        result.entities[key as SingleKey] = id;
      }
    } else if (domain === "light") {
      result.lights.push(id);
    } else if (domain === "camera") {
      result.cameras.push(id);
    } else if (key === "tool_temperature") {
      toolTemps.push(id);
    } else if (key === "tool_target") {
      toolTargets.push(id);
    } else if (key === "tool_active") {
      toolActive.push(id);
    }
  }
  // A printer with more than one tool: each tool's entities are created in tool order.
  result.tools = toolTemps.map((temperature, index) => ({
    temperature,
    target: toolTargets[index],
    active: toolActive[index],
  }));
  result.materials = [
    ...[...units.values()]
      .filter((group) => group.sources.length > 0)
      .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "", undefined, { numeric: true })),
    ...(own.sources.length > 0 ? [own] : []),
  ];
  result.watched = [
    ...Object.values(result.entities),
    ...result.lights,
    ...result.cameras,
    ...result.materials.flatMap((group) => group.sources),
    ...result.tools.flatMap((tool) =>
      [tool.temperature, tool.target, tool.active].filter(
        (id): id is string => id !== undefined,
      ),
    ),
  ];
  return result;
};
