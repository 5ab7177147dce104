/**
 * Live updates of one run. Polls GET /api/runs/{id} every ~500 ms until the run ends; this
 * hook is the only place that knows how updates arrive, so a WebSocket can replace it.
 */
import { useEffect, useState } from "react";
import { readRun } from "../api/endpoints";
import { TERMINAL_RUN_STATUSES, type RunPublic } from "../api/types";
import { messageOf } from "../store/toastStore";

export const POLL_INTERVAL_MS = 500;

export interface RunUpdates {
  run: RunPublic | null;
  error: string | null;
}

export function isFinished(run: RunPublic | null): boolean {
  return run !== null && TERMINAL_RUN_STATUSES.includes(run.status);
}

export function useRunUpdates(runId: string | null): RunUpdates {
  const [state, setState] = useState<RunUpdates>({ run: null, error: null });

  useEffect(() => {
    setState({ run: null, error: null });
    if (!runId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const poll = async () => {
      try {
        const run = await readRun(runId, controller.signal);
        setState({ run, error: null });
        if (isFinished(run)) return;
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ run: previous.run, error: messageOf(error) }));
      }
      timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };
    void poll();

    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [runId]);

  return state;
}
