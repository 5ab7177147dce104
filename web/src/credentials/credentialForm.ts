/**
 * A credential's form: fields from its type's JSON Schema, with the secret ones write-only.
 *
 * The API never answers secret fields: a credential shows which fields are set (`fields_set`)
 * and the non-secret values (`public`). On edit, a secret left empty keeps its stored value
 * (PUT merges), and `null` removes a field; the form never holds a stored secret.
 */
import type { CredentialCreate, CredentialPublic, CredentialTypeInfo, CredentialUpdate } from "../api/types";
import { formFields, type FieldSpec } from "../schema/fields";
import { validate, type Problem } from "../schema/validate";

/** What the form holds: typed values (never a stored secret) and the fields to remove. */
export interface CredentialDraft {
  name: string;
  data: Record<string, unknown>;
  /** Fields set on the stored credential that the user chose to remove. */
  remove: string[];
}

export function isSecret(type: CredentialTypeInfo, field: string): boolean {
  return type.secret_fields.includes(field) || type.schema.properties?.[field]?.writeOnly === true;
}

/** The form's fields; secret ones are password inputs, with "leave empty to keep" when set. */
export function credentialFields(type: CredentialTypeInfo, existing?: CredentialPublic): FieldSpec[] {
  return formFields(type.schema, "data").map((spec) => {
    if (!isSecret(type, spec.name)) return spec;
    const set = existing?.fields_set.includes(spec.name) ?? false;
    const secret: FieldSpec = { ...spec, kind: "secret" };
    if (set) {
      secret.placeholder = "•••••••• set; leave empty to keep";
      secret.required = false;
    } else {
      delete secret.placeholder;
    }
    return secret;
  });
}

/** A new draft, or an existing credential's: its public fields only. */
export function initialDraft(type: CredentialTypeInfo, existing?: CredentialPublic): CredentialDraft {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(existing?.public ?? {})) {
    if (!isSecret(type, field) && value !== undefined && value !== null) data[field] = value;
  }
  return { name: existing?.name ?? "", data, remove: [] };
}

const filled = (value: unknown) => value !== undefined && value !== null && value !== "";

export function createBody(type: CredentialTypeInfo, draft: CredentialDraft): CredentialCreate {
  const data = Object.fromEntries(Object.entries(draft.data).filter(([, v]) => filled(v)));
  return { name: draft.name.trim(), type: type.type, data };
}

/**
 * Only what changed: a secret typed in replaces the stored one, an empty one keeps it; a public
 * field cleared (or any field marked for removal) is sent as null; unchanged fields are left out.
 */
export function updateBody(
  type: CredentialTypeInfo,
  existing: CredentialPublic,
  draft: CredentialDraft,
): CredentialUpdate {
  const data: Record<string, unknown> = {};
  const names = new Set([
    ...Object.keys(type.schema.properties ?? {}),
    ...Object.keys(draft.data),
    ...existing.fields_set,
  ]);
  for (const field of names) {
    const value = draft.data[field];
    const wasSet = existing.fields_set.includes(field);
    if (draft.remove.includes(field)) {
      if (wasSet) data[field] = null;
    } else if (isSecret(type, field)) {
      if (filled(value)) data[field] = value;
    } else if (filled(value)) {
      if (JSON.stringify(value) !== JSON.stringify(existing.public[field])) data[field] = value;
    } else if (wasSet) {
      data[field] = null;
    }
  }
  const body: CredentialUpdate = {};
  const name = draft.name.trim();
  if (name !== existing.name) body.name = name;
  if (Object.keys(data).length > 0) body.data = data;
  return body;
}

/**
 * Problems before sending. Editing, a stored secret counts as present (its value is unknown
 * here and the server keeps it), unless marked for removal.
 */
export function credentialProblems(
  type: CredentialTypeInfo,
  draft: CredentialDraft,
  existing?: CredentialPublic,
): Problem[] {
  const problems: Problem[] = [];
  if (!draft.name.trim()) problems.push({ path: "name", message: "must not be empty" });
  const effective: Record<string, unknown> = Object.fromEntries(
    Object.entries(draft.data).filter(([, v]) => filled(v)),
  );
  for (const field of existing?.fields_set ?? []) {
    if (isSecret(type, field) && !draft.remove.includes(field) && !filled(effective[field])) {
      effective[field] = STORED;
    }
  }
  const found = validate(type.schema, effective, "data").filter(
    // A stored secret stands in for a value it may not match (length, pattern): not a problem.
    (p) => !Object.entries(effective).some(([f, v]) => v === STORED && p.path === `data.${f}`),
  );
  return [...problems, ...found];
}

const STORED = "\u0000stored";

/** "api_key, base_url" → for the list: which fields are set, secrets marked. */
export function describeFields(type: CredentialTypeInfo | undefined, credential: CredentialPublic): string[] {
  return credential.fields_set.map((f) => (type && isSecret(type, f) ? `${f} (secret)` : f));
}

/** The API's 422 problems (loc ["body", "data", field]) as form problems ("data.field"). */
export function serverProblems(problems: { loc: (string | number)[]; msg: string }[]): Problem[] {
  return problems.map((p) => {
    const [, where, ...rest] = p.loc;
    if (where !== "data") return { path: String(where ?? "name"), message: p.msg };
    if (rest.length > 0) return { path: `data.${rest.join(".")}`, message: p.msg };
    const required = /^'([^']+)' is a required property$/.exec(p.msg);
    return required
      ? { path: `data.${required[1] ?? ""}`, message: "is required" }
      : { path: "data", message: p.msg };
  });
}
