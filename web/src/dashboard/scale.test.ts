import { describe, expect, it } from "vitest";
import { band, labelEvery, niceStep, scaleY, stack, valueAxis } from "./scale";

describe("stack", () => {
  it("piles the values in series order and skips zeros", () => {
    const rows = [
      { completed: 3, failed: 1, running: 0 },
      { completed: 0, failed: 0, running: 0 },
      { completed: 2, failed: 0, running: 5 },
    ];
    const stacks = stack(rows, ["completed", "failed", "running"]);
    expect(stacks.map((s) => s.total)).toEqual([4, 0, 7]);
    expect(stacks[0]!.segments).toEqual([
      { key: "completed", value: 3, y0: 0, y1: 3 },
      { key: "failed", value: 1, y0: 3, y1: 4 },
    ]);
    expect(stacks[1]!.segments).toEqual([]);
    expect(stacks[2]!.segments.map((s) => [s.key, s.y0, s.y1])).toEqual([
      ["completed", 0, 2],
      ["running", 2, 7],
    ]);
  });

  it("treats missing and negative values as nothing", () => {
    expect(stack([{ a: -2 }, {}], ["a", "b"])).toEqual([
      { segments: [], total: 0 },
      { segments: [], total: 0 },
    ]);
  });
});

describe("value axis", () => {
  it.each([
    [0.3, 0.5],
    [1, 1],
    [1.2, 2],
    [3, 5],
    [7, 10],
    [0.0042, 0.005],
    [250, 500],
  ])("nice step for %s is %s", (x, step) => {
    expect(niceStep(x)).toBeCloseTo(step, 12);
  });

  it("ends on a round tick at or above the largest value", () => {
    expect(valueAxis(6, 4, true)).toEqual({ top: 6, step: 2, ticks: [0, 2, 4, 6] });
    expect(valueAxis(7, 4, true)).toEqual({ top: 8, step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(valueAxis(100, 4)).toEqual({ top: 100, step: 50, ticks: [0, 50, 100] });
    expect(valueAxis(0.3, 4)).toEqual({ top: 0.3, step: 0.1, ticks: [0, 0.1, 0.2, 0.3] });
  });

  it("counts step by whole units", () => {
    expect(valueAxis(2, 4, true)).toEqual({ top: 2, step: 1, ticks: [0, 1, 2] });
    expect(valueAxis(1, 4, true).ticks).toEqual([0, 1]);
  });

  it("draws an empty chart from 0 to 1", () => {
    expect(valueAxis(0)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
  });
});

describe("bands and scaling", () => {
  it("spreads bars evenly with a gap", () => {
    const b = band(4, 400, 0.2);
    expect(b.step).toBe(100);
    expect(b.barWidth).toBe(80);
    expect([b.x(0), b.x(3)]).toEqual([10, 310]);
    expect(b.center(1)).toBe(150);
  });

  it("keeps bars at least a pixel wide and at most maxBar, centred", () => {
    expect(band(1000, 100).barWidth).toBe(1);
    const wide = band(2, 400, 0.2, 40);
    expect(wide.barWidth).toBe(40);
    expect(wide.x(0)).toBe(80);
    expect(wide.x(1) + wide.barWidth / 2).toBe(wide.center(1));
  });

  it("scales values to pixel heights", () => {
    expect(scaleY(3, 6, 120)).toBe(60);
    expect(scaleY(0, 6, 120)).toBe(0);
    expect(scaleY(5, 0, 120)).toBe(0);
  });

  it("labels every k-th bar", () => {
    expect(labelEvery(7, 8)).toBe(1);
    expect(labelEvery(30, 8)).toBe(4);
    expect(labelEvery(90, 8)).toBe(12);
    expect(labelEvery(0, 8)).toBe(1);
  });
});
