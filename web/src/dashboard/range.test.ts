import { describe, expect, it } from "vitest";
import { customRange, presetRange, utcDay } from "./range";

const NOW = Date.parse("2025-03-10T15:30:00Z");

describe("dashboard range", () => {
  it.each([
    ["24h", "2025-03-09T15:30:00.000Z"],
    ["7d", "2025-03-03T15:30:00.000Z"],
    ["30d", "2025-02-08T15:30:00.000Z"],
    ["90d", "2024-12-10T15:30:00.000Z"],
  ] as const)("preset %s ends now", (preset, from) => {
    expect(presetRange(preset, NOW)).toEqual({ from, to: "2025-03-10T15:30:00.000Z" });
  });

  it("takes custom days as whole UTC days, both included", () => {
    expect(customRange("2025-03-01", "2025-03-07")).toEqual({
      range: { from: "2025-03-01T00:00:00.000Z", to: "2025-03-08T00:00:00.000Z" },
    });
    expect(customRange("2025-02-28", "2025-02-28")).toEqual({
      range: { from: "2025-02-28T00:00:00.000Z", to: "2025-03-01T00:00:00.000Z" },
    });
  });

  it("refuses custom ranges the API would", () => {
    expect(customRange("", "2025-03-07")).toEqual({ error: "Pick both days." });
    expect(customRange("2025-02-30", "2025-03-07")).toEqual({ error: "Pick both days." });
    expect(customRange("2025-03-08", "2025-03-07")).toHaveProperty("error");
    expect(customRange("2024-01-01", "2024-12-31")).toHaveProperty("range"); // 366 days
    expect(customRange("2024-01-01", "2025-01-01")).toEqual({ error: "At most 366 days." });
  });

  it("names the UTC day of an instant", () => {
    expect(utcDay(Date.parse("2025-03-10T23:59:59Z"))).toBe("2025-03-10");
    expect(utcDay(Date.parse("2025-03-10T23:59:59-02:00"))).toBe("2025-03-11");
  });
});
