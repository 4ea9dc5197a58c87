// The card's own labels, one flat JSON file per language. To add a language: copy en.json to
// <language>.json, translate the values (keep the {placeholders}) and add it below.
import en from "./en.json";

export type Labels = typeof en;
export type LabelKey = keyof Labels;

export const TRANSLATIONS: Record<string, Partial<Labels>> = { en };
