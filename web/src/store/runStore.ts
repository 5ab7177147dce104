/** The run shown on the canvas (live or finished): node colours and the run panel read it. */
import { create } from "zustand";
import type { RunView } from "../live/runView";

interface RunViewState {
  run: RunView | null;
  setRun(run: RunView | null): void;
}

export const useRunView = create<RunViewState>((set) => ({
  run: null,
  setRun: (run) => set({ run }),
}));
