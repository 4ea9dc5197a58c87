import { css } from "lit";

// Home Assistant's theme variables, so the card follows light, dark and custom themes.
export const cardStyles = css`
  :host {
    display: block;
  }
  ha-card {
    height: 100%;
    overflow: hidden;
    display: flex;
    flex-direction: column;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 12px 16px;
  }
  .header ha-icon {
    color: var(--state-icon-color, var(--primary-color));
    flex: none;
  }
  .title {
    flex: 1;
    min-width: 0;
  }
  .name {
    font-size: var(--ha-font-size-l, 16px);
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    margin: 0;
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 4px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border-radius: 12px;
    padding: 2px 10px;
    font-size: var(--ha-font-size-s, 12px);
    font-weight: var(--ha-font-weight-medium, 500);
    line-height: 18px;
    color: var(--chip-color, var(--secondary-text-color));
    background: color-mix(in srgb, var(--chip-color, var(--secondary-text-color)) 16%, transparent);
    --mdc-icon-size: 14px;
  }
  button.chip {
    border: none;
    cursor: pointer;
    font-family: inherit;
  }
  button.plain {
    all: unset;
    cursor: pointer;
  }
  .chip.active {
    --chip-color: var(--primary-color);
  }
  .chip.paused,
  .chip.warn {
    --chip-color: var(--warning-color, #ff9800);
  }
  .chip.done,
  .chip.ok {
    --chip-color: var(--success-color, #4caf50);
  }
  .chip.error,
  .chip.alert,
  .chip.offline {
    --chip-color: var(--error-color, #db4437);
  }
  .offline-message {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 0 16px 16px;
    color: var(--secondary-text-color);
  }
  .offline-message ha-icon {
    --mdc-icon-size: 32px;
    color: var(--disabled-text-color, var(--secondary-text-color));
  }
  .camera {
    display: block;
    width: 100%;
    padding: 0;
    border: none;
    background: var(--secondary-background-color, #000);
    cursor: pointer;
    aspect-ratio: 16 / 9;
  }
  .camera img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  section {
    padding: 12px 16px 0;
  }
  section:last-child {
    padding-bottom: 16px;
  }
  h3 {
    margin: 0 0 8px;
    font-size: var(--ha-font-size-s, 12px);
    font-weight: var(--ha-font-weight-medium, 500);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--secondary-text-color);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: 16px;
  }
  .ring {
    position: relative;
    width: 72px;
    height: 72px;
    flex: none;
  }
  .ring svg {
    transform: rotate(-90deg);
  }
  .ring circle {
    fill: none;
    stroke-width: 7;
  }
  .ring .track {
    stroke: var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .ring .bar {
    stroke: var(--primary-color);
    stroke-linecap: round;
    transition: stroke-dashoffset 0.5s;
  }
  .ring .percent {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
  }
  .job {
    flex: 1;
    min-width: 0;
  }
  .file {
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    margin-bottom: 4px;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(90px, 1fr));
    gap: 4px 12px;
    margin: 0;
  }
  dt {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  dd {
    margin: 0;
    color: var(--primary-text-color);
    white-space: nowrap;
  }
  .temps {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
    gap: 8px;
  }
  .temp {
    border-radius: 12px;
    padding: 8px 10px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
  }
  .temp.active {
    outline: 2px solid var(--primary-color);
  }
  .temp .value {
    font-size: var(--ha-font-size-l, 16px);
    color: var(--primary-text-color);
    white-space: nowrap;
  }
  .temp .target {
    display: flex;
    align-items: center;
    gap: 4px;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .temp input {
    width: 4.5em;
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, transparent);
    border: 1px solid var(--divider-color, #888);
    border-radius: 6px;
    padding: 1px 4px;
  }
  .group + .group {
    margin-top: 8px;
  }
  .group-name {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
    margin-bottom: 4px;
  }
  .slots {
    display: flex;
    flex-wrap: wrap;
    gap: 10px;
  }
  .slot {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 2px;
    width: 52px;
    padding: 0;
    border: none;
    background: none;
    color: var(--primary-text-color);
    font: inherit;
    font-size: var(--ha-font-size-s, 12px);
    cursor: pointer;
  }
  .swatch {
    width: 30px;
    height: 30px;
    border-radius: 50%;
    box-sizing: border-box;
    border: 1px solid var(--divider-color, rgba(127, 127, 127, 0.5));
    background: var(--swatch-color, transparent);
  }
  .slot.empty .swatch {
    border: 2px dashed var(--disabled-text-color, #999);
  }
  .slot.active .swatch {
    box-shadow:
      0 0 0 2px var(--card-background-color, #fff),
      0 0 0 4px var(--primary-color);
  }
  .slot.active .slot-text {
    color: var(--primary-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .slot-text,
  .slot-detail {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .slot-detail {
    color: var(--secondary-text-color);
    font-size: 11px;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 12px;
    flex-wrap: wrap;
  }
  .gadget .scale {
    position: relative;
    flex: 1;
    min-width: 120px;
    height: 8px;
    border-radius: 4px;
    background: linear-gradient(
      90deg,
      var(--success-color, #4caf50),
      var(--warning-color, #ff9800),
      var(--error-color, #db4437)
    );
  }
  .gadget .marker {
    position: absolute;
    top: -4px;
    width: 4px;
    height: 16px;
    margin-left: -2px;
    border-radius: 2px;
    background: var(--primary-text-color);
  }
  .gadget .score {
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
  }
  .hint {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .last .file {
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .actions button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 36px;
    padding: 0 14px;
    border-radius: 18px;
    border: 1px solid var(--divider-color, rgba(127, 127, 127, 0.4));
    background: none;
    color: var(--primary-text-color);
    font: inherit;
    font-weight: var(--ha-font-weight-medium, 500);
    cursor: pointer;
    --mdc-icon-size: 18px;
  }
  .actions button:hover {
    background: color-mix(in srgb, var(--primary-text-color) 6%, transparent);
  }
  .actions button.on {
    color: var(--state-light-active-color, var(--amber-color, #ffc107));
    border-color: currentColor;
  }
  .actions button.danger {
    color: var(--error-color, #db4437);
    border-color: currentColor;
  }
  .actions button.primary {
    background: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
    border-color: transparent;
  }
  button:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .confirm {
    width: 100%;
    margin: 0 0 4px;
    color: var(--primary-text-color);
  }
  .message {
    padding: 16px;
    color: var(--secondary-text-color);
  }
`;
