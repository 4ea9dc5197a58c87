// The card's own labels, one flat JSON file per language. To add a language: copy en.json to
// <language>.json, translate the values (keep the {placeholders}) and add it below.
import de from "./de.json";
import en from "./en.json";
import es from "./es.json";
import fr from "./fr.json";
import it from "./it.json";
import nl from "./nl.json";

export type Labels = typeof en;
export type LabelKey = keyof Labels;

export const TRANSLATIONS: Record<string, Partial<Labels>> = { de, en, es, fr, it, nl };
