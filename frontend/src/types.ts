// The parts of Home Assistant's frontend objects the card uses (home-assistant/frontend,
// src/types.ts and src/data/*_registry.ts), typed here instead of depending on the frontend.

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
}

/** An entry of `hass.entities`: the entity registry "for display" (enabled entities only). */
export interface EntityRegistryDisplayEntry {
  entity_id: string;
  platform: string;
  device_id?: string;
  translation_key?: string;
  entity_category?: "config" | "diagnostic";
  name?: string | null;
  hidden?: boolean;
}

export interface DeviceRegistryEntry {
  id: string;
  name: string | null;
  name_by_user: string | null;
  via_device_id: string | null;
  manufacturer?: string | null;
  model?: string | null;
}

export interface FrontendLocaleData {
  language: string;
  /** "language" | "system" | "12" | "24" */
  time_format: string;
  /** "local" | "server" */
  time_zone: string;
}

export interface HomeAssistant {
  states: Record<string, HassEntity>;
  entities: Record<string, EntityRegistryDisplayEntry>;
  devices: Record<string, DeviceRegistryEntry>;
  locale: FrontendLocaleData;
  language: string;
  config: { time_zone: string };
  localize: (key: string, ...args: unknown[]) => string;
  formatEntityState: (stateObj: HassEntity, state?: string) => string;
  hassUrl: (path?: string) => string;
  callService: (
    domain: string,
    service: string,
    data?: Record<string, unknown>,
  ) => Promise<unknown>;
}

export interface PrinterCardConfig {
  type: string;
  device_id?: string;
  camera_entity?: string;
  show_camera?: boolean;
  show_temperatures?: boolean;
  show_controls?: boolean;
  show_materials?: boolean;
}
