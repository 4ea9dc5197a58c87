import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { label } from "./localize";
import { findPrinterEntities, printerDevices, type PrinterEntities } from "./printer";
import { cardStyles } from "./styles";
import type { HomeAssistant, PrinterCardConfig } from "./types";
import { buildView, type CardView, type ControlView, type TemperatureView } from "./view";

export const CARD_TAG = "octoeverywhere-printer-card";
export const EDITOR_TAG = "octoeverywhere-printer-card-editor";

// How often the webcam still is fetched again while shown (Home Assistant's cards: 10 s).
const CAMERA_REFRESH_MS = 10_000;
const RING = 2 * Math.PI * 30;

export class OctoEverywherePrinterCard extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _confirmCancel: { state: true },
  };

  static override styles = cardStyles;

  declare hass?: HomeAssistant;
  declare _config?: PrinterCardConfig;
  declare _confirmCancel: boolean;

  // Entity discovery, kept until the registries or the device change.
  private _printer?: PrinterEntities;
  private _printerFrom?: [unknown, unknown, string | undefined];
  private _cameraTimer?: number;

  constructor() {
    super();
    this._confirmCancel = false;
  }

  static getConfigElement(): HTMLElement {
    return document.createElement(EDITOR_TAG);
  }

  static getStubConfig(hass: HomeAssistant): PrinterCardConfig {
    const printer = printerDevices(hass)[0];
    return { type: `custom:${CARD_TAG}`, ...(printer ? { device_id: printer.id } : {}) };
  }

  setConfig(config: PrinterCardConfig): void {
    if (!config || typeof config !== "object") {
      throw new Error("Invalid configuration");
    }
    if (config.device_id !== undefined && typeof config.device_id !== "string") {
      throw new Error("device_id must be a device id");
    }
    this._config = config;
    this._confirmCancel = false;
  }

  getCardSize(): number {
    const view = this._view();
    if (!view || view.offline) return 2;
    return (
      1 +
      (view.camera ? 4 : 0) +
      (view.progress ? 2 : 0) +
      (view.temperatures.length ? 2 : 0) +
      (view.materials.length ? 2 : 0) +
      (view.gadget || view.lastPrint ? 1 : 0) +
      (view.controls.length || view.lights.length ? 1 : 0)
    );
  }

  getGridOptions(): Record<string, unknown> {
    return { columns: 12, rows: "auto", min_columns: 6 };
  }

  /** The printer's entities, found again only when the registries or the device change. */
  private _entities(): PrinterEntities | undefined {
    const hass = this.hass;
    const deviceId = this._config?.device_id;
    if (!hass || !deviceId) return undefined;
    const from = this._printerFrom;
    if (!from || from[0] !== hass.entities || from[1] !== hass.devices || from[2] !== deviceId) {
      this._printer = findPrinterEntities(hass, deviceId);
      this._printerFrom = [hass.entities, hass.devices, deviceId];
    }
    return this._printer;
  }

  private _view(): CardView | undefined {
    const printer = this._entities();
    return this.hass && this._config && printer
      ? buildView(this.hass, printer, this._config)
      : undefined;
  }

  // Home Assistant sets `hass` on every state change anywhere: render only when it matters.
  protected override shouldUpdate(changed: PropertyValues): boolean {
    if (!changed.has("hass") || changed.size > 1) return true;
    const old = changed.get("hass") as HomeAssistant | undefined;
    const hass = this.hass;
    if (!old || !hass) return true;
    if (
      old.locale !== hass.locale ||
      old.localize !== hass.localize ||
      old.formatEntityState !== hass.formatEntityState
    ) {
      return true;
    }
    // A registry change (rare) may rename or add the printer's entities: render.
    const before = this._printer;
    const printer = this._entities();
    if (printer !== before) return true;
    const watched = printer?.watched ?? [];
    return watched.some((id) => old.states[id] !== hass.states[id]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._cameraTimer = window.setInterval(() => this._refreshCamera(), CAMERA_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this._cameraTimer);
  }

  /** A new still, without rendering the card again. */
  private _refreshCamera(): void {
    const img = this.renderRoot?.querySelector<HTMLImageElement>(".camera img");
    const base = img?.dataset.src;
    if (img && base && document.visibilityState === "visible") {
      img.src = `${base}${base.includes("?") ? "&" : "?"}t=${Date.now()}`;
    }
  }

  protected override render(): TemplateResult {
    const hass = this.hass;
    if (!hass || !this._config) return html``;
    if (!this._config.device_id) {
      return html`<ha-card><div class="message">${label(hass, "card.no_device")}</div></ha-card>`;
    }
    const view = this._view();
    if (!view) {
      return html`<ha-card
        ><div class="message">${label(hass, "card.device_missing")}</div></ha-card
      >`;
    }
    return html`<ha-card>
      ${this._header(view)}
      ${view.offline
        ? html`<div class="offline-message" role="status">
            <ha-icon icon="mdi:printer-3d-off" aria-hidden="true"></ha-icon>
            <span>${label(hass, `offline.${view.offline}`)}</span>
          </div>`
        : html`${this._camera(view)}${this._progress(view)}${this._temperatures(view)}
          ${this._materials(view)}${this._gadgetAndLastPrint(view)}${this._actions(view)}`}
    </ha-card>`;
  }

  private _header(view: CardView): TemplateResult {
    const hass = this.hass!;
    return html`<div class="header">
      <ha-icon icon="mdi:printer-3d" aria-hidden="true"></ha-icon>
      <div class="title">
        <h2 class="name">${view.name}</h2>
        <div class="badges">
          <button
            class="chip state ${view.state.kind}"
            @click=${() => this._moreInfo(view.state.entity)}
          >
            ${view.state.text}
          </button>
          ${view.connected === null || view.offline
            ? nothing
            : html`<span class="chip connection ${view.connected ? "ok" : "offline"}">
                <ha-icon
                  icon=${view.connected ? "mdi:lan-connect" : "mdi:lan-disconnect"}
                  aria-hidden="true"
                ></ha-icon>
                ${label(hass, view.connected ? "status.connected" : "status.not_connected")}
              </span>`}
          ${view.gadgetWarning && !view.offline
            ? html`<span class="chip alert gadget-warning" role="alert">
                <ha-icon icon="mdi:alert" aria-hidden="true"></ha-icon>
                ${label(hass, "status.gadget_warning")}
              </span>`
            : nothing}
        </div>
      </div>
    </div>`;
  }

  private _camera(view: CardView): TemplateResult | typeof nothing {
    const camera = view.camera;
    if (!camera || !camera.picture) return nothing;
    return html`<button
      class="camera"
      aria-label=${label(this.hass, "camera.open", { name: camera.name })}
      @click=${() => this._moreInfo(camera.entity)}
    >
      <img src=${camera.picture} data-src=${camera.picture} alt=${camera.name} />
    </button>`;
  }

  private _progress(view: CardView): TemplateResult | typeof nothing {
    const progress = view.progress;
    if (!progress) return nothing;
    const hass = this.hass!;
    const percent = Math.max(0, Math.min(100, progress.percent ?? 0));
    const details: [string, string | null][] = [
      [label(hass, "progress.time_left"), progress.timeLeft],
      [label(hass, "progress.finish"), progress.finish],
      [label(hass, "progress.layer"), progress.layer],
    ];
    return html`<section class="progress">
      <div
        class="ring"
        role="progressbar"
        aria-label=${label(hass, "progress.label")}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(percent)}
      >
        <svg viewBox="0 0 72 72" width="72" height="72" aria-hidden="true">
          <circle class="track" cx="36" cy="36" r="30"></circle>
          <circle
            class="bar"
            cx="36"
            cy="36"
            r="30"
            stroke-dasharray=${RING}
            stroke-dashoffset=${RING * (1 - percent / 100)}
          ></circle>
        </svg>
        <span class="percent">${progress.text ?? "–"}</span>
      </div>
      <div class="job">
        ${progress.file ? html`<div class="file" title=${progress.file}>${progress.file}</div>` : nothing}
        <dl>
          ${details.map(([name, value]) =>
            value === null ? nothing : html`<div><dt>${name}</dt><dd>${value}</dd></div>`,
          )}
        </dl>
      </div>
    </section>`;
  }

  private _temperatures(view: CardView): TemplateResult | typeof nothing {
    if (!view.temperatures.length) return nothing;
    return html`<section>
      <h3>${label(this.hass, "temperature.title")}</h3>
      <div class="temps">${view.temperatures.map((item) => this._temperature(item))}</div>
    </section>`;
  }

  private _temperature(item: TemperatureView): TemplateResult {
    const target = item.target;
    return html`<div class="temp ${item.active ? "active" : ""}">
      <div class="hint">${item.label}</div>
      <div class="value">
        <button class="plain" @click=${() => this._moreInfo(item.entity)}>
          ${item.current}
        </button>
      </div>
      ${target
        ? html`<div class="target">
            ${label(this.hass, "temperature.target")}
            ${target.editable
              ? html`<input
                  type="number"
                  inputmode="decimal"
                  aria-label=${label(this.hass, "temperature.set_target", { heater: item.label })}
                  .value=${target.value === null ? "" : String(target.value)}
                  min=${target.min}
                  max=${target.max}
                  step=${target.step}
                  @change=${(ev: Event) => this._setTarget(ev, target.entity)}
                />`
              : html`<span>${target.text}</span>`}
          </div>`
        : nothing}
    </div>`;
  }

  private _materials(view: CardView): TemplateResult | typeof nothing {
    if (!view.materials.length) return nothing;
    return html`<section class="materials">
      <h3>${label(this.hass, "material.title")}</h3>
      ${view.materials.map(
        (group) => html`<div class="group" role="group" aria-label=${group.name ?? view.name}>
          ${group.name ? html`<div class="group-name">${group.name}</div>` : nothing}
          <div class="slots">
            ${group.slots.map(
              (slot) => html`<button
                class="slot ${slot.empty ? "empty" : ""} ${slot.active ? "active" : ""}"
                title=${slot.description}
                aria-label=${slot.description}
                @click=${() => this._moreInfo(slot.entity)}
              >
                <span
                  class="swatch"
                  style=${slot.color ? `--swatch-color:${slot.color}` : ""}
                ></span>
                <span class="slot-text">${slot.text}</span>
                ${slot.remaining !== null
                  ? html`<span class="slot-detail">${Math.round(slot.remaining)} %</span>`
                  : nothing}
              </button>`,
            )}
          </div>
        </div>`,
      )}
    </section>`;
  }

  private _gadgetAndLastPrint(view: CardView): TemplateResult | typeof nothing {
    const hass = this.hass!;
    const gadget = view.gadget;
    const last = view.lastPrint;
    if (!gadget && !last) return nothing;
    // The score's scale is not documented; the bar spans 0–10, lower is better.
    const position = gadget ? Math.max(0, Math.min(100, gadget.value * 10)) : 0;
    return html`${gadget
      ? html`<section class="gadget">
          <div class="row">
            <span class="chip ${gadget.level}">${label(hass, "gadget.title")}</span>
            <span class="score" aria-label=${label(hass, "gadget.score")}>${gadget.score}</span>
            <div class="scale" aria-hidden="true" title=${label(hass, "gadget.scale")}>
              <div class="marker" style="left:${position}%"></div>
            </div>
          </div>
        </section>`
      : nothing}
    ${last
      ? html`<section class="last">
          <h3>${label(hass, "last_print.title")}</h3>
          <div class="row">
            <span class="chip ${last.kind === "complete" ? "done" : "error"}">${last.result}</span>
            ${last.file ? html`<span class="file">${last.file}</span>` : nothing}
            ${last.duration ? html`<span class="hint">${last.duration}</span>` : nothing}
          </div>
        </section>`
      : nothing}`;
  }

  private _actions(view: CardView): TemplateResult | typeof nothing {
    if (!view.lights.length && !view.controls.length) return nothing;
    const hass = this.hass!;
    if (this._confirmCancel) {
      const cancel = view.controls.find((control) => control.action === "cancel");
      if (cancel) {
        return html`<section class="actions" role="alertdialog" aria-labelledby="confirm">
          <p class="confirm" id="confirm">${label(hass, "control.cancel_confirm")}</p>
          <button class="keep" @click=${() => (this._confirmCancel = false)}>
            ${label(hass, "control.cancel_no")}
          </button>
          <button class="primary confirm-cancel" @click=${() => this._press(cancel)}>
            <ha-icon icon="mdi:stop" aria-hidden="true"></ha-icon>
            ${label(hass, "control.cancel_yes")}
          </button>
        </section>`;
      }
    }
    return html`<section class="actions">
      ${view.lights.map(
        (light) => html`<button
          class="light ${light.on ? "on" : ""}"
          aria-pressed=${light.on ? "true" : "false"}
          aria-label=${label(hass, "light.toggle", { name: light.name })}
          @click=${() => hass.callService("light", "toggle", { entity_id: light.entity })}
        >
          <ha-icon icon=${light.on ? "mdi:lightbulb-on" : "mdi:lightbulb-outline"}></ha-icon>
          ${light.name}
        </button>`,
      )}
      ${view.controls.map(
        (control) => html`<button
          class="control ${control.action} ${control.action === "cancel" ? "danger" : ""}"
          @click=${() => this._onControl(control)}
        >
          <ha-icon icon=${control.icon} aria-hidden="true"></ha-icon>
          ${control.label}
        </button>`,
      )}
    </section>`;
  }

  private _onControl(control: ControlView): void {
    if (control.action === "cancel") {
      // A cancelled print cannot be resumed: ask first.
      this._confirmCancel = true;
      this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLButtonElement>(".keep")?.focus(),
      );
      return;
    }
    this._press(control);
  }

  private _press(control: ControlView): void {
    this._confirmCancel = false;
    this.hass?.callService("button", "press", { entity_id: control.entity });
  }

  private _setTarget(ev: Event, entity: string): void {
    const input = ev.target as HTMLInputElement;
    const value = Number(input.value);
    if (input.value === "" || !Number.isFinite(value)) return;
    this.hass?.callService("number", "set_value", { entity_id: entity, value });
  }

  private _moreInfo(entityId: string | undefined): void {
    if (!entityId) return;
    this.dispatchEvent(
      new CustomEvent("hass-more-info", {
        detail: { entityId },
        bubbles: true,
        composed: true,
      }),
    );
  }
}
