import { describe, expect, it } from "vitest";
import type { ApiGraph } from "../api/types";
import { fromApiGraph, parseApiGraph, toApiGraph } from "./convert";
import type { FlowGraph } from "./model";

const SAVED: ApiGraph = {
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, data: { label: "Start", config: {} } },
    {
      id: "fetch",
      type: "http.request",
      position: { x: 300, y: 10 },
      data: {
        label: "Fetch",
        config: { url: "https://example.com" },
        retry: { max_attempts: 2 },
        continue_on_error: true,
      },
    },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "out", target: "fetch", targetHandle: "in" }],
};

describe("graph conversion", () => {
  it("round-trips a saved graph", () => {
    expect(toApiGraph(fromApiGraph(SAVED))).toEqual(SAVED);
  });

  it("drops React Flow's own state and empty options, rounds positions", () => {
    const flow: FlowGraph = {
      nodes: [
        {
          id: "a",
          type: "util.noop",
          position: { x: 10.4, y: 20.6 },
          selected: true,
          dragging: false,
          measured: { width: 220, height: 64 },
          data: {
            label: "A",
            config: { value: 1 },
            timeout_seconds: undefined,
            retry: {},
            execution: undefined,
          },
        },
      ],
      edges: [{ id: "x", source: "a", target: "a", selected: true, animated: true }],
    };
    expect(toApiGraph(flow)).toEqual({
      nodes: [
        {
          id: "a",
          type: "util.noop",
          position: { x: 10, y: 21 },
          data: { label: "A", config: { value: 1 } },
        },
      ],
      edges: [{ id: "x", source: "a", sourceHandle: "out", target: "a", targetHandle: "in" }],
    });
  });

  it("fills defaults when loading: ports, edge ids, config", () => {
    const flow = fromApiGraph({
      nodes: [{ id: "a", type: "util.noop", position: { x: 0, y: 0 }, data: { config: {} } }],
      edges: [{ source: "a", target: "b" }],
    } as ApiGraph);
    expect(flow.edges[0]).toEqual({
      id: "a.out->b.in",
      source: "a",
      sourceHandle: "out",
      target: "b",
      targetHandle: "in",
    });
    expect(flow.nodes[0]?.data.config).toEqual({});
  });

  it("does not share config objects with the source graph", () => {
    const flow = fromApiGraph(SAVED);
    (flow.nodes[1]?.data.config as Record<string, unknown>).url = "changed";
    expect(SAVED.nodes[1]?.data.config.url).toBe("https://example.com");
  });

  it("checks untrusted JSON", () => {
    expect(() => parseApiGraph({ edges: [] })).toThrow(/nodes/);
    expect(() => parseApiGraph({ nodes: [{ id: 1 }] })).toThrow(/node 0/);
    expect(() => parseApiGraph({ nodes: [], edges: [{ source: "a" }] })).toThrow(/edge 0/);
    expect(parseApiGraph({ nodes: [] })).toEqual({ nodes: [], edges: [] });
  });
});
