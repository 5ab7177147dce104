import { describe, expect, it } from "vitest";
import { configuredPorts, searchPath } from "./portsFrom";

describe("configuredPorts", () => {
  it("reads a list of names", () => {
    expect(configuredPorts("labels", { labels: ["urgent", "spam", 3] })).toEqual(["urgent", "spam"]);
  });

  it("projects over a list of objects", () => {
    const config = { rules: [{ port: "big" }, { port: "small" }, { other: 1 }] };
    expect(configuredPorts("rules[*].port", config)).toEqual(["big", "small"]);
  });

  it("adds nothing without an expression, a match, or with syntax it does not know", () => {
    expect(configuredPorts(null, { labels: ["a"] })).toEqual([]);
    expect(configuredPorts("labels", {})).toEqual([]);
    expect(configuredPorts("labels | sort(@)", { labels: ["a"] })).toEqual([]);
  });
});

describe("searchPath", () => {
  it("follows fields, indexes and flattening", () => {
    const value = { a: { b: [[1, 2], [3]] } };
    expect(searchPath("a.b[0]", value)).toEqual([1, 2]);
    expect(searchPath("a.b[-1]", value)).toEqual([3]);
    expect(searchPath("a.b[]", value)).toEqual([1, 2, 3]);
    expect(searchPath("a.c", value)).toBeNull();
  });
});
