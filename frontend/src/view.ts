// What the card shows for a printer, worked out from its entities: each part only when the
// printer has it and it has a value. Pure data, so it is tested without a browser.

import { formatFinish, hasValue, numeric, safeColor } from "./format";
import { label } from "./localize";
import { deviceName, type PrinterEntities, type SingleKey } from "./printer";
import type { HassEntity, HomeAssistant, PrinterCardConfig } from "./types";

export type StateKind = "active" | "paused" | "done" | "error" | "idle" | "offline" | "unknown";

export interface TargetView {
  entity: string;
  text: string;
  /** A number entity: the card can change it. */
  editable: boolean;
  value: number | null;
  min: number;
  max: number;
  step: number;
}

export interface TemperatureView {
  key: string;
  label: string;
  entity: string;
  current: string;
  target?: TargetView;
  active?: boolean;
}

export interface SlotView {
  entity: string;
  color: string | null;
  empty: boolean;
  active: boolean;
  /** The material type, "Empty" or "Unknown". */
  text: string;
  /** Everything about it, for the tooltip and screen readers. */
  description: string;
  remaining: number | null;
}

export interface ControlView {
  action: "pause" | "resume" | "cancel" | "home";
  entity: string;
  label: string;
  icon: string;
}

export interface CardView {
  name: string;
  state: { entity?: string; text: string; kind: StateKind };
  connected: boolean | null;
  gadgetWarning: boolean;
  /** Set when the printer is offline or unreachable: the card shows nothing else. */
  offline?: "offline" | "unavailable";
  camera?: { entity: string; name: string; picture: string | null };
  progress?: {
    percent: number | null;
    text: string | null;
    file: string | null;
    timeLeft: string | null;
    finish: string | null;
    layer: string | null;
  };
  temperatures: TemperatureView[];
  materials: { name: string | null; slots: SlotView[] }[];
  gadget?: { score: string; value: number; level: "ok" | "warn" | "alert" };
  lastPrint?: { result: string; kind: string; file: string | null; duration: string | null };
  lights: { entity: string; name: string; on: boolean }[];
  controls: ControlView[];
}

const ACTIVE = new Set(["warmingup", "printing", "resuming"]);

const stateKind = (state: string | undefined): StateKind => {
  if (state === undefined) return "unknown";
  if (ACTIVE.has(state)) return "active";
  if (state === "paused") return "paused";
  if (state === "complete") return "done";
  if (state === "error" || state === "cancelled") return "error";
  if (state === "idle") return "idle";
  if (state === "offline" || state === "unavailable") return "offline";
  return "unknown";
};

const CONTROLS: { action: ControlView["action"]; icon: string }[] = [
  { action: "pause", icon: "mdi:pause" },
  { action: "resume", icon: "mdi:play" },
  { action: "cancel", icon: "mdi:stop" },
  { action: "home", icon: "mdi:home-import-outline" },
];

const HEATERS = [
  ["hotend", "hotend_temperature", "hotend_target"],
  ["bed", "bed_temperature", "bed_target"],
  ["chamber", "chamber_temperature", "chamber_target"],
] as const;

/** Gadget's OctoEverywhere colour (with an AppToken), else its warning. */
const gadgetLevel = (
  warning: boolean,
  status: HassEntity | undefined,
): "ok" | "warn" | "alert" => {
  if (warning) return "alert";
  const color = status?.attributes.status_color;
  if (color === "r") return "alert";
  if (color === "y") return "warn";
  return "ok";
};

