/** One approval: what to check, the form its schema asks for, a comment, Approve or Reject. */
import { useMemo, useState } from "react";
import { ApiError } from "../api/client";
import { decideApproval, readApproval } from "../api/endpoints";
import type { ApprovalPublic } from "../api/types";
import {
  approvalFields,
  decisionBody,
  decisionProblems,
  expiryText,
  refusalProblems,
  whoMayDecide,
  type Decision,
} from "../approvals/approvalForm";
import { ErrorState } from "../components/ErrorState";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { SchemaForm } from "../components/form/SchemaForm";
import { StatusBadge } from "../components/StatusBadge";
import { formatJson, formatTime, shortId } from "../format";
import { useAsync } from "../hooks/useAsync";
import type { Problem } from "../schema/validate";
import { useApprovalBadge } from "../store/approvalStore";
import { messageOf, toast } from "../store/toastStore";

export function ApprovalPage({ approvalId }: { approvalId: string }) {
  const loaded = useAsync(() => readApproval(approvalId), [approvalId]);
  const [decided, setDecided] = useState<ApprovalPublic | null>(null);
  const approval = decided ?? loaded.data;

  if (loaded.loading && !loaded.data) return <Loading label="Loading approval…" />;
  if (loaded.error || !approval)
    return <ErrorState message={loaded.error ?? "not found"} onRetry={loaded.reload} />;

  return (
    <div className="page approval-page" data-testid="approval-page" data-status={approval.status}>
      <p>
        <Link href="/approvals">← Approvals</Link>
      </p>
      <div className="page-head">
        <h2>{approval.title}</h2>
        <StatusBadge status={approval.status} />
      </div>
      <dl className="facts approval-facts">
        <dt>Run</dt>
        <dd>
          {approval.run_id ? (
            <Link href={`/runs/${approval.run_id}`}>
              run <code>{shortId(approval.run_id)}</code>
            </Link>
          ) : (
            "—"
          )}{" "}
          · node <code>{approval.node_id}</code>
        </dd>
        <dt>Who may decide</dt>
        <dd data-testid="approval-who">{whoMayDecide(approval)}</dd>
        <dt>Requested</dt>
        <dd>{formatTime(approval.created_at)}</dd>
        {approval.status === "pending" && (
          <>
            <dt>Expiry</dt>
            <dd title={formatTime(approval.expires_at)}>{expiryText(approval.expires_at)}</dd>
          </>
        )}
      </dl>
      {approval.instructions && (
        <section className="instructions" data-testid="approval-instructions">
          <h4>Instructions</h4>
          <p>{approval.instructions}</p>
        </section>
      )}
      {approval.status === "pending" ? (
        <DecisionForm
          key={approval.id}
          approval={approval}
          onDecided={setDecided}
          onStale={() => {
            setDecided(null);
            loaded.reload();
          }}
        />
      ) : (
        <Outcome approval={approval} />
      )}
    </div>
  );
}

interface DecisionFormProps {
  approval: ApprovalPublic;
  onDecided(approval: ApprovalPublic): void;
  /** The approval is no longer pending elsewhere: show its current state. */
  onStale(): void;
}

function DecisionForm({ approval, onDecided, onStale }: DecisionFormProps) {
  const fields = useMemo(() => approvalFields(approval.form_schema), [approval.form_schema]);
  const [form, setForm] = useState<Record<string, unknown>>({});
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState<Decision | null>(null);
  const [tried, setTried] = useState(false);
  const [refusal, setRefusal] = useState<{ status: number; message: string } | null>(null);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const localProblems = decisionProblems("approved", approval.form_schema, form);
  const problems = [...(tried ? localProblems : []), ...serverProblems];

  const decide = async (decision: Decision) => {
    setTried(decision === "approved");
    if (decisionProblems(decision, approval.form_schema, form).length > 0) return;
    setBusy(decision);
    setRefusal(null);
    setServerProblems([]);
    try {
      const result = await decideApproval(approval.id, decisionBody(decision, form, comment));
      toast.success(decision === "approved" ? "Approved; the run continues" : "Rejected");
      void useApprovalBadge.getState().refresh();
      onDecided(result);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setRefusal({ status, message: messageOf(err) });
      if (status === 422) setServerProblems(refusalProblems(messageOf(err)));
      if (status === 409) {
        void useApprovalBadge.getState().refresh();
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <form
      className="decision-form"
      data-testid="decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        void decide("approved");
      }}
    >
      {fields.length > 0 && (
        <section>
          <h4>Form</h4>
          <SchemaForm
            fields={fields}
            owner={`approval-${approval.id}`}
            value={form}
            problems={problems}
            onChange={(next) => {
              setForm(next);
              setServerProblems([]);
            }}
          />
        </section>
      )}
      <div className="field">
        <label htmlFor="decision-comment">Comment</label>
        <textarea
          id="decision-comment"
          rows={3}
          maxLength={5000}
          value={comment}
          placeholder="Optional: why, for the record"
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      {refusal && (
        <div className="refusal" role="alert" data-testid="decision-refusal" data-status={refusal.status}>
          <strong>{REFUSALS[refusal.status] ?? "Not decided"}:</strong> {refusal.message}
          {refusal.status === 409 && (
            <>
              {" "}
              <button type="button" className="link-button" onClick={onStale}>
                Show its current state
              </button>
            </>
          )}
        </div>
      )}
      <div className="decision-actions">
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === "approved" ? "Approving…" : "Approve"}
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy !== null}
          onClick={() => void decide("rejected")}
        >
          {busy === "rejected" ? "Rejecting…" : "Reject"}
        </button>
        {tried && localProblems.length > 0 && (
          <span className="field-error">Fill in the form to approve ({localProblems.length} to fix).</span>
        )}
      </div>
    </form>
  );
}

const REFUSALS: Record<number, string> = {
  403: "You may not decide this",
  409: "Already decided",
  422: "The form is not accepted",
};

function Outcome({ approval }: { approval: ApprovalPublic }) {
  const hasForm = approval.form && Object.keys(approval.form).length > 0;
  return (
    <section className="outcome" data-testid="approval-outcome">
      <h4>Decision</h4>
      <dl className="facts">
        <dt>Outcome</dt>
        <dd>
          <StatusBadge status={approval.status} />
        </dd>
        <dt>By</dt>
        <dd data-testid="approval-decided-by">{approval.decided_by ?? "nobody"}</dd>
        <dt>At</dt>
        <dd>{formatTime(approval.decided_at) || "—"}</dd>
        {approval.comment && (
          <>
            <dt>Comment</dt>
            <dd>{approval.comment}</dd>
          </>
        )}
      </dl>
      {hasForm && <pre className="output">{formatJson(approval.form)}</pre>}
    </section>
  );
}
