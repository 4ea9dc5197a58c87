import { html, LitElement, type TemplateResult } from "lit";
import { label } from "./localize";
import { DOMAIN } from "./printer";
import type { LabelKey } from "./translations";
import type { HomeAssistant, PrinterCardConfig } from "./types";

const SWITCHES = ["show_camera", "show_temperatures", "show_materials", "show_controls"] as const;

const SCHEMA = [
  {
    name: "device_id",
    required: true,
    // Printers only: material units are devices of this integration too, without a manufacturer.
    selector: { device: { filter: { integration: DOMAIN, manufacturer: "OctoEverywhere" } } },
  },
  { name: "camera_entity", selector: { entity: { filter: { domain: "camera" } } } },
  {
    type: "grid",
    name: "",
    schema: SWITCHES.map((name) => ({ name, selector: { boolean: {} } })),
  },
];

type CardHelpers = {
  createCardElement: (config: Record<string, unknown>) => Promise<HTMLElement>;
};

/** Home Assistant loads ha-form with its own card editors: have it load one. */
const loadHaForm = async (): Promise<void> => {
  if (customElements.get("ha-form")) return;
  const load = (window as unknown as { loadCardHelpers?: () => Promise<CardHelpers> })
    .loadCardHelpers;
  if (!load) return;
  const helpers = await load();
  const card = await helpers.createCardElement({ type: "glance", entities: [] });
  const editor = (card.constructor as { getConfigElement?: () => Promise<unknown> })
    .getConfigElement;
  await editor?.call(card.constructor);
};

export class OctoEverywherePrinterCardEditor extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _ready: { state: true },
  };

  declare hass?: HomeAssistant;
  declare _config?: PrinterCardConfig;
  declare _ready: boolean;

  constructor() {
    super();
    this._ready = Boolean(customElements.get("ha-form"));
  }

  setConfig(config: PrinterCardConfig): void {
    this._config = config;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._ready) {
      loadHaForm().then(() => customElements.whenDefined("ha-form")).then(() => {
        this._ready = true;
      });
    }
  }

  protected override render(): TemplateResult {
    if (!this.hass || !this._config || !this._ready) return html``;
    const data = {
      ...Object.fromEntries(SWITCHES.map((name) => [name, true])),
      ...this._config,
    };
    return html`<ha-form
      .hass=${this.hass}
      .data=${data}
      .schema=${SCHEMA}
      .computeLabel=${(schema: { name: string }) =>
        label(this.hass, `editor.${schema.name}` as LabelKey)}
      @value-changed=${this._changed}
    ></ha-form>`;
  }

  private _changed(ev: CustomEvent<{ value: Record<string, unknown> }>): void {
    ev.stopPropagation();
    const config: Record<string, unknown> = { ...ev.detail.value };
    // Defaults are left out of the YAML.
    for (const name of SWITCHES) {
      if (config[name] === true) delete config[name];
    }
    if (!config.camera_entity) delete config.camera_entity;
    this.dispatchEvent(
      new CustomEvent("config-changed", {
        detail: { config },
        bubbles: true,
        composed: true,
      }),
    );
  }
}
