/** The run shown on the canvas (live or finished): node colours and the run panel read it. */
import { create } from "zustand";
import type { RunPublic } from "../api/types";

interface RunViewState {
  run: RunPublic | null;
  setRun(run: RunPublic | null): void;
}

export const useRunView = create<RunViewState>((set) => ({
  run: null,
  setRun: (run) => set({ run }),
}));
