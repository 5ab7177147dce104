/** Credentials of the current workspace (pickers and the credentials page), and their types. */
import { create } from "zustand";
import { readCredentialTypes, readCredentials } from "../api/endpoints";
import type { CredentialPublic, CredentialTypeInfo } from "../api/types";
import { messageOf } from "./toastStore";

interface CredentialState {
  credentials: CredentialPublic[];
  types: CredentialTypeInfo[];
  /** Credential type → the kind node types ask for (`credential_type`). */
  kinds: Record<string, string>;
  status: "idle" | "loading" | "ready" | "error";
  error: string | null;
  load(force?: boolean): Promise<void>;
}

export const useCredentials = create<CredentialState>((set, get) => ({
  credentials: [],
  types: [],
  kinds: {},
  status: "idle",
  error: null,
  async load(force = false) {
    if (!force && (get().status === "loading" || get().status === "ready")) return;
    set({ status: "loading", error: null });
    try {
      const [credentials, types] = await Promise.all([readCredentials(), readCredentialTypes()]);
      set({
        credentials,
        types,
        kinds: Object.fromEntries(types.map((t) => [t.type, t.kind])),
        status: "ready",
      });
    } catch (error) {
      set({ status: "error", error: messageOf(error) });
    }
  },
}));

/** The credentials a node type with `kind` accepts. */
export function credentialsOfKind(
  state: Pick<CredentialState, "credentials" | "kinds">,
  kind: string | null,
) {
  return kind ? state.credentials.filter((c) => state.kinds[c.type] === kind) : state.credentials;
}
