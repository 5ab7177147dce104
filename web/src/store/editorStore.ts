/** The editor's state: the graph on the canvas, its undo history, clipboard and save state. */
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import { create } from "zustand";
import type { NodeTypeInfo } from "../api/types";
import { copySelection, pasteClipboard } from "../graph/clipboard";
import { edgeId, nextNodeId } from "../graph/ids";
import { layeredLayout } from "../graph/layout";
import type { FlowEdge, FlowGraph, FlowNode, FlowNodeData } from "../graph/model";
import { connectionProblem } from "../graph/ports";
import type { PlacedProblems } from "../graph/problems";
import { emptyHistory, record, redo, undo, type History } from "./history";

export interface WorkflowMeta {
  id: string | null;
  name: string;
  description: string;
  /** Latest saved version (null for a new workflow). */
  version: number | null;
}

export const NEW_WORKFLOW: WorkflowMeta = {
  id: null,
  name: "Untitled workflow",
  description: "",
  version: null,
};

const NO_PROBLEMS: PlacedProblems = { byNode: {}, general: [] };
const PASTE_STEP = 40;

interface EditorState {
  meta: WorkflowMeta;
  nodes: FlowNode[];
  edges: FlowEdge[];
  history: History<FlowGraph>;
  clipboard: FlowGraph | null;
  pastes: number;
  dirty: boolean;
  readOnly: boolean;
  serverProblems: PlacedProblems;

  load(meta: WorkflowMeta, graph: FlowGraph, options?: { readOnly?: boolean; dirty?: boolean }): void;
  rename(name: string): void;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  beginDrag(): void;
  connect(connection: Connection): string | null;
  addNode(info: NodeTypeInfo, position: XYPosition): string;
  updateNodeData(id: string, patch: Partial<FlowNodeData>, field: string): void;
  replaceGraph(graph: FlowGraph): void;
  deleteSelected(): void;
  copy(): number;
  paste(): number;
  undo(): void;
  redo(): void;
  autoLayout(): void;
  selectNode(id: string | null): void;
  selectAll(): void;
  markSaved(meta: WorkflowMeta): void;
  setServerProblems(problems: PlacedProblems): void;
}

export const useEditor = create<EditorState>((set, get) => {
  /** Apply a change to the graph as one undoable step. */
  const change = (next: Partial<FlowGraph> & Partial<EditorState>, key: string | null = null) => {
    const { nodes, edges, history } = get();
    set({ ...next, history: record(history, { nodes, edges }, key), dirty: true });
  };

  return {
    meta: NEW_WORKFLOW,
    nodes: [],
    edges: [],
    history: emptyHistory(),
    clipboard: null,
    pastes: 0,
    dirty: false,
    readOnly: false,
    serverProblems: NO_PROBLEMS,

    load(meta, graph, options = {}) {
      set({
        meta,
        nodes: graph.nodes,
        edges: graph.edges,
        history: emptyHistory(),
        dirty: options.dirty ?? false,
        readOnly: options.readOnly ?? false,
        serverProblems: NO_PROBLEMS,
        pastes: 0,
      });
    },

    rename(name) {
      set({ meta: { ...get().meta, name }, dirty: true });
    },

    onNodesChange(changes) {
      const edits = changes.some((c) => c.type === "position" || c.type === "remove" || c.type === "add");
      set({ nodes: applyNodeChanges(changes, get().nodes), ...(edits ? { dirty: true } : {}) });
    },

    onEdgesChange(changes) {
      const edits = changes.some((c) => c.type === "remove" || c.type === "add");
      set({ edges: applyEdgeChanges(changes, get().edges), ...(edits ? { dirty: true } : {}) });
    },

    beginDrag() {
      const { nodes, edges, history } = get();
      set({ history: record(history, { nodes, edges }) });
    },

    connect(connection) {
      const { edges } = get();
      const problem = connectionProblem(connection, edges);
      if (problem) return problem;
      const sourceHandle = connection.sourceHandle ?? "out";
      const targetHandle = connection.targetHandle ?? "in";
      const edge: FlowEdge = {
        id: edgeId(connection.source, sourceHandle, connection.target, targetHandle),
        source: connection.source,
        sourceHandle,
        target: connection.target,
        targetHandle,
      };
      change({ edges: [...edges, edge] });
      return null;
    },

    addNode(info, position) {
      const { nodes } = get();
      const id = nextNodeId(info.type, new Set(nodes.map((n) => n.id)));
      const node: FlowNode = {
        id,
        type: info.type,
        position,
        data: { label: info.label, config: {} },
        selected: true,
      };
      change({ nodes: [...nodes.map((n) => ({ ...n, selected: false })), node] });
      return id;
    },

    updateNodeData(id, patch, field) {
      const { nodes, serverProblems } = get();
      const byNode = { ...serverProblems.byNode };
      const left = (byNode[id] ?? []).filter((p) => !(p.path === field || p.path.startsWith(`${field}.`)));
      byNode[id] = left;
      change(
        {
          nodes: nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)),
          serverProblems: { ...serverProblems, byNode },
        },
        `${id}:${field}`,
      );
    },

    replaceGraph(graph) {
      change({ nodes: graph.nodes, edges: graph.edges });
    },

    deleteSelected() {
      const { nodes, edges } = get();
      const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
      const keptEdges = edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (gone.size === 0 && keptEdges.length === edges.length) return;
      change({ nodes: nodes.filter((n) => !gone.has(n.id)), edges: keptEdges });
    },

    copy() {
      const clipboard = copySelection(get());
      if (clipboard) set({ clipboard, pastes: 0 });
      return clipboard?.nodes.length ?? 0;
    },

    paste() {
      const { clipboard, nodes, edges, pastes } = get();
      if (!clipboard) return 0;
      const step = (pastes + 1) * PASTE_STEP;
      const copies = pasteClipboard(clipboard, new Set(nodes.map((n) => n.id)), { x: step, y: step });
      change({
        nodes: [...nodes.map((n) => ({ ...n, selected: false })), ...copies.nodes],
        edges: [...edges.map((e) => ({ ...e, selected: false })), ...copies.edges],
        pastes: pastes + 1,
      });
      return copies.nodes.length;
    },

    undo() {
      const { nodes, edges, history } = get();
      const step = undo(history, { nodes, edges });
      if (step) set({ ...step.state, history: step.history, dirty: true });
    },

    redo() {
      const { nodes, edges, history } = get();
      const step = redo(history, { nodes, edges });
      if (step) set({ ...step.state, history: step.history, dirty: true });
    },

    autoLayout() {
      const { nodes, edges } = get();
      const positions = layeredLayout(nodes, edges);
      change({ nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) });
    },

    selectNode(id) {
      set({
        nodes: get().nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })),
        edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      });
    },

    selectAll() {
      set({ nodes: get().nodes.map((n) => ({ ...n, selected: true })) });
    },

    markSaved(meta) {
      set({ meta, dirty: false, serverProblems: NO_PROBLEMS });
    },

    setServerProblems(serverProblems) {
      set({ serverProblems });
    },
  };
});

/** The one selected node, if exactly one is selected. */
export function selectedNode(nodes: FlowNode[]): FlowNode | null {
  const picked = nodes.filter((n) => n.selected);
  return picked.length === 1 ? (picked[0] ?? null) : null;
}
