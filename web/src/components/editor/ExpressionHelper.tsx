/** Lists the upstream nodes and their output fields; a click inserts the expression. */
import { useMemo } from "react";
import type { JsonSchema } from "../../api/types";
import { upstreamIds } from "../../graph/ports";
import { inputExpression, nodeExpression, outputFields } from "../../schema/expressions";
import { useCatalog } from "../../store/catalogStore";
import { useEditor } from "../../store/editorStore";
import { useExpressionTarget } from "../../store/expressionTarget";
import { toast } from "../../store/toastStore";

interface Source {
  id: string;
  label: string;
  fields: string[];
  inputs: string[] | null;
}

export function ExpressionHelper({ nodeId }: { nodeId: string }) {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const byType = useCatalog((s) => s.byType);
  const target = useExpressionTarget((s) => s.target);
  const into = target?.owner === nodeId ? target : null;

  const sources = useMemo<Source[]>(() => {
    const ids = upstreamIds(nodeId, edges);
    return nodes
      .filter((n) => ids.has(n.id))
      .sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y)
      .map((n) => {
        const schema = n.data.config.inputs_schema as JsonSchema | undefined;
        return {
          id: n.id,
          label: n.data.label || n.id,
          fields: outputFields(byType[n.type ?? ""]?.output_schema),
          inputs: n.type === "trigger.manual" ? Object.keys(schema?.properties ?? {}) : null,
        };
      });
  }, [nodeId, nodes, edges, byType]);

  const use = (expression: string) => {
    if (into) {
      into.insert(expression);
      return;
    }
    void navigator.clipboard?.writeText(expression).catch(() => undefined);
    toast.info(`Copied ${expression}; click a field first to insert it there.`);
  };
  const chip = (expression: string, text: string) => (
    <button
      key={expression}
      type="button"
      className="chip"
      data-expression={expression}
      title={expression}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => use(expression)}
    >
      {text}
    </button>
  );

  return (
    <section className="expression-helper" aria-label="Insert data from upstream nodes">
      <h4>Insert data</h4>
      <p className="muted">{into ? `Into: ${into.label}` : "Click a field, then a value below."}</p>
      {sources.length === 0 && <p className="muted">Connect a node into this one to use its output.</p>}
      {sources.map((source) => (
        <div key={source.id} className="expr-source">
          <div className="expr-source-name">
            {source.label} <code>{source.id}</code>
          </div>
          <div className="chips">
            {chip(nodeExpression(source.id), "output")}
            {source.fields.map((f) => chip(nodeExpression(source.id, f), f))}
            {source.inputs?.map((f) => chip(inputExpression(f), `inputs.${f}`))}
          </div>
        </div>
      ))}
    </section>
  );
}
