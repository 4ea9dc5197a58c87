// The module Home Assistant loads on every dashboard (frontend.add_extra_js_url).
import { CARD_TAG, EDITOR_TAG, OctoEverywherePrinterCard } from "./card";
import { OctoEverywherePrinterCardEditor } from "./editor";
import { label } from "./localize";
import { whenRegistryReady } from "./registry";

type CustomCard = {
  type: string;
  name: string;
  description: string;
  preview: boolean;
  documentationURL: string;
};
const cards = ((window as unknown as { customCards?: CustomCard[] }).customCards ??= []);
if (!cards.some((card) => card.type === CARD_TAG)) {
  cards.push({
    type: CARD_TAG,
    name: label(undefined, "card.name"),
    description: label(undefined, "card.description"),
    preview: true,
    documentationURL:
      "https://github.com/octoeverywhere-ha/octoeverywhere-homeassistant#printer-card",
  });
}

whenRegistryReady(window).then(() => {
  for (const [tag, element] of [
    [CARD_TAG, OctoEverywherePrinterCard],
    [EDITOR_TAG, OctoEverywherePrinterCardEditor],
  ] as const) {
    if (!window.customElements.get(tag)) window.customElements.define(tag, element);
  }
});
