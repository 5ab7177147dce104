import { describe, expect, it } from "vitest";
import type { CredentialPublic, CredentialTypeInfo } from "../api/types";
import {
  createBody,
  credentialFields,
  credentialProblems,
  initialDraft,
  isSecret,
  serverProblems,
  updateBody,
} from "./credentialForm";

const SECRET = { type: "string", minLength: 1, maxLength: 20000, writeOnly: true } as const;
const smtp: CredentialTypeInfo = {
  type: "smtp",
  label: "SMTP server",
  kind: "smtp",
  secret_fields: ["password"],
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["host", "port"],
    properties: {
      host: { type: "string", minLength: 1 },
      port: { type: "integer", minimum: 1, maximum: 65535 },
      username: { type: "string", minLength: 1 },
      password: { ...SECRET },
    },
  },
};
const bearer: CredentialTypeInfo = {
  type: "http_bearer",
  label: "HTTP bearer token",
  kind: "http_auth",
  secret_fields: ["token"],
  schema: { type: "object", required: ["token"], properties: { token: { ...SECRET } } },
};

const stored = (patch: Partial<CredentialPublic> = {}): CredentialPublic => ({
  id: "c1",
  workspace_id: "ws",
  name: "Mail",
  type: "smtp",
  fields_set: ["host", "password", "port", "username"],
  needs_setup: false,
  public: { host: "smtp.example.com", port: 587, username: "ann" },
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
  ...patch,
});

describe("credential form secrets", () => {
  it("renders secret fields as write-only password inputs", () => {
    expect(isSecret(smtp, "password")).toBe(true);
    expect(isSecret(smtp, "host")).toBe(false);
    const fields = credentialFields(smtp);
    expect(fields.map((f) => [f.path, f.kind])).toEqual([
      ["data.host", "string"],
      ["data.port", "integer"],
      ["data.username", "string"],
      ["data.password", "secret"],
    ]);
    expect(fields[3]?.placeholder).toBeUndefined();
  });

  it("editing, a stored secret is 'leave empty to keep' and no longer required", () => {
    const fields = credentialFields(
      bearer,
      stored({ type: "http_bearer", fields_set: ["token"], public: {} }),
    );
    expect(fields[0]).toMatchObject({ kind: "secret", required: false });
    expect(fields[0]?.placeholder).toMatch(/leave empty to keep/);
  });

  it("an existing credential's draft holds its public fields only, never a secret", () => {
    const leaked = stored({ public: { host: "h", port: 25, password: "should-not-be-here" } });
    expect(initialDraft(smtp, leaked)).toEqual({ name: "Mail", data: { host: "h", port: 25 }, remove: [] });
    expect(initialDraft(smtp)).toEqual({ name: "", data: {}, remove: [] });
  });

  it("creates with every filled field, secrets included", () => {
    const draft = {
      name: " Mail ",
      data: { host: "h", port: 25, username: "", password: "s3cret" },
      remove: [],
    };
    expect(createBody(smtp, draft)).toEqual({
      name: "Mail",
      type: "smtp",
      data: { host: "h", port: 25, password: "s3cret" },
    });
  });

  it("updates only what changed: an empty secret keeps the stored one", () => {
    const draft = initialDraft(smtp, stored());
    expect(updateBody(smtp, stored(), draft)).toEqual({});
    expect(updateBody(smtp, stored(), { ...draft, name: "Mail 2" })).toEqual({ name: "Mail 2" });
    expect(updateBody(smtp, stored(), { ...draft, data: { ...draft.data, password: "new" } })).toEqual({
      data: { password: "new" },
    });
  });

  it("a cleared public field or a field marked for removal is sent as null", () => {
    const draft = initialDraft(smtp, stored());
    const { username: _gone, ...rest } = draft.data;
    expect(updateBody(smtp, stored(), { ...draft, data: rest })).toEqual({ data: { username: null } });
    expect(updateBody(smtp, stored(), { ...draft, remove: ["password"] })).toEqual({
      data: { password: null },
    });
    expect(updateBody(smtp, stored(), { ...draft, data: { ...draft.data, port: 2525 } })).toEqual({
      data: { port: 2525 },
    });
  });

  it("validates a new credential fully, an edited one with its stored secrets counted", () => {
    const empty = initialDraft(bearer);
    expect(credentialProblems(bearer, empty)).toEqual([
      { path: "name", message: "must not be empty" },
      { path: "data.token", message: "is required" },
    ]);
    const existing = stored({ type: "http_bearer", fields_set: ["token"], public: {} });
    expect(credentialProblems(bearer, initialDraft(bearer, existing), existing)).toEqual([]);
    expect(
      credentialProblems(bearer, { ...initialDraft(bearer, existing), remove: ["token"] }, existing),
    ).toEqual([{ path: "data.token", message: "is required" }]);
  });

  it("places the API's 422 problems on the fields", () => {
    expect(
      serverProblems([
        { loc: ["body", "data", "port"], msg: "70000 is greater than the maximum of 65535" },
        { loc: ["body", "data"], msg: "'host' is a required property" },
        { loc: ["body", "name"], msg: "String should have at least 1 character" },
      ]),
    ).toEqual([
      { path: "data.port", message: "70000 is greater than the maximum of 65535" },
      { path: "data.host", message: "is required" },
      { path: "name", message: "String should have at least 1 character" },
    ]);
  });
});
