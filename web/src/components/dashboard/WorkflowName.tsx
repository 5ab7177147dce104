/** A workflow's name linking to its editor, or a note that it is gone. */
import { Link } from "../Link";

export function WorkflowName({ id, name }: { id: string; name: string | null | undefined }) {
  return name ? (
    <Link href={`/workflows/${id}`}>{name}</Link>
  ) : (
    <span className="muted" title={id}>
      deleted workflow
    </span>
  );
}
