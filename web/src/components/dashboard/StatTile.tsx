/** One headline figure with a caption. */
import type { ReactNode } from "react";

export function StatTile({
  label,
  value,
  detail,
  tone,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: "bad" | "attention";
  testId?: string;
}) {
  return (
    <div className={`dash-tile ${tone ? `dash-tile-${tone}` : ""}`} data-testid={testId}>
      <div className="dash-tile-label">{label}</div>
      <div className="dash-tile-value">{value}</div>
      {detail && <div className="dash-tile-detail">{detail}</div>}
    </div>
  );
}
