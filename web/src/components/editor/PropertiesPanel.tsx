/** Settings of the selected node: label, config form from its schema, options, expressions. */
import { useMemo } from "react";
import type { FlowNode } from "../../graph/model";
import { formFields } from "../../schema/fields";
import { validate, type Problem } from "../../schema/validate";
import { useCatalog } from "../../store/catalogStore";
import { selectedNode, useEditor } from "../../store/editorStore";
import { EmptyState } from "../EmptyState";
import { FieldFrame, fieldId } from "../form/FieldFrame";
import { JsonEditor } from "../form/JsonEditor";
import { SchemaForm } from "../form/SchemaForm";
import { ExpressionHelper } from "./ExpressionHelper";
import { NodeOptionsForm } from "./NodeOptionsForm";

const NO_PROBLEMS: Problem[] = [];

export function PropertiesPanel() {
  const node = useEditor((s) => selectedNode(s.nodes));
  const selectedCount = useEditor((s) => s.nodes.reduce((n, node) => n + (node.selected ? 1 : 0), 0));
  if (!node) {
    return (
      <EmptyState title={selectedCount > 1 ? `${selectedCount} nodes selected` : "No node selected"}>
        {selectedCount > 1
          ? "Move, copy (Ctrl+C) or delete them together; select one node to edit it."
          : "Select a node on the canvas to edit its settings."}
      </EmptyState>
    );
  }
  return <NodeProperties key={node.id} node={node} />;
}

function NodeProperties({ node }: { node: FlowNode }) {
  const info = useCatalog((s) => s.byType[node.type ?? ""]);
  const readOnly = useEditor((s) => s.readOnly);
  const serverProblems = useEditor((s) => s.serverProblems.byNode[node.id]) ?? NO_PROBLEMS;
  const updateNodeData = useEditor((s) => s.updateNodeData);
  const fields = useMemo(() => (info ? formFields(info.config_schema) : []), [info]);
  const localProblems = useMemo(
    () => (info ? validate(info.config_schema, node.data.config) : NO_PROBLEMS),
    [info, node.data.config],
  );
  const problems = useMemo(() => [...localProblems, ...serverProblems], [localProblems, serverProblems]);
  const labelId = fieldId(node.id, "label");
  const topLevel = problems.filter((p) => p.path === "config" || p.path === "id" || p.path === "type");

  return (
    <div className="properties" data-testid="properties" data-node-id={node.id}>
      <header className="properties-head">
        <h3>{info?.label ?? node.type}</h3>
        <p className="muted">{info?.description ?? "This node type is unknown to the API."}</p>
        <p className="muted">
          id <code>{node.id}</code>
        </p>
      </header>
      {topLevel.map((p, i) => (
        <p key={i} className="field-error" role="alert">
          {p.message}
        </p>
      ))}
      <FieldFrame
        id={labelId}
        path="label"
        label="Label"
        problems={problems.filter((p) => p.path === "label")}
      >
        <input
          id={labelId}
          type="text"
          value={node.data.label ?? ""}
          readOnly={readOnly}
          maxLength={200}
          onChange={(e) => updateNodeData(node.id, { label: e.target.value }, "label")}
        />
      </FieldFrame>
      <h4>Settings</h4>
      {info ? (
        <SchemaForm
          fields={fields}
          owner={node.id}
          value={node.data.config}
          problems={problems}
          readOnly={readOnly}
          credentialKind={info.credential_type}
          onChange={(config, path) => updateNodeData(node.id, { config }, path)}
        />
      ) : (
        <FieldFrame id={fieldId(node.id, "config")} path="config" label="Config (JSON)" problems={[]}>
          <JsonEditor
            id={fieldId(node.id, "config")}
            owner={node.id}
            label="Config"
            value={node.data.config}
            allowText={false}
            readOnly={readOnly}
            onChange={(config) =>
              updateNodeData(node.id, { config: (config ?? {}) as Record<string, unknown> }, "config")
            }
          />
        </FieldFrame>
      )}
      {!readOnly && <ExpressionHelper nodeId={node.id} />}
      <NodeOptionsForm
        node={node}
        kind={info?.kind}
        defaults={info?.defaults}
        problems={problems}
        readOnly={readOnly}
      />
    </div>
  );
}
