import { describe, expect, it } from "vitest";
import type { NodeTypeInfo } from "../api/types";
import { nextNodeId } from "./ids";
import type { FlowEdge } from "./model";
import { connectionProblem, inputPorts, outputPorts, upstreamIds } from "./ports";

const condition = { input_ports: ["in"], output_ports: ["true", "false"] } as NodeTypeInfo;
const trigger = { input_ports: [], output_ports: ["out"] } as unknown as NodeTypeInfo;
const edge = (source: string, target: string): FlowEdge => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle: "out",
  targetHandle: "in",
});
const connection = (source: string, target: string) => ({
  source,
  target,
  sourceHandle: "out",
  targetHandle: "in",
});

describe("ports", () => {
  it("come from the node type, plus 'error' when continuing on error", () => {
    expect(outputPorts(condition, { config: {} })).toEqual(["true", "false"]);
    expect(outputPorts(condition, { config: {}, continue_on_error: true })).toEqual([
      "true",
      "false",
      "error",
    ]);
    const router = { ...condition, output_ports: ["default"], ports_from: "rules[*].port" } as NodeTypeInfo;
    expect(outputPorts(router, { config: { rules: [{ port: "big" }, { port: "default" }] } })).toEqual([
      "default",
      "big",
    ]);
    expect(inputPorts(trigger)).toEqual([]);
    expect(inputPorts(undefined)).toEqual(["in"]);
  });
});

describe("connectionProblem", () => {
  const edges = [edge("a", "b"), edge("b", "c")];

  it("accepts a new forward connection", () => {
    expect(connectionProblem(connection("a", "c"), edges)).toBeNull();
  });

  it("refuses self-loops, duplicates and cycles", () => {
    expect(connectionProblem(connection("a", "a"), edges)).toMatch(/itself/);
    expect(connectionProblem(connection("a", "b"), edges)).toMatch(/already/);
    expect(connectionProblem(connection("c", "a"), edges)).toMatch(/cycle/);
  });

  it("finds every upstream node", () => {
    expect([...upstreamIds("c", [...edges, edge("x", "b")])].sort()).toEqual(["a", "b", "x"]);
  });
});

describe("nextNodeId", () => {
  it("makes readable ids that expressions can use", () => {
    expect(nextNodeId("http.request", new Set())).toBe("http_request_1");
    expect(nextNodeId("http.request", new Set(["http_request_1"]))).toBe("http_request_2");
    expect(nextNodeId("9lives", new Set())).toBe("n_9lives_1");
  });
});
