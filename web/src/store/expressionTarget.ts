/** The text field the expression helper inserts into: the last one focused in the panel. */
import { create } from "zustand";

export interface ExpressionTarget {
  /** Form the field belongs to (a node id, or "inputs" for the run form). */
  owner: string;
  label: string;
  insert(text: string): void;
}

interface ExpressionTargetState {
  target: ExpressionTarget | null;
  setTarget(target: ExpressionTarget | null): void;
}

export const useExpressionTarget = create<ExpressionTargetState>((set) => ({
  target: null,
  setTarget: (target) => set({ target }),
}));
