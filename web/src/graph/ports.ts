/** Ports and connection rules: output to input, no duplicates, no self-loops, no cycles. */
import type { Connection } from "@xyflow/react";
import type { NodeTypeInfo } from "../api/types";
import { ERROR_PORT, type FlowEdge, type FlowNodeData } from "./model";
import { configuredPorts } from "./portsFrom";

/** The type's ports, those its config names (`ports_from`), and `error` with continue_on_error. */
export function outputPorts(info: NodeTypeInfo | undefined, data: FlowNodeData): string[] {
  const ports = info ? [...info.output_ports, ...configuredPorts(info.ports_from, data.config)] : ["out"];
  const unique = [...new Set(ports)];
  return data.continue_on_error ? [...unique, ERROR_PORT] : unique;
}

export function inputPorts(info: NodeTypeInfo | undefined): string[] {
  return info ? [...info.input_ports] : ["in"];
}

/** Why a connection is refused, or null when it may be made. */
export function connectionProblem(connection: Connection, edges: FlowEdge[]): string | null {
  const { source, target, sourceHandle, targetHandle } = connection;
  if (!source || !target) return "connect an output to an input";
  if (source === target) return "a node cannot connect to itself";
  const duplicate = edges.some(
    (e) =>
      e.source === source &&
      e.target === target &&
      (e.sourceHandle ?? "out") === (sourceHandle ?? "out") &&
      (e.targetHandle ?? "in") === (targetHandle ?? "in"),
  );
  if (duplicate) return "these ports are already connected";
  if (upstreamIds(source, edges).has(target)) return "that would make a cycle";
  return null;
}

/** Every node from which `nodeId` can be reached. */
export function upstreamIds(nodeId: string, edges: FlowEdge[]): Set<string> {
  const parents = new Map<string, string[]>();
  for (const edge of edges) {
    const list = parents.get(edge.target) ?? [];
    list.push(edge.source);
    parents.set(edge.target, list);
  }
  const seen = new Set<string>();
  const stack = [...(parents.get(nodeId) ?? [])];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...(parents.get(current) ?? []));
  }
  return seen;
}
