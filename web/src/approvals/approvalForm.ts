/**
 * An approval's decision form: fields from its `form_schema`, what may be sent, and the API's
 * refusals mapped back onto the form.
 */
import type { ApprovalPublic, DecisionCreate, JsonSchema } from "../api/types";
import { formatDuration } from "../format";
import { formFields, type FieldSpec } from "../schema/fields";
import { validate, type Problem } from "../schema/validate";

export type Decision = DecisionCreate["decision"];

/** Fields of the form the approver fills in ("form.reason", ...); none without a schema. */
export function approvalFields(schema: ApprovalPublic["form_schema"]): FieldSpec[] {
  if (!schema || typeof schema !== "object") return [];
  return formFields(schema as JsonSchema, "form");
}

/**
 * What stops this decision from being sent. Like the run, only an approval checks the form
 * against the schema; a rejection goes through with whatever was filled in.
 */
export function decisionProblems(
  decision: Decision,
  schema: ApprovalPublic["form_schema"],
  form: Record<string, unknown>,
): Problem[] {
  if (decision !== "approved" || !schema) return [];
  return validate(schema as JsonSchema, form, "form");
}

/** The request body: the comment trimmed, only the fields that hold a value. */
export function decisionBody(
  decision: Decision,
  form: Record<string, unknown>,
  comment: string,
): DecisionCreate {
  const filled = Object.fromEntries(
    Object.entries(form).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  );
  return { decision, comment: comment.trim(), form: filled };
}

/**
 * The run's refusal of a form (422 InvalidForm): "amount: 3 is less than the minimum of 5;
 * form: 'reason' is a required property" → problems on `form.amount` and `form.reason`.
 */
export function refusalProblems(message: string): Problem[] {
  return message
    .split("; ")
    .map((part) => {
      const colon = part.indexOf(": ");
      if (colon <= 0) return null;
      const where = part.slice(0, colon);
      const text = part.slice(colon + 2);
      if (!/^[\w.-]+$/.test(where)) return null;
      if (where === "form") {
        const required = /^'([^']+)' is a required property$/.exec(text);
        if (required) return { path: `form.${required[1] ?? ""}`, message: "is required" };
        return { path: "form", message: text };
      }
      return { path: `form.${where}`, message: text };
    })
    .filter((p): p is Problem => p !== null);
}

/** "operator or higher", "owner · only ann@example.com". */
export function whoMayDecide(approval: Pick<ApprovalPublic, "approver_role" | "approver_emails">): string {
  const role = approval.approver_role === "owner" ? "owner" : `${approval.approver_role} or higher`;
  if (approval.approver_emails.length === 0) return role;
  return `${role} · only ${approval.approver_emails.join(", ")}`;
}

/** "expires in 1h 5m", "expired 3 s ago", "no expiry". */
export function expiryText(expiresAt: string | null | undefined, now = Date.now()): string {
  if (!expiresAt) return "no expiry";
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return `expires ${expiresAt}`;
  const left = at - now;
  const text =
    Math.abs(left) < 60_000 ? `${Math.round(Math.abs(left) / 1000)} s` : formatDuration(Math.abs(left));
  return left >= 0 ? `expires in ${text}` : `expired ${text} ago`;
}

/**
 * The approval's page in this editor. The API's `url` names it on the public URL; follow its
 * path when it is one of ours, else build it (the API may sit behind another host name).
 */
export function approvalPath(approval: Pick<ApprovalPublic, "id" | "url">): string {
  try {
    const path = new URL(approval.url, "http://x").pathname;
    if (path === `/approvals/${approval.id}`) return path;
  } catch {
    // not a URL: build the path
  }
  return `/approvals/${encodeURIComponent(approval.id)}`;
}
