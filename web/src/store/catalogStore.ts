/** The node-type catalog, loaded once from GET /api/node-types. */
import { create } from "zustand";
import { readNodeTypes } from "../api/endpoints";
import type { NodeTypeInfo } from "../api/types";
import { messageOf } from "./toastStore";

interface CatalogState {
  types: NodeTypeInfo[];
  byType: Record<string, NodeTypeInfo>;
  status: "idle" | "loading" | "ready" | "error";
  error: string | null;
  load(): Promise<void>;
}

export const useCatalog = create<CatalogState>((set, get) => ({
  types: [],
  byType: {},
  status: "idle",
  error: null,
  async load() {
    if (get().status === "loading" || get().status === "ready") return;
    set({ status: "loading", error: null });
    try {
      const types = await readNodeTypes();
      set({ types, byType: Object.fromEntries(types.map((t) => [t.type, t])), status: "ready" });
    } catch (error) {
      set({ status: "error", error: messageOf(error) });
    }
  },
}));
