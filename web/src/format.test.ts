import { describe, expect, it } from "vitest";
import { formatCount, formatDay, formatMaybeDuration, formatPercent } from "./dashboard/format";
import { dayRange, formatCost, formatDuration, relativeTime } from "./format";

describe("format", () => {
  it("turns the run list's days into an instant range, both days included", () => {
    const range = dayRange("2025-03-01", "2025-03-02");
    expect(new Date(range.after!).getTime()).toBe(new Date(2025, 2, 1).getTime());
    expect(new Date(range.before!).getTime()).toBe(new Date(2025, 2, 3).getTime());
    expect(dayRange("", "")).toEqual({});
    expect(dayRange("nonsense", "")).toEqual({});
  });

  it("formats LLM costs and relative times", () => {
    expect(formatCost(1.5)).toBe("$1.50");
    expect(formatCost(0.042)).toBe("$0.042");
    expect(formatCost(0.00012)).toBe("$0.00012");
    const now = Date.parse("2025-01-01T10:00:00Z");
    expect(relativeTime("2025-01-01T09:59:50Z", now)).toBe("10 s ago");
    expect(relativeTime("2025-01-01T11:00:00Z", now)).toBe("in 1h 0m");
  });

  it("formats the dashboard's percentages, counts, durations and days", () => {
    expect(formatPercent(null)).toBe("–");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.0004)).toBe("<0.1%");
    expect(formatPercent(0.042)).toBe("4.2%");
    expect(formatPercent(0.05)).toBe("5%");
    expect(formatPercent(2 / 3)).toBe("67%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(950)).toBe("950");
    expect(formatCount(1200)).toBe("1.2k");
    expect(formatCount(12_345)).toBe("12k");
    expect(formatCount(3_400_000)).toBe("3.4M");
    expect(formatCount(2_000_000_000)).toBe("2B");
    expect(formatCost(0)).toBe("$0");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1530)).toBe("1.53 s");
    expect(formatDuration(125_000)).toBe("2m 5s");
    expect(formatMaybeDuration(null)).toBe("–");
    expect(formatMaybeDuration(42.4)).toBe("42 ms");
    expect(formatDay("2025-03-01")).toBe("Mar 1");
    expect(formatDay("2025-12-31")).toBe("Dec 31");
    expect(formatDay("nonsense")).toBe("nonsense");
  });
});
