/**
 * Auto-layout: a small layered (Sugiyama-style) layout, left to right.
 * Layers by longest path from the sources, order within a layer by the barycentre of
 * neighbours (a few down and up sweeps), then evenly spaced and centred.
 */
import type { XYPosition } from "@xyflow/react";

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 220, nodeHeight: 72, gapX: 80, gapY: 36 };

interface LayoutNode {
  id: string;
  position: XYPosition;
}

interface LayoutEdge {
  source: string;
  target: string;
}

export function layeredLayout(
  nodes: LayoutNode[],
  edges: LayoutEdge[],
  options: LayoutOptions = DEFAULT_LAYOUT,
): Map<string, XYPosition> {
  const ids = nodes.map((n) => n.id);
  const known = new Set(ids);
  const links = edges.filter((e) => known.has(e.source) && known.has(e.target));
  const layerOf = assignLayers(ids, links);
  const layers = orderLayers(nodes, links, layerOf);
  return place(layers, options);
}

/** Longest path from a source; nodes on a cycle (never saved, but imported) get layer 0. */
function assignLayers(ids: string[], edges: LayoutEdge[]): Map<string, number> {
  const indegree = new Map(ids.map((id) => [id, 0]));
  const children = new Map<string, string[]>();
  for (const { source, target } of edges) {
    indegree.set(target, (indegree.get(target) ?? 0) + 1);
    children.set(source, [...(children.get(source) ?? []), target]);
  }
  const layer = new Map(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const child of children.get(id) ?? []) {
      layer.set(child, Math.max(layer.get(child) ?? 0, (layer.get(id) ?? 0) + 1));
      const left = (indegree.get(child) ?? 0) - 1;
      indegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  return layer;
}

function orderLayers(nodes: LayoutNode[], edges: LayoutEdge[], layerOf: Map<string, number>): string[][] {
  const count = Math.max(0, ...layerOf.values()) + 1;
  const layers: string[][] = Array.from({ length: count }, () => []);
  // Start from the current vertical order, so a layout respects what the user drew.
  const byY = [...nodes].sort((a, b) => a.position.y - b.position.y || a.id.localeCompare(b.id));
  for (const node of byY) layers[layerOf.get(node.id) ?? 0]?.push(node.id);

  const parents = neighbours(edges, "target", "source");
  const children = neighbours(edges, "source", "target");
  for (let sweep = 0; sweep < 4; sweep += 1) {
    for (let i = 1; i < count; i += 1) sortByBarycentre(layers, i, i - 1, parents);
    for (let i = count - 2; i >= 0; i -= 1) sortByBarycentre(layers, i, i + 1, children);
  }
  return layers;
}

function neighbours(
  edges: LayoutEdge[],
  from: "source" | "target",
  to: "source" | "target",
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const edge of edges) map.set(edge[from], [...(map.get(edge[from]) ?? []), edge[to]]);
  return map;
}

function sortByBarycentre(
  layers: string[][],
  index: number,
  reference: number,
  linked: Map<string, string[]>,
): void {
  const layer = layers[index] ?? [];
  const position = new Map((layers[reference] ?? []).map((id, i) => [id, i]));
  const current = new Map(layer.map((id, i) => [id, i]));
  const weight = (id: string): number => {
    const spots = (linked.get(id) ?? []).flatMap((n) => {
      const p = position.get(n);
      return p === undefined ? [] : [p];
    });
    if (spots.length === 0) return current.get(id) ?? 0;
    return spots.reduce((a, b) => a + b, 0) / spots.length;
  };
  const weights = new Map(layer.map((id) => [id, weight(id)]));
  layer.sort(
    (a, b) => (weights.get(a) ?? 0) - (weights.get(b) ?? 0) || (current.get(a) ?? 0) - (current.get(b) ?? 0),
  );
}

function place(layers: string[][], o: LayoutOptions): Map<string, XYPosition> {
  const tallest = Math.max(0, ...layers.map((l) => l.length));
  const rowHeight = o.nodeHeight + o.gapY;
  const positions = new Map<string, XYPosition>();
  layers.forEach((layer, column) => {
    const top = ((tallest - layer.length) * rowHeight) / 2;
    layer.forEach((id, row) => {
      positions.set(id, { x: column * (o.nodeWidth + o.gapX), y: top + row * rowHeight });
    });
  });
  return positions;
}
