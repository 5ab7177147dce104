/** Undo/redo as a pure value: snapshots of the graph before each change. */

export interface History<T> {
  past: T[];
  future: T[];
  /** Key and time of the last record: edits with the same key in a burst share one step. */
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 100;
const BURST_MS = 1000;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], lastKey: null, lastAt: 0 };
}

/** Remember `current` before it changes. Typing into one field records once per burst. */
export function record<T>(
  history: History<T>,
  current: T,
  key: string | null = null,
  now = Date.now(),
): History<T> {
  if (key !== null && key === history.lastKey && now - history.lastAt < BURST_MS) {
    return { ...history, lastAt: now };
  }
  const past = [...history.past, current].slice(-HISTORY_LIMIT);
  return { past, future: [], lastKey: key, lastAt: now };
}

/** The state to go back to, or null when there is nothing to undo. */
export function undo<T>(history: History<T>, current: T): { history: History<T>; state: T } | null {
  const state = history.past[history.past.length - 1];
  if (state === undefined) return null;
  return {
    state,
    history: {
      past: history.past.slice(0, -1),
      future: [current, ...history.future],
      lastKey: null,
      lastAt: 0,
    },
  };
}

export function redo<T>(history: History<T>, current: T): { history: History<T>; state: T } | null {
  const [state, ...future] = history.future;
  if (state === undefined) return null;
  return {
    state,
    history: { past: [...history.past, current], future, lastKey: null, lastAt: 0 },
  };
}
