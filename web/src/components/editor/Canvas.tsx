/** The React Flow canvas: nodes and edges from the editor store, drop target of the palette. */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type Edge,
  type NodeTypes,
  useNodesInitialized,
  useReactFlow,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { NODE_TYPE_MIME } from "../../graph/catalog";
import type { FlowNode } from "../../graph/model";
import { connectionProblem } from "../../graph/ports";
import { useCatalog } from "../../store/catalogStore";
import { useEditor } from "../../store/editorStore";
import { useRunView } from "../../store/runStore";
import { toast } from "../../store/toastStore";
import { WorkflowNode } from "./WorkflowNode";

export const NODE_SIZE = { width: 220, height: 72 };
const FIT = { padding: 0.2, maxZoom: 1.2 };

const STATUS_COLOURS: Record<string, string> = {
  pending: "#cbd5e1",
  running: "#3b82f6",
  retrying: "#f59e0b",
  waiting: "#a855f7",
  succeeded: "#16a34a",
  failed: "#dc2626",
  skipped: "#94a3b8",
};

export function Canvas({ readOnly }: { readOnly: boolean }) {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const beginDrag = useEditor((s) => s.beginDrag);
  const connect = useEditor((s) => s.connect);
  const addNode = useEditor((s) => s.addNode);
  const byType = useCatalog((s) => s.byType);
  const run = useRunView((s) => s.run);
  const { screenToFlowPosition, fitView } = useReactFlow();
  // Fit a loaded graph once; an empty canvas keeps its viewport so the first drop stays put.
  // Once every node is measured: the `fitView` prop could fit before that (to one node only).
  const [fitOnLoad] = useState(nodes.length > 0);
  const measured = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (!fitOnLoad || fitted.current || !measured) return;
    fitted.current = true;
    void fitView(FIT);
  }, [fitOnLoad, measured, fitView]);

  // Every node type draws with the same component; unknown (imported) types too.
  const typeKey = [...new Set([...Object.keys(byType), ...nodes.map((n) => n.type ?? "")])].sort().join(",");
  const nodeTypes = useMemo<NodeTypes>(
    () => Object.fromEntries(typeKey.split(",").map((t) => [t, WorkflowNode])),
    [typeKey],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const problem = connect(connection);
      if (problem) toast.info(`Not connected: ${problem}`);
    },
    [connect],
  );
  const isValidConnection = useCallback(
    (connection: Connection | Edge) =>
      connectionProblem(
        {
          source: connection.source,
          target: connection.target,
          sourceHandle: connection.sourceHandle ?? null,
          targetHandle: connection.targetHandle ?? null,
        },
        useEditor.getState().edges,
      ) === null,
    [],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_TYPE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_TYPE_MIME);
      const info = useCatalog.getState().byType[type];
      if (!info || readOnly) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(info, { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 });
    },
    [addNode, readOnly, screenToFlowPosition],
  );

  const miniMapColour = useCallback(
    (node: FlowNode) => STATUS_COLOURS[run?.nodes[node.id]?.status ?? ""] ?? "#94a3b8",
    [run],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={beginDrag}
        onSelectionDragStart={beginDrag}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesFocusable={!readOnly}
        deleteKeyCode={null}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        minZoom={0.1}
      >
        <Background gap={16} />
        <MiniMap<FlowNode> pannable zoomable nodeColor={miniMapColour} />
        <Controls showInteractive={false} />
      </ReactFlow>
      {nodes.length === 0 && !readOnly && (
        <div className="canvas-empty">
          <h3>Start with a trigger</h3>
          <p>Drag a node from the palette, or click it, then connect outputs (right) to inputs (left).</p>
        </div>
      )}
    </div>
  );
}
