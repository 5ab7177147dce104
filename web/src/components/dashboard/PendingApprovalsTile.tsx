/** Approvals waiting now (whatever the range), linking to the inbox. */
import type { PendingApprovals } from "../../api/types";
import { relativeTime } from "../../format";
import { Link } from "../Link";
import { StatTile } from "./StatTile";

export function PendingApprovalsTile({ pending }: { pending: PendingApprovals }) {
  return (
    <StatTile
      label="Pending approvals"
      value={
        <Link href="/approvals" data-testid="pending-approvals" data-count={pending.count}>
          {pending.count}
        </Link>
      }
      tone={pending.count ? "attention" : undefined}
      detail={
        pending.oldest_created_at ? (
          <>oldest opened {relativeTime(pending.oldest_created_at)}</>
        ) : (
          <>nothing waits</>
        )
      }
    />
  );
}
