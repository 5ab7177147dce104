import { describe, expect, it } from "vitest";
import { DEFAULT_LAYOUT, layeredLayout } from "./layout";

const at = (id: string, y = 0) => ({ id, position: { x: 0, y } });
const column = (x: number) => x / (DEFAULT_LAYOUT.nodeWidth + DEFAULT_LAYOUT.gapX);

describe("layeredLayout", () => {
  it("puts each node one layer after its deepest parent", () => {
    const positions = layeredLayout(
      [at("a"), at("b"), at("c"), at("d")],
      [
        { source: "a", target: "b" },
        { source: "b", target: "c" },
        { source: "a", target: "c" },
        { source: "c", target: "d" },
      ],
    );
    expect(["a", "b", "c", "d"].map((id) => column(positions.get(id)?.x ?? -1))).toEqual([0, 1, 2, 3]);
  });

  it("stacks parallel branches in one layer without overlap", () => {
    const positions = layeredLayout(
      [at("start"), at("x", 0), at("y", 100), at("z", 200), at("merge")],
      ["x", "y", "z"].flatMap((id) => [
        { source: "start", target: id },
        { source: id, target: "merge" },
      ]),
    );
    const ys = ["x", "y", "z"].map((id) => positions.get(id)?.y ?? 0);
    expect(new Set(["x", "y", "z"].map((id) => positions.get(id)?.x)).size).toBe(1);
    expect(ys).toEqual([...ys].sort((a, b) => a - b)); // keeps the drawn order
    expect(ys[1]! - ys[0]!).toBe(DEFAULT_LAYOUT.nodeHeight + DEFAULT_LAYOUT.gapY);
    // single nodes are centred on the branches
    expect(positions.get("start")?.y).toBe(ys[1]);
    expect(positions.get("merge")?.y).toBe(ys[1]);
  });

  it("orders a layer by its parents to avoid crossings", () => {
    const positions = layeredLayout(
      [at("p1", 0), at("p2", 100), at("c2", 0), at("c1", 100)],
      [
        { source: "p1", target: "c1" },
        { source: "p2", target: "c2" },
      ],
    );
    expect(positions.get("c1")!.y).toBeLessThan(positions.get("c2")!.y);
  });

  it("places every node, even unconnected ones, cycles and dangling edges", () => {
    const positions = layeredLayout(
      [at("a"), at("b"), at("lonely")],
      [
        { source: "a", target: "b" },
        { source: "b", target: "a" },
        { source: "a", target: "ghost" },
      ],
    );
    expect([...positions.keys()].sort()).toEqual(["a", "b", "lonely"]);
  });

  it("lays out 100 nodes quickly", () => {
    const nodes = Array.from({ length: 100 }, (_, i) => at(`n${i}`, i));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${Math.floor(i / 3)}`, target: n.id }));
    const started = performance.now();
    const positions = layeredLayout(nodes, edges);
    expect(positions.size).toBe(100);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
