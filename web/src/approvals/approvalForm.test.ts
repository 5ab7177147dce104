import { describe, expect, it } from "vitest";
import type { ApprovalPublic } from "../api/types";
import {
  approvalFields,
  approvalPath,
  decisionBody,
  decisionProblems,
  expiryText,
  refusalProblems,
  whoMayDecide,
} from "./approvalForm";

const schema = {
  type: "object",
  required: ["reason"],
  properties: {
    reason: { type: "string", minLength: 3, title: "Why" },
    amount: { type: "number", minimum: 0 },
    notify: { type: "boolean", default: true },
    channel: { enum: ["email", "sms"] },
  },
} as ApprovalPublic["form_schema"];

describe("the approval form", () => {
  it("maps form_schema properties to fields under form.*", () => {
    const fields = approvalFields(schema);
    expect(fields.map((f) => [f.path, f.kind, f.required])).toEqual([
      ["form.reason", "string", true],
      ["form.amount", "number", false],
      ["form.notify", "boolean", false],
      ["form.channel", "enum", false],
    ]);
    expect(fields[0]?.label).toBe("Why");
    expect(fields[2]?.placeholder).toBe("true");
    expect(approvalFields(null)).toEqual([]);
    expect(approvalFields({})).toEqual([]);
  });

  it("checks the form only to approve, as the run does", () => {
    expect(decisionProblems("approved", schema, {})).toEqual([
      { path: "form.reason", message: "is required" },
    ]);
    expect(decisionProblems("approved", schema, { reason: "ok", amount: -1 }).map((p) => p.path)).toEqual([
      "form.reason",
      "form.amount",
    ]);
    expect(decisionProblems("rejected", schema, {})).toEqual([]);
    expect(decisionProblems("approved", null, {})).toEqual([]);
  });

  it("sends the decision with the filled fields and a trimmed comment", () => {
    expect(
      decisionBody("approved", { reason: "refund ok", amount: 42, note: "", skip: undefined }, "  fine \n"),
    ).toEqual({
      decision: "approved",
      comment: "fine",
      form: { reason: "refund ok", amount: 42 },
    });
    expect(decisionBody("rejected", {}, "")).toEqual({ decision: "rejected", comment: "", form: {} });
  });

  it("places the run's 422 reasons on the form fields", () => {
    const message = "amount: -1 is less than the minimum of 0; form: 'reason' is a required property";
    expect(refusalProblems(message)).toEqual([
      { path: "form.amount", message: "-1 is less than the minimum of 0" },
      { path: "form.reason", message: "is required" },
    ]);
    expect(refusalProblems("form: {} is not valid under any of the given schemas")).toEqual([
      { path: "form", message: "{} is not valid under any of the given schemas" },
    ]);
    expect(refusalProblems("decision must be 'approved' or 'rejected'")).toEqual([]);
  });

  it("says who may decide and when it expires", () => {
    expect(whoMayDecide({ approver_role: "operator", approver_emails: [] })).toBe("operator or higher");
    expect(whoMayDecide({ approver_role: "owner", approver_emails: ["ann@example.com"] })).toBe(
      "owner · only ann@example.com",
    );
    const now = Date.parse("2025-01-01T10:00:00Z");
    expect(expiryText(null, now)).toBe("no expiry");
    expect(expiryText("2025-01-01T12:05:00Z", now)).toBe("expires in 2h 5m");
    expect(expiryText("2025-01-01T09:59:30Z", now)).toBe("expired 30 s ago");
  });

  it("links to the approval's page here, whatever host the API's url names", () => {
    expect(approvalPath({ id: "a1", url: "http://127.0.0.1:8000/approvals/a1" })).toBe("/approvals/a1");
    expect(approvalPath({ id: "a1", url: "https://sluice.example.com/approvals/a1" })).toBe("/approvals/a1");
    expect(approvalPath({ id: "a1", url: "https://elsewhere/inbox?id=a1" })).toBe("/approvals/a1");
  });
});
