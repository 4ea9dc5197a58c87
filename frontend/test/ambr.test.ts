import { describe, expect, it } from "vitest";
import { readSnapshots } from "./ambr";

describe("the snapshot reader", () => {
  it("reads every profile snapshot of the integration", () => {
    const snapshots = readSnapshots("test_profiles.ambr");
    expect(snapshots.size).toBe(36);
    const entities = snapshots.get("test_profile_entities[moonraker-printing][entities]") as Record<
      string,
      { translation_key: string; state: string; attributes: Record<string, unknown> }
    >;
    const progress = Object.values(entities).find((e) => e.translation_key === "progress");
    expect(progress?.attributes.unit_of_measurement).toBe("%");
    expect(Number(progress?.state)).toBeGreaterThan(0);
  });
});
