import { describe, expect, it } from "vitest";
import { countNodes, fieldOf, parseExport, sortedLines, summaryText, verdict } from "./importReport";

const line = (node: string, status: string, message = "") => ({
  node,
  n8n_type: "n8n-nodes-base.x",
  status,
  message,
});

describe("parseExport", () => {
  it("reads an export object", () => {
    expect(parseExport('{"nodes": [], "connections": {}}')).toEqual({
      ok: true,
      value: { nodes: [], connections: {} },
    });
  });
  it("asks for something when empty", () => {
    const parsed = parseExport("   ");
    expect(parsed.ok).toBe(false);
  });
  it("says the text is not JSON", () => {
    const parsed = parseExport("{nodes: ");
    expect(parsed.ok === false && parsed.message).toMatch(/^Not valid JSON: /);
  });
  it("refuses JSON that is not an object", () => {
    for (const text of ["[]", "3", "null", '"x"']) {
      const parsed = parseExport(text);
      expect(parsed.ok === false && parsed.message).toMatch(/JSON object/);
    }
  });
});

describe("the report", () => {
  const lines = [
    line("Start", "converted"),
    line("Fetch", "approximated", "timeout"),
    line("Fetch", "converted"),
    line("Code", "unsupported", "no converter"),
    line("Note", "dropped"),
  ];
  it("counts each node once, at its worst line", () => {
    expect(countNodes(lines)).toEqual({ converted: 1, approximated: 1, dropped: 1, unsupported: 1 });
  });
  it("summarises the non-zero counts, best first", () => {
    expect(summaryText({ unsupported: 1, converted: 3, approximated: 0, dropped: 0 })).toBe(
      "3 converted · 1 unsupported",
    );
    expect(summaryText({})).toBe("no nodes");
  });
  it("puts unsupported lines first and keeps the order within a status", () => {
    expect(sortedLines(lines).map((l) => `${l.node}:${l.status}`)).toEqual([
      "Code:unsupported",
      "Note:dropped",
      "Fetch:approximated",
      "Start:converted",
      "Fetch:converted",
    ]);
  });
  it("says what an import means", () => {
    const summary = { converted: 1, approximated: 0, dropped: 0, unsupported: 2 };
    expect(verdict({ lines, summary, fully_converted: false })).toMatch(/^2 nodes are not supported/);
    expect(verdict({ lines, summary: { ...summary, unsupported: 1 }, fully_converted: false })).toMatch(
      /^1 node is not supported/,
    );
    expect(verdict({ lines: [], summary: {}, fully_converted: true })).toMatch(/^Every node converts/);
  });
});

describe("fieldOf", () => {
  it("names the field of a 422 loc", () => {
    expect(fieldOf(["body", "nodes", 3, "type"])).toBe("nodes[3].type");
    expect(fieldOf(["body", "nodes[3].type"])).toBe("nodes[3].type");
    expect(fieldOf(["query", "dry_run"])).toBe("query.dry_run");
    expect(fieldOf(["body"])).toBe("body");
  });
});
