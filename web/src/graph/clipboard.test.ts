import { describe, expect, it } from "vitest";
import { copySelection, pasteClipboard } from "./clipboard";
import type { FlowGraph } from "./model";

const graph: FlowGraph = {
  nodes: [
    {
      id: "fetch",
      type: "http.request",
      position: { x: 0, y: 0 },
      data: { config: { url: "https://x" } },
      selected: true,
    },
    {
      id: "set",
      type: "transform.set",
      position: { x: 300, y: 0 },
      data: { config: { fields: { s: "{{ nodes.fetch.output.status }}", o: "{{ nodes.other.output }}" } } },
      selected: true,
    },
    { id: "other", type: "util.noop", position: { x: 0, y: 200 }, data: { config: {} } },
  ],
  edges: [
    { id: "e1", source: "fetch", target: "set", sourceHandle: "out", targetHandle: "in" },
    { id: "e2", source: "other", target: "set", sourceHandle: "out", targetHandle: "in" },
  ],
};

describe("copy and paste", () => {
  it("copies the selected nodes and only the edges between them", () => {
    const clip = copySelection(graph);
    expect(clip?.nodes.map((n) => n.id)).toEqual(["fetch", "set"]);
    expect(clip?.edges.map((e) => e.id)).toEqual(["e1"]);
    expect(clip?.nodes[0]).not.toHaveProperty("selected");
  });

  it("pastes with fresh ids, offset, rewired edges and renamed references", () => {
    const clip = copySelection(graph)!;
    const pasted = pasteClipboard(clip, new Set(["fetch", "set", "other", "http_request_1"]), {
      x: 40,
      y: 40,
    });
    expect(pasted.nodes.map((n) => n.id)).toEqual(["http_request_2", "transform_set_1"]);
    expect(pasted.nodes[1]?.position).toEqual({ x: 340, y: 40 });
    expect(pasted.nodes.every((n) => n.selected)).toBe(true);
    expect(pasted.edges).toEqual([
      expect.objectContaining({
        source: "http_request_2",
        target: "transform_set_1",
        id: "http_request_2.out->transform_set_1.in",
      }),
    ]);
    expect(pasted.nodes[1]?.data.config).toEqual({
      fields: { s: "{{ nodes.http_request_2.output.status }}", o: "{{ nodes.other.output }}" },
    });
  });

  it("copies nothing without a selection", () => {
    expect(copySelection({ nodes: [], edges: [] })).toBeNull();
  });
});
