/** Who is signed in: tokens and the chosen workspace, kept in localStorage across reloads. */
import { create } from "zustand";
import type { components } from "./schema";

export type TokenPair = components["schemas"]["TokenPair"];
export type UserPublic = components["schemas"]["UserPublic"];
export type Membership = components["schemas"]["MembershipPublic"];

export interface Tokens {
  access: string;
  refresh: string;
}

interface SessionState {
  tokens: Tokens | null;
  workspaceId: string | null;
  user: UserPublic | null;
  /** Why the last session ended (shown on the login page), if it ended on its own. */
  endedBecause: string | null;
  signIn(pair: TokenPair): void;
  setTokens(pair: TokenPair): void;
  setUser(user: UserPublic): void;
  setWorkspace(id: string): void;
  signOut(reason?: string): void;
  /** Another tab rotated the tokens: take the ones it stored. True if they changed. */
  adoptStored(): boolean;
}

const STORAGE_KEY = "sluice.session";

interface Stored {
  tokens: Tokens | null;
  workspaceId: string | null;
}

function readStored(): Stored {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<Stored>) : {};
    return { tokens: parsed.tokens ?? null, workspaceId: parsed.workspaceId ?? null };
  } catch {
    return { tokens: null, workspaceId: null };
  }
}

function store(state: Stored): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // private mode or full storage: the session lasts until the tab closes
  }
}

const toTokens = (pair: TokenPair): Tokens => ({ access: pair.access_token, refresh: pair.refresh_token });

/** The workspace to act in: the stored one if still a member, else the personal one. */
export function pickWorkspace(user: UserPublic, stored: string | null): string | null {
  if (stored && user.workspaces.some((w) => w.workspace_id === stored)) return stored;
  const personal = user.workspaces.find((w) => w.personal) ?? user.workspaces[0];
  return personal?.workspace_id ?? null;
}

export const useSession = create<SessionState>((set, get) => ({
  ...readStored(),
  user: null,
  endedBecause: null,
  signIn(pair) {
    set({ tokens: toTokens(pair), user: null, endedBecause: null });
    store({ tokens: get().tokens, workspaceId: get().workspaceId });
  },
  setTokens(pair) {
    set({ tokens: toTokens(pair) });
    store({ tokens: get().tokens, workspaceId: get().workspaceId });
  },
  setUser(user) {
    const workspaceId = pickWorkspace(user, get().workspaceId);
    set({ user, workspaceId });
    store({ tokens: get().tokens, workspaceId });
  },
  setWorkspace(workspaceId) {
    set({ workspaceId });
    store({ tokens: get().tokens, workspaceId });
  },
  signOut(reason) {
    set({ tokens: null, user: null, endedBecause: reason ?? null });
    store({ tokens: null, workspaceId: get().workspaceId });
  },
  adoptStored() {
    const stored = readStored().tokens;
    if (!stored || stored.refresh === get().tokens?.refresh) return false;
    set({ tokens: stored });
    return true;
  },
}));
