/** Copy and paste of a selection: fresh ids, internal edges and expressions follow along. */
import { edgeId, nextNodeId } from "./ids";
import type { FlowEdge, FlowGraph, FlowNode } from "./model";

/** The selected nodes and the edges between them. */
export function copySelection({ nodes, edges }: FlowGraph): FlowGraph | null {
  const picked = nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: structuredClone(picked.map(stripState)),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(stripEdgeState),
  };
}

/** Copies of the clipboard's nodes with new ids, shifted by `offset`, selected. */
export function pasteClipboard(
  clipboard: FlowGraph,
  taken: ReadonlySet<string>,
  offset: { x: number; y: number },
): FlowGraph {
  const used = new Set(taken);
  const renamed = new Map<string, string>();
  for (const node of clipboard.nodes) {
    const id = nextNodeId(node.type ?? "node", used);
    used.add(id);
    renamed.set(node.id, id);
  }
  const nodes = clipboard.nodes.map((node): FlowNode => ({
    ...structuredClone(node),
    id: renamed.get(node.id) as string,
    position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    data: renameReferences(structuredClone(node.data), renamed),
    selected: true,
  }));
  const edges = clipboard.edges.map((edge): FlowEdge => {
    const source = renamed.get(edge.source) as string;
    const target = renamed.get(edge.target) as string;
    const sourceHandle = edge.sourceHandle ?? "out";
    const targetHandle = edge.targetHandle ?? "in";
    return { ...edge, id: edgeId(source, sourceHandle, target, targetHandle), source, target };
  });
  return { nodes, edges };
}

/** Point `nodes.<old>` references inside copied configs at the copies. */
function renameReferences<T>(data: T, renamed: Map<string, string>): T {
  let text = JSON.stringify(data);
  for (const [from, to] of renamed) {
    const pattern = new RegExp(`(nodes\\s*\\.\\s*"?)${escapeRegExp(from)}(?![\\w-])`, "g");
    text = text.replace(pattern, `$1${to}`);
  }
  return JSON.parse(text) as T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function stripState(node: FlowNode): FlowNode {
  const { selected: _s, dragging: _d, measured: _m, ...rest } = node;
  return rest;
}

function stripEdgeState(edge: FlowEdge): FlowEdge {
  const { selected: _s, ...rest } = edge;
  return rest;
}
