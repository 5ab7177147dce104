import { afterEach, describe, expect, it, vi } from "vitest";
import { errorFrom } from "./client";
import { pickWorkspace, useSession, type UserPublic } from "./session";

const user = (workspaces: [string, boolean][]): UserPublic => ({
  id: "u",
  email: "ada@example.com",
  is_admin: false,
  created_at: "2026-01-01T00:00:00Z",
  workspaces: workspaces.map(([id, personal]) => ({
    workspace_id: id,
    workspace_name: id,
    role: "owner",
    personal,
  })),
});

describe("pickWorkspace", () => {
  it("keeps the stored workspace while the user is still a member", () => {
    expect(
      pickWorkspace(
        user([
          ["team", false],
          ["mine", true],
        ]),
        "team",
      ),
    ).toBe("team");
  });

  it("falls back to the personal workspace, then the first, then none", () => {
    expect(
      pickWorkspace(
        user([
          ["team", false],
          ["mine", true],
        ]),
        "gone",
      ),
    ).toBe("mine");
    expect(pickWorkspace(user([["team", false]]), null)).toBe("team");
    expect(pickWorkspace(user([]), null)).toBeNull();
  });
});

describe("errorFrom", () => {
  it("reads FastAPI's string detail", () => {
    const error = errorFrom(409, { detail: "saved by someone else" });
    expect([error.status, error.message, error.problems]).toEqual([409, "saved by someone else", []]);
  });

  it("keeps 422 problems and names their nodes in the message", () => {
    const detail = [
      {
        loc: ["body", "graph", "nodes", 0],
        msg: "bad url",
        type: "graph_invalid",
        node_id: "fetch",
        field: "config.url",
      },
      { loc: ["body", "name"], msg: "too short", type: "string_too_short" },
    ];
    const error = errorFrom(422, { detail });
    expect(error.message).toBe("fetch: bad url; too short");
    expect(error.problems).toHaveLength(2);
  });

  it("copes with bodies that are not FastAPI's", () => {
    expect(errorFrom(502, "Bad Gateway").message).toBe("request failed (502)");
  });
});

describe("adoptStored", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("takes the tokens another tab rotated, and only those", () => {
    const items = new Map<string, string>();
    vi.stubGlobal("localStorage", {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => items.set(key, value),
    });
    const pair = { access_token: "a1", refresh_token: "r1", token_type: "bearer", expires_in: 900 };
    useSession.getState().signIn(pair);
    expect(useSession.getState().adoptStored()).toBe(false);
    items.set(
      "sluice.session",
      JSON.stringify({ tokens: { access: "a2", refresh: "r2" }, workspaceId: null }),
    );
    expect(useSession.getState().adoptStored()).toBe(true);
    expect(useSession.getState().tokens).toEqual({ access: "a2", refresh: "r2" });
    expect(useSession.getState().adoptStored()).toBe(false);
  });
});
