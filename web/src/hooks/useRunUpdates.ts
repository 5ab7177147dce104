/**
 * Live updates of one run, over WS /api/runs/{id}/events with GET polling as the fallback
 * (see live/runFeed.ts). This hook is the only place that knows how updates arrive.
 */
import { useEffect, useRef, useState } from "react";
import { readRun } from "../api/endpoints";
import { RunFeed, type FeedState } from "../live/runFeed";
import { isFinished, newlyWaiting } from "../live/runView";
import { browserSocketDeps } from "../live/socket";
import { useApprovalBadge } from "../store/approvalStore";

export type RunUpdates = FeedState;

const IDLE: RunUpdates = { run: null, error: null, transport: "connecting", polls: 0, connections: 0 };

export function useRunUpdates(runId: string | null): RunUpdates {
  const [state, setState] = useState<RunUpdates>(IDLE);

  useEffect(() => {
    setState(IDLE);
    if (!runId) return;
    const feed = new RunFeed(runId, { ...browserSocketDeps, readRun }, setState);
    feed.start();
    return () => feed.stop();
  }, [runId]);

  // A node starting to wait for a person, or the run ending, changes the approvals inbox.
  const previous = useRef(state.run);
  useEffect(() => {
    const before = previous.current;
    previous.current = state.run;
    const ended = isFinished(state.run) && before !== null && !isFinished(before);
    if (ended || newlyWaiting(before, state.run).length > 0) void useApprovalBadge.getState().refresh();
  }, [state.run]);

  return state;
}
