import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatFinish, safeColor } from "../src/format";
import { label } from "../src/localize";
import { TRANSLATIONS } from "../src/translations";
import { makeHass } from "./fixtures";

const hass = (time_format: string, time_zone: string, language = "en") => {
  const result = makeHass([], [], []);
  result.locale = { language, time_format, time_zone };
  result.language = language;
  result.config = { time_zone: "America/New_York" };
  return result;
};

const NOW = new Date("2027-01-15T08:10:00Z");

describe("the finish time", () => {
  it("is a time of day today, in the server's time zone when the profile asks", () => {
    expect(formatFinish(hass("24", "server"), "2027-01-15T09:45:00Z", NOW)).toBe("04:45");
    expect(formatFinish(hass("12", "server"), "2027-01-15T09:45:00Z", NOW)).toBe("4:45 AM");
  });

  it("follows the language's convention and names the weekday on another day", () => {
    expect(formatFinish(hass("language", "server", "de"), "2027-01-16T09:45:00Z", NOW)).toBe(
      "Sa., 04:45",
    );
    expect(formatFinish(hass("24", "server"), "2027-01-30T09:45:00Z", NOW)).toBe("Jan 30, 04:45");
  });

  it("is nothing for a value that is not a time", () => {
    expect(formatFinish(hass("24", "server"), "unknown", NOW)).toBeNull();
  });
});

describe("colours", () => {
  it("accepts #RRGGBB and #RRGGBBAA only", () => {
    expect(safeColor("#FF6A13")).toBe("#FF6A13");
    expect(safeColor("#ff6a13cc")).toBe("#ff6a13cc");
    expect(safeColor("red")).toBeNull();
    expect(safeColor("#fff;x:y")).toBeNull();
    expect(safeColor(null)).toBeNull();
  });
});

describe("the card's own labels", () => {
  const directory = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "translations");
  const files = readdirSync(directory).filter((name) => name.endsWith(".json"));
  const en = TRANSLATIONS.en as Record<string, string>;
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it("fills in placeholders and falls back to English", () => {
    expect(label(hass("24", "local"), "material.remaining", { percent: 55 })).toBe("55 % left");
    expect(label(hass("24", "local", "xx-YY"), "control.pause")).toBe("Pause");
    expect(label(undefined, "card.name")).toBe("OctoEverywhere printer");
  });

  it.each(files)("%s is registered, with every key and the same placeholders", (file) => {
    const language = file.replace(/\.json$/, "");
    const labels = JSON.parse(readFileSync(join(directory, file), "utf8")) as Record<string, string>;
    expect(TRANSLATIONS[language]).toEqual(labels);
    expect(Object.keys(labels).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(labels)) {
      expect(placeholders(text), `${file}: ${key}`).toEqual(placeholders(en[key]));
      // hassfest's rules for Home Assistant's own strings, kept here too.
      expect(text, `${file}: ${key}`).not.toMatch(/<\w+>|https?:\/\//);
    }
  });
});
