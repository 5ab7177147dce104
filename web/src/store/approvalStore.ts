/** How many approvals wait for me (the top bar's badge); refreshed when something may change it. */
import { create } from "zustand";
import { readApprovals } from "../api/endpoints";

interface ApprovalBadgeState {
  /** Pending approvals I may decide; null before the first answer. */
  pending: number | null;
  refresh(): Promise<void>;
  reset(): void;
}

let inFlight: Promise<void> | null = null;
let again = false;

export const useApprovalBadge = create<ApprovalBadgeState>((set) => ({
  pending: null,
  refresh() {
    // One request at a time; a refresh asked for meanwhile runs once after it.
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        const page = await readApprovals({ status: "pending", mine: true, limit: 1 });
        set({ pending: page.count });
      } catch {
        // the badge is a hint; the inbox page shows errors
      } finally {
        inFlight = null;
        if (again) {
          again = false;
          void useApprovalBadge.getState().refresh();
        }
      }
    })();
    return inFlight;
  },
  reset() {
    set({ pending: null });
  },
}));
