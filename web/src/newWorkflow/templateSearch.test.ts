import { describe, expect, it } from "vitest";
import {
  credentialsToSetUp,
  initialChoice,
  searchQuery,
  setUpSentence,
  unchosenKeys,
} from "./templateSearch";

describe("searchQuery", () => {
  it("trims and collapses spaces", () => {
    expect(searchQuery("  slack   alert ")).toBe("slack alert");
  });
  it("is undefined for blank text, so no q is sent", () => {
    expect(searchQuery("")).toBeUndefined();
    expect(searchQuery(" \t ")).toBeUndefined();
  });
  it("caps the length", () => {
    expect(searchQuery("x".repeat(500))).toHaveLength(200);
  });
});

describe("credentialsToSetUp", () => {
  const needed = [
    { type: "smtp", purpose: "send the digest" },
    { type: "http_bearer", purpose: "call the shop" },
  ];
  it("labels each type and counts the workspace's credentials of it", () => {
    const rows = credentialsToSetUp(needed, [{ type: "smtp" }, { type: "smtp" }, { type: "pg" }], {
      smtp: "SMTP server",
    });
    expect(rows).toEqual([
      { type: "smtp", purpose: "send the digest", label: "SMTP server", have: 2 },
      { type: "http_bearer", purpose: "call the shop", label: "http_bearer", have: 0 },
    ]);
  });
  it("names only the missing ones, once each", () => {
    const rows = credentialsToSetUp(
      [...needed, { type: "http_bearer", purpose: "call the CRM" }],
      [{ type: "smtp" }],
      { http_bearer: "Bearer token" },
    );
    expect(setUpSentence(rows)).toBe("Set up this credential on the Credentials page: Bearer token.");
    expect(setUpSentence(credentialsToSetUp(needed, []))).toBe(
      "Set up these credentials on the Credentials page: smtp, http_bearer.",
    );
  });
  it("says nothing when the workspace has them all, or none are needed", () => {
    expect(setUpSentence(credentialsToSetUp(needed, [{ type: "smtp" }, { type: "http_bearer" }]))).toBeNull();
    expect(setUpSentence([])).toBeNull();
  });
});

describe("choosing credentials for a template", () => {
  const needed = [
    { key: "mail", type: "smtp", purpose: "send" },
    { key: "db", type: "postgres", purpose: "store" },
    { key: "api", type: "http_bearer", purpose: "call" },
  ];
  const workspace = [
    { id: "s1", type: "smtp" },
    { id: "p1", type: "postgres" },
    { id: "p2", type: "postgres" },
  ];
  it("preselects a type's only credential, leaves ambiguous and missing ones open", () => {
    expect(initialChoice(needed, workspace)).toEqual({ mail: "s1", db: "", api: "" });
  });
  it("lists the keys still unchosen", () => {
    expect(unchosenKeys(needed, { mail: "s1", db: "", api: "" })).toEqual(["db", "api"]);
    expect(unchosenKeys(needed, { mail: "s1", db: "p2", api: "b1" })).toEqual([]);
    expect(unchosenKeys([], {})).toEqual([]);
  });
});
