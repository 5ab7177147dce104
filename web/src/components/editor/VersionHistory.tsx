/** Saved versions of the workflow, newest first; each opens read-only. */
import { readVersions } from "../../api/endpoints";
import { formatTime } from "../../format";
import { useAsync } from "../../hooks/useAsync";
import { EmptyState } from "../EmptyState";
import { ErrorState } from "../ErrorState";
import { Link } from "../Link";
import { Loading } from "../Loading";

interface VersionHistoryProps {
  workflowId: string | null;
  /** The latest saved version (reloads the list when it changes). */
  latest: number | null;
  /** The version open read-only, if any. */
  viewing: number | null;
}

export function VersionHistory({ workflowId, latest, viewing }: VersionHistoryProps) {
  const versions = useAsync(
    () => (workflowId ? readVersions(workflowId) : Promise.resolve([])),
    [workflowId, latest],
  );
  if (!workflowId)
    return <EmptyState title="Not saved yet">Each save creates a version you can look back at.</EmptyState>;
  if (versions.loading && !versions.data) return <Loading />;
  if (versions.error) return <ErrorState message={versions.error} onRetry={versions.reload} />;
  return (
    <ol className="versions" data-testid="versions">
      {(versions.data ?? []).map((v, i) => {
        const current = viewing === null ? i === 0 : viewing === v.version;
        const href = i === 0 ? `/workflows/${workflowId}` : `/workflows/${workflowId}/versions/${v.version}`;
        return (
          <li key={v.version} className={current ? "current" : undefined}>
            <Link href={href}>
              <strong>v{v.version}</strong>
              {i === 0 && " (latest)"}
            </Link>
            <span className="muted">
              {formatTime(v.created_at)} · {Array.isArray(v.graph.nodes) ? v.graph.nodes.length : 0} nodes
            </span>
          </li>
        );
      })}
    </ol>
  );
}
