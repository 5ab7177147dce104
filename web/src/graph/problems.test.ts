import { describe, expect, it } from "vitest";
import type { ApiGraph } from "../api/types";
import { placeProblems } from "./problems";

const sent: ApiGraph = {
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, data: { config: {} } },
    { id: "fetch", type: "http.request", position: { x: 0, y: 0 }, data: { config: {} } },
  ],
  edges: [],
};

describe("placeProblems", () => {
  it("puts graph validation problems on their node and form field", () => {
    const placed = placeProblems(
      [
        {
          loc: ["body", "graph", "nodes", 1, "data", "config", "url"],
          msg: "'url' is a required property",
          type: "graph_invalid",
          node_id: "fetch",
          field: "config.url",
        },
        {
          loc: ["body", "graph", "nodes", 1, "data", "timeout_seconds"],
          msg: "too big",
          type: "graph_invalid",
          node_id: "fetch",
          field: "data.timeout_seconds",
        },
        {
          loc: ["body", "graph", "edges"],
          msg: "cycle",
          type: "graph_invalid",
          node_id: null,
          field: "graph.edges",
        },
      ],
      sent,
    );
    expect(placed.byNode).toEqual({
      fetch: [
        { path: "config.url", message: "'url' is a required property" },
        { path: "timeout_seconds", message: "too big" },
      ],
    });
    expect(placed.general).toEqual(["graph.edges: cycle"]);
  });

  it("places request-shape errors by node index", () => {
    const placed = placeProblems(
      [
        {
          loc: ["body", "graph", "nodes", 0, "data", "label"],
          msg: "String should have at most 200 characters",
          type: "string_too_long",
        },
      ],
      sent,
    );
    expect(placed.byNode.start).toEqual([
      { path: "label", message: "String should have at most 200 characters" },
    ]);
  });

  it("keeps problems outside the graph general", () => {
    const placed = placeProblems(
      [{ loc: ["body", "name"], msg: "too short", type: "string_too_short" }],
      sent,
    );
    expect(placed).toEqual({ byNode: {}, general: ["name: too short"] });
  });
});
