import { beforeEach, describe, expect, it } from "vitest";
import type { NodeTypeInfo } from "../api/types";
import { NEW_WORKFLOW, useEditor } from "./editorStore";

const info = (type: string, ports: Partial<NodeTypeInfo> = {}) =>
  ({ type, label: type, input_ports: ["in"], output_ports: ["out"], ...ports }) as NodeTypeInfo;
const editor = () => useEditor.getState();
const ids = () => editor().nodes.map((n) => n.id);

describe("editor store", () => {
  beforeEach(() => editor().load(NEW_WORKFLOW, { nodes: [], edges: [] }));

  it("adds, connects, undoes and redoes", () => {
    const a = editor().addNode(info("trigger.manual", { input_ports: [] }), { x: 0, y: 0 });
    const b = editor().addNode(info("http.request"), { x: 300, y: 0 });
    expect(editor().connect({ source: a, target: b, sourceHandle: "out", targetHandle: "in" })).toBeNull();
    expect(editor().edges).toHaveLength(1);
    expect(editor().dirty).toBe(true);

    editor().undo();
    expect(editor().edges).toHaveLength(0);
    editor().undo();
    expect(ids()).toEqual([a]);
    editor().redo();
    editor().redo();
    expect(ids()).toEqual([a, b]);
    expect(editor().edges).toHaveLength(1);
  });

  it("refuses a connection that would make a cycle", () => {
    const a = editor().addNode(info("util.noop"), { x: 0, y: 0 });
    const b = editor().addNode(info("util.noop"), { x: 0, y: 0 });
    editor().connect({ source: a, target: b, sourceHandle: "out", targetHandle: "in" });
    expect(editor().connect({ source: b, target: a, sourceHandle: "out", targetHandle: "in" })).toMatch(
      /cycle/,
    );
  });

  it("deletes the selection with its edges, undoably", () => {
    const a = editor().addNode(info("util.noop"), { x: 0, y: 0 });
    const b = editor().addNode(info("util.noop"), { x: 0, y: 0 });
    editor().connect({ source: a, target: b, sourceHandle: "out", targetHandle: "in" });
    editor().selectNode(b);
    editor().deleteSelected();
    expect(ids()).toEqual([a]);
    expect(editor().edges).toEqual([]);
    editor().undo();
    expect(ids()).toEqual([a, b]);
    expect(editor().edges).toHaveLength(1);
  });

  it("copies and pastes the selection as new nodes", () => {
    const a = editor().addNode(info("util.noop"), { x: 0, y: 0 });
    editor().selectNode(a);
    expect(editor().copy()).toBe(1);
    expect(editor().paste()).toBe(1);
    expect(ids()).toEqual(["util_noop_1", "util_noop_2"]);
    expect(editor().nodes[1]?.position).toEqual({ x: 40, y: 40 });
    editor().paste();
    expect(editor().nodes[2]?.position).toEqual({ x: 80, y: 80 });
  });

  it("typing into a field is one undo step and clears that field's server problem", () => {
    const a = editor().addNode(info("http.request"), { x: 0, y: 0 });
    editor().setServerProblems({
      byNode: {
        [a]: [
          { path: "config.url", message: "bad" },
          { path: "label", message: "x" },
        ],
      },
      general: [],
    });
    editor().updateNodeData(a, { config: { url: "h" } }, "config.url");
    editor().updateNodeData(a, { config: { url: "ht" } }, "config.url");
    editor().updateNodeData(a, { config: { url: "http" } }, "config.url");
    expect(editor().serverProblems.byNode[a]).toEqual([{ path: "label", message: "x" }]);
    editor().undo();
    expect(editor().nodes[0]?.data.config).toEqual({});
  });

  it("lays out in one undoable step", () => {
    const a = editor().addNode(info("util.noop"), { x: 500, y: 500 });
    const b = editor().addNode(info("util.noop"), { x: 500, y: 500 });
    editor().connect({ source: a, target: b, sourceHandle: "out", targetHandle: "in" });
    editor().autoLayout();
    expect(editor().nodes.map((n) => n.position.x)).toEqual([0, 300]);
    editor().undo();
    expect(editor().nodes.map((n) => n.position.x)).toEqual([500, 500]);
  });

  it("loading a workflow resets history and the dirty flag", () => {
    editor().addNode(info("util.noop"), { x: 0, y: 0 });
    editor().load({ ...NEW_WORKFLOW, id: "w1", version: 3 }, { nodes: [], edges: [] }, { readOnly: true });
    expect(editor().history.past).toEqual([]);
    expect(editor().dirty).toBe(false);
    expect(editor().readOnly).toBe(true);
  });
});