export const buildView = (
  hass: HomeAssistant,
  printer: PrinterEntities,
  config: PrinterCardConfig,
): CardView => {
  const entity = (key: SingleKey): HassEntity | undefined => {
    const id = printer.entities[key];
    return id === undefined ? undefined : hass.states[id];
  };
  const format = (key: SingleKey): string | null => {
    const state = entity(key);
    return hasValue(state) ? hass.formatEntityState(state) : null;
  };
  const entityName = (id: string): string => {
    const name = hass.entities[id]?.name;
    const friendly = hass.states[id]?.attributes.friendly_name;
    return name || (typeof friendly === "string" ? friendly : id);
  };

  const stateEntity = entity("state");
  const connected = entity("connected");
  const view: CardView = {
    name: deviceName(printer.device),
    state: {
      entity: printer.entities.state,
      text: stateEntity ? hass.formatEntityState(stateEntity) : "",
      kind: stateKind(stateEntity?.state),
    },
    connected: hasValue(connected) ? connected.state === "on" : null,
    gadgetWarning: entity("gadget_warning")?.state === "on",
    temperatures: [],
    materials: [],
    lights: [],
    controls: [],
  };
  // One clear view when the printer is away: never a card full of "unavailable".
  if (stateEntity === undefined || stateEntity.state === "unavailable") {
    view.offline = "unavailable";
    view.state.kind = "offline";
    return view;
  }
  if (stateEntity.state === "offline" || view.connected === false) {
    view.offline = "offline";
    view.state.kind = "offline";
    return view;
  }

  const cameraId = config.camera_entity || printer.cameras[0];
  const camera = cameraId ? hass.states[cameraId] : undefined;
  if (config.show_camera !== false && camera && camera.state !== "unavailable") {
    const picture = camera.attributes.entity_picture;
    view.camera = {
      entity: camera.entity_id,
      name: entityName(camera.entity_id),
      picture: typeof picture === "string" ? picture : null,
    };
  }

  const state = stateEntity.state;
  const jobShown = ACTIVE.has(state) || state === "paused" || state === "complete";
  if (jobShown) {
    const current = format("current_layer");
    const total = format("total_layers");
    const finish = entity("estimated_finish");
    view.progress = {
      percent: numeric(entity("progress")),
      text: format("progress"),
      file: format("file_name"),
      timeLeft: state === "complete" ? null : format("time_remaining"),
      finish:
        state !== "complete" && hasValue(finish) ? formatFinish(hass, finish.state) : null,
      layer:
        current !== null && total !== null
          ? label(hass, "progress.layer_value", { current, total })
          : null,
    };
  }

  if (config.show_temperatures !== false) {
    for (const [key, actual, target] of HEATERS) {
      const temperature = entity(actual);
      if (!hasValue(temperature)) continue;
      const view_: TemperatureView = {
        key,
        label: label(hass, `temperature.${key}`),
        entity: temperature.entity_id,
        current: hass.formatEntityState(temperature),
      };
      const targetEntity = entity(target);
      const editable = targetEntity?.entity_id.startsWith("number.") ?? false;
      // A target that cannot be set is shown only while the heater is on.
      if (hasValue(targetEntity) && (editable || numeric(targetEntity) !== 0)) {
        const attributes = targetEntity.attributes;
        view_.target = {
          entity: targetEntity.entity_id,
          text: hass.formatEntityState(targetEntity),
          editable,
          value: numeric(targetEntity),
          min: Number(attributes.min ?? 0),
          max: Number(attributes.max ?? 300),
          step: Number(attributes.step ?? 1),
        };
      }
      view.temperatures.push(view_);
    }
    for (const tool of printer.tools) {
      const temperature = hass.states[tool.temperature];
      if (!hasValue(temperature)) continue;
      const target = tool.target ? hass.states[tool.target] : undefined;
      view.temperatures.push({
        key: tool.temperature,
        label: entityName(tool.temperature),
        entity: tool.temperature,
        current: hass.formatEntityState(temperature),
        active: tool.active ? hass.states[tool.active]?.state === "on" : undefined,
        target:
          hasValue(target) && numeric(target) !== 0
          ? {
              entity: target.entity_id,
              text: hass.formatEntityState(target),
              editable: false,
              value: numeric(target),
              min: 0,
              max: 0,
              step: 1,
            }
          : undefined,
      });
    }
  }

  if (config.show_materials !== false) {
    for (const group of printer.materials) {
      const slots: SlotView[] = [];
      for (const id of group.sources) {
        const source = hass.states[id];
        if (!source || source.state === "unavailable") continue;
        const attributes = source.attributes;
        const empty = source.state === "empty";
        const known = hasValue(source);
        const text = empty
          ? label(hass, "material.empty")
          : known
            ? source.state
            : label(hass, "material.unknown");
        const remaining =
          typeof attributes.remaining_percent === "number" ? attributes.remaining_percent : null;
        const active = attributes.active === true;
        const parts = [
          typeof attributes.source === "string" ? attributes.source : entityName(id),
          typeof attributes.material_name === "string" ? attributes.material_name : text,
        ];
        if (remaining !== null) {
          parts.push(label(hass, "material.remaining", { percent: Math.round(remaining) }));
        }
        if (active) parts.push(label(hass, "material.active"));
        slots.push({
          entity: id,
          color: empty ? null : safeColor(attributes.color),
          empty,
          active,
          text,
          description: parts.join(", "),
          remaining,
        });
      }
      if (slots.length > 0) view.materials.push({ name: group.name, slots });
    }
  }

  const score = entity("gadget_score");
  const scoreValue = numeric(score);
  if (score && scoreValue !== null) {
    view.gadget = {
      score: hass.formatEntityState(score),
      value: scoreValue,
      level: gadgetLevel(view.gadgetWarning, entity("gadget_status")),
    };
  }

  const result = entity("last_print_result");
  if (!jobShown && hasValue(result)) {
    view.lastPrint = {
      result: hass.formatEntityState(result),
      kind: result.state,
      file: format("last_print_file"),
      duration: format("last_print_duration"),
    };
  }

  if (config.show_controls !== false) {
    for (const id of printer.lights) {
      const light = hass.states[id];
      if (!hasValue(light)) continue;
      view.lights.push({ entity: id, name: entityName(id), on: light.state === "on" });
    }
    for (const { action, icon } of CONTROLS) {
      const button = entity(action);
      // A button is available only in the states that allow it.
      if (!button || button.state === "unavailable") continue;
      view.controls.push({
        action,
        entity: button.entity_id,
        label: label(hass, `control.${action}`),
        icon,
      });
    }
  }
  return view;
};
