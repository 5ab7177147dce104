/** Toasts: short messages in the corner; errors stay longer. */
import { create } from "zustand";

export type ToastKind = "info" | "success" | "error";

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** A later toast with the same topic replaces this one (a save's outcome, say). */
  topic?: string;
}

interface ToastState {
  toasts: Toast[];
  push(kind: ToastKind, message: string, topic?: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push(kind, message, topic) {
    const id = nextId++;
    const kept = get().toasts.filter((t) => topic === undefined || t.topic !== topic);
    set({ toasts: [...kept.slice(-4), { id, kind, message, ...(topic ? { topic } : {}) }] });
    setTimeout(() => get().dismiss(id), kind === "error" ? 8000 : 3500);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = {
  info: (message: string, topic?: string) => useToasts.getState().push("info", message, topic),
  success: (message: string, topic?: string) => useToasts.getState().push("success", message, topic),
  error: (error: unknown, topic?: string) => useToasts.getState().push("error", messageOf(error), topic),
};

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : "something went wrong";
}
