import { TRANSLATIONS, type LabelKey } from "./translations";
import type { HomeAssistant } from "./types";

/** One of the card's own labels in the user's language (English when it has none). */
export const label = (
  hass: Pick<HomeAssistant, "locale" | "language"> | undefined,
  key: LabelKey,
  values: Record<string, string | number> = {},
): string => {
  const language = hass?.locale?.language ?? hass?.language ?? "en";
  const text =
    TRANSLATIONS[language]?.[key] ??
    TRANSLATIONS[language.split("-")[0]]?.[key] ??
    TRANSLATIONS.en[key] ??
    key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
};
