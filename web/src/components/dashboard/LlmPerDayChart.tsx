/** LLM usage per (UTC) day: input and output tokens, or cost, as bars. */
import { useState } from "react";
import type { UsageOnDay } from "../../api/types";
import { formatCount, formatDay } from "../../dashboard/format";
import { formatCost } from "../../format";
import { Panel } from "./Panel";
import { StackedBars, type Series } from "./StackedBars";

type Measure = "tokens" | "cost";

const TOKENS: readonly Series<"input_tokens" | "output_tokens">[] = [
  { key: "input_tokens", label: "input tokens", color: "#6366f1" },
  { key: "output_tokens", label: "output tokens", color: "#a5b4fc" },
];
const COST: readonly Series<"cost">[] = [{ key: "cost", label: "cost (USD)", color: "#0d9488" }];

export function LlmPerDayChart({ days }: { days: readonly UsageOnDay[] }) {
  const [measure, setMeasure] = useState<Measure>("tokens");
  const used = days.some((d) => d.input_tokens + d.output_tokens > 0 || d.cost > 0);
  const toggle = (
    <div className="segmented" role="group" aria-label="Show">
      {(["tokens", "cost"] as const).map((m) => (
        <button key={m} type="button" aria-pressed={measure === m} onClick={() => setMeasure(m)}>
          {m}
        </button>
      ))}
    </div>
  );
  return (
    <Panel title="LLM usage per day" aside={toggle} testId="llm-chart">
      {!used && <p className="muted dash-none">No LLM calls in this range.</p>}
      {measure === "tokens" ? (
        <StackedBars
          rows={days.map((d) => ({
            key: d.day,
            label: formatDay(d.day),
            values: d,
            note: `cost: ${formatCost(d.cost)}`,
          }))}
          series={TOKENS}
          formatValue={formatCount}
          integer
          label="LLM tokens per day"
        />
      ) : (
        <StackedBars
          rows={days.map((d) => ({
            key: d.day,
            label: formatDay(d.day),
            values: d,
            note: `tokens: ${formatCount(d.input_tokens + d.output_tokens)}`,
          }))}
          series={COST}
          formatValue={formatCost}
          label="LLM cost per day"
        />
      )}
    </Panel>
  );
}
