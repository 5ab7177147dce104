import { describe, expect, it } from "vitest";
import type { NodeTypeInfo } from "../api/types";
import { paletteGroups } from "./catalog";

const type = (t: string, category: string, label: string, description = "") =>
  ({ type: t, category, label, description }) as NodeTypeInfo;
const TYPES = [
  type("http.request", "HTTP", "HTTP request", "Calls an HTTP API"),
  type("logic.merge", "Logic", "Merge"),
  type("trigger.manual", "Triggers", "Manual trigger"),
  type("logic.condition", "Logic", "Condition", "Routes to true or false"),
];

describe("paletteGroups", () => {
  it("groups by category, triggers first", () => {
    expect(paletteGroups(TYPES, "").map((g) => [g.category, g.types.map((t) => t.type)])).toEqual([
      ["Triggers", ["trigger.manual"]],
      ["HTTP", ["http.request"]],
      ["Logic", ["logic.merge", "logic.condition"]],
    ]);
  });

  it("searches label, type, category and description, every word", () => {
    expect(paletteGroups(TYPES, "logic true").flatMap((g) => g.types.map((t) => t.type))).toEqual([
      "logic.condition",
    ]);
    expect(paletteGroups(TYPES, "HTTP").flatMap((g) => g.types.map((t) => t.type))).toEqual(["http.request"]);
    expect(paletteGroups(TYPES, "nothing like it")).toEqual([]);
  });
});
