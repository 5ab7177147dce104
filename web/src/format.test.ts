import { describe, expect, it } from "vitest";
import { dayRange, formatCost, relativeTime } from "./format";

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
});
