/** A run's or a node's status as a coloured pill. */
const LABELS: Record<string, string> = {
  timed_out: "timed out",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {LABELS[status] ?? status}
    </span>
  );
}
