/** Per-node options beside the config: continue on error, retries, timeout, execution. */
import type { JsonSchema, NodeDefaults } from "../../api/types";
import type { FlowNode, FlowNodeData } from "../../graph/model";
import { validate, type Problem } from "../../schema/validate";
import { useEditor } from "../../store/editorStore";
import { FieldFrame, fieldId } from "../form/FieldFrame";
import { NumberInput } from "../form/NumberInput";

/** The bounds the API enforces on these options (interpreter NODE_OPTIONS_SCHEMA). */
const OPTIONS_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    timeout_seconds: { type: "number", exclusiveMinimum: 0, maximum: 86400 },
    retry: {
      type: "object",
      properties: { max_attempts: { type: "integer", minimum: 0, maximum: 1000 } },
    },
  },
};

interface NodeOptionsFormProps {
  node: FlowNode;
  /** "inline", "activity", "timer" or "approval"; retries and timeouts apply to activities. */
  kind: string | undefined;
  /** The node type's retry and timeout, shown as placeholders. */
  defaults: NodeDefaults | undefined;
  problems: Problem[];
  readOnly: boolean;
}

export function NodeOptionsForm({ node, kind, defaults, problems, readOnly }: NodeOptionsFormProps) {
  const updateNodeData = useEditor((s) => s.updateNodeData);
  const { data } = node;
  const set = (patch: Partial<FlowNodeData>, path: string) => updateNodeData(node.id, patch, path);
  const all = [...validate(OPTIONS_SCHEMA, data, ""), ...problems];
  const at = (path: string) => all.filter((p) => p.path === path);
  const ids = {
    continueOnError: fieldId(node.id, "continue_on_error"),
    attempts: fieldId(node.id, "retry.max_attempts"),
    timeout: fieldId(node.id, "timeout_seconds"),
    execution: fieldId(node.id, "execution"),
  };

  return (
    <details
      className="node-options"
      open={Boolean(data.continue_on_error || data.retry || data.timeout_seconds)}
    >
      <summary>Options</summary>
      <FieldFrame
        id={ids.continueOnError}
        path="continue_on_error"
        label="Continue on error"
        description="On failure, send the error to an extra 'error' output instead of failing the run."
        problems={at("continue_on_error")}
        inline
      >
        <input
          id={ids.continueOnError}
          type="checkbox"
          checked={data.continue_on_error === true}
          disabled={readOnly}
          onChange={(e) => set({ continue_on_error: e.target.checked || undefined }, "continue_on_error")}
        />
      </FieldFrame>
      {kind === "activity" && (
        <>
          <FieldFrame
            id={ids.attempts}
            path="retry.max_attempts"
            label="Retry: max attempts"
            description={`Attempts in total, including the first; 0 retries forever. Empty: the node type's default${retryText(defaults)}.`}
            problems={at("retry.max_attempts")}
          >
            <NumberInput
              id={ids.attempts}
              owner={node.id}
              label="Max attempts"
              placeholder={defaults ? `default ${defaults.retry.max_attempts}` : undefined}
              integer
              value={data.retry?.max_attempts ?? undefined}
              readOnly={readOnly}
              onChange={(value) => {
                const retry = { ...data.retry, max_attempts: value as number | undefined };
                if (value === undefined) delete retry.max_attempts;
                set({ retry: Object.keys(retry).length ? retry : undefined }, "retry.max_attempts");
              }}
            />
          </FieldFrame>
          <FieldFrame
            id={ids.timeout}
            path="timeout_seconds"
            label="Timeout (seconds)"
            description={`Per attempt. Empty: the node type's default${defaults ? ` (${defaults.timeout_seconds} s)` : ""}.`}
            problems={at("timeout_seconds")}
          >
            <NumberInput
              id={ids.timeout}
              owner={node.id}
              label="Timeout"
              placeholder={defaults ? `default ${defaults.timeout_seconds}` : undefined}
              integer={false}
              value={data.timeout_seconds}
              readOnly={readOnly}
              onChange={(value) => set({ timeout_seconds: value as number | undefined }, "timeout_seconds")}
            />
          </FieldFrame>
          <FieldFrame
            id={ids.execution}
            path="execution"
            label="Run as"
            description="A local activity saves a round trip for short idempotent calls, but is retried as a whole after a worker crash."
            problems={at("execution")}
          >
            <select
              id={ids.execution}
              value={data.execution ?? ""}
              disabled={readOnly}
              onChange={(e) =>
                set({ execution: (e.target.value || undefined) as FlowNodeData["execution"] }, "execution")
              }
            >
              <option value="">activity (default)</option>
              <option value="local">local activity</option>
            </select>
          </FieldFrame>
        </>
      )}
    </details>
  );
}

function retryText(defaults: NodeDefaults | undefined): string {
  if (!defaults) return "";
  const { max_attempts, initial_interval_seconds, backoff_coefficient, maximum_interval_seconds } =
    defaults.retry;
  return ` (${max_attempts}; waits ${initial_interval_seconds} s, ×${backoff_coefficient}, up to ${maximum_interval_seconds} s)`;
}
