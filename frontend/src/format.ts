// Formatting in the user's profile settings (language, 12/24 h, time zone), as Home Assistant
// does; entity states themselves go through hass.formatEntityState.

import type { HassEntity, HomeAssistant } from "./types";

const UNUSABLE = new Set(["unavailable", "unknown", ""]);

/** Whether an entity has a real value (not missing, unavailable or unknown). */
export const hasValue = (entity: HassEntity | undefined): entity is HassEntity =>
  entity !== undefined && !UNUSABLE.has(entity.state);

export const numeric = (entity: HassEntity | undefined): number | null => {
  if (!hasValue(entity)) {
    return null;
  }
  const value = Number(entity.state);
  return Number.isFinite(value) ? value : null;
};

/** The time zone the user's profile asks for: the server's, or the browser's (undefined). */
export const timeZone = (hass: HomeAssistant): string | undefined =>
  hass.locale.time_zone === "server" ? hass.config.time_zone : undefined;

const hour12 = (hass: HomeAssistant): boolean | undefined => {
  switch (hass.locale.time_format) {
    case "12":
      return true;
    case "24":
      return false;
    case "system": {
      const cycle = new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions()
        .hourCycle;
      return cycle === "h11" || cycle === "h12";
    }
    default:
      return undefined; // the language's own convention
  }
};

const dayKey = (date: Date, zone: string | undefined): string =>
  new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(date);

/**
 * When a print will end: the time alone when it is today, with the weekday within a week,
 * with the date beyond.
 */
export const formatFinish = (
  hass: HomeAssistant,
  value: string,
  now: Date = new Date(),
): string | null => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  const zone = timeZone(hass);
  const options: Intl.DateTimeFormatOptions = {
    hour: "numeric",
    minute: "2-digit",
    hour12: hour12(hass),
    timeZone: zone,
  };
  const days = (date.getTime() - now.getTime()) / 86_400_000;
  if (dayKey(date, zone) !== dayKey(now, zone)) {
    if (days < 6) {
      options.weekday = "short";
    } else {
      options.month = "short";
      options.day = "numeric";
    }
  }
  return new Intl.DateTimeFormat(hass.locale.language, options).format(date);
};

/** A colour a material reports, only when it is a plain #RRGGBB (it goes into a style). */
export const safeColor = (value: unknown): string | null =>
  typeof value === "string" && /^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(value) ? value : null;
