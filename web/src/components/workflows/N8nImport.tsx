/** Import from n8n: paste or choose an export, preview the conversion report, then import. */
import { useState, type ChangeEvent } from "react";
import { ApiError } from "../../api/client";
import { importN8n } from "../../api/endpoints";
import type { N8nImportPublic } from "../../api/types";
import { navigate } from "../../hooks/useRoute";
import { fieldOf, parseExport, sortedLines, summaryText, verdict } from "../../newWorkflow/importReport";
import { messageOf, toast } from "../../store/toastStore";

interface Problem {
  field: string;
  message: string;
}

interface ImportProps {
  onBack(): void;
  onImported(): void;
}

export function N8nImport({ onBack, onImported }: ImportProps) {
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [preview, setPreview] = useState<{ text: string; result: N8nImportPublic } | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const previewed = preview !== null && preview.text === text;

  const edit = (next: string) => {
    setText(next);
    setProblems([]);
  };
  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setFileName(file.name);
    edit(await file.text());
  };

  const send = async (dryRun: boolean) => {
    const parsed = parseExport(text);
    if (!parsed.ok) {
      setProblems([{ field: "export", message: parsed.message }]);
      return;
    }
    setBusy(dryRun ? "preview" : "import");
    setProblems([]);
    try {
      const result = await importN8n(parsed.value, dryRun);
      if (dryRun) {
        setPreview({ text, result });
      } else if (result.workflow) {
        const count = result.credentials.length;
        toast.success(
          `Imported “${result.workflow.name}”` +
            (count > 0
              ? `; fill in ${count} new credential${count === 1 ? "" : "s"} on the Credentials page.`
              : "."),
        );
        onImported();
        navigate(`/workflows/${result.workflow.id}`);
        return;
      }
    } catch (error) {
      setProblems(problemsOf(error));
    }
    setBusy(null);
  };

  const invalid = problems.length > 0;
  return (
    <form className="n8n-import" aria-label="Import from n8n" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="n8n-export">n8n workflow JSON</label>
        <textarea
          id="n8n-export"
          rows={8}
          value={text}
          autoFocus
          spellCheck={false}
          placeholder='{"name": "…", "nodes": [ … ], "connections": { … }}'
          aria-invalid={invalid}
          aria-describedby={invalid ? "n8n-problems" : "n8n-hint"}
          onChange={(e) => edit(e.target.value)}
        />
        <p id="n8n-hint" className="field-hint">
          In n8n: the workflow's menu → Download, or select all nodes and copy.
        </p>
      </div>
      <div className="field">
        <label htmlFor="n8n-file">Or choose a .json file</label>
        <input
          id="n8n-file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => void chooseFile(e)}
        />
        {fileName && <span className="muted"> Read {fileName}</span>}
      </div>
      {invalid && (
        <div id="n8n-problems" className="import-problems" role="alert" data-testid="n8n-problems">
          <p>The export was refused:</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <code>{p.field}</code>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {previewed && <ImportPreview result={preview.result} />}
      <div className="modal-actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="button" disabled={busy !== null || text.trim() === ""} onClick={() => void send(true)}>
          {busy === "preview" ? "Previewing…" : "Preview"}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy !== null || !previewed}
          title={previewed ? undefined : "Preview first to see what converts"}
          onClick={() => void send(false)}
        >
          {busy === "import" ? "Importing…" : "Import"}
        </button>
      </div>
    </form>
  );
}

function ImportPreview({ result }: { result: N8nImportPublic }) {
  const { report, credentials } = result;
  return (
    <div className="import-preview" data-testid="n8n-preview">
      <p className="import-summary" role="status" data-testid="n8n-summary">
        <strong>{summaryText(report.summary)}</strong> — {verdict(report)}
      </p>
      <table className="table report-table" data-testid="n8n-report">
        <caption className="visually-hidden">Conversion report</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">n8n type</th>
            <th scope="col">Status</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {sortedLines(report.lines).map((line, i) => (
            <tr key={i} data-node={line.node} data-status={line.status}>
              <td>{line.node}</td>
              <td>
                <code>{line.n8n_type}</code>
              </td>
              <td>
                <span className={`badge badge-import-${line.status}`}>{line.status}</span>
              </td>
              <td>
                {line.parameter && <code>{line.parameter}</code>}
                {line.parameter && ": "}
                {line.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Credentials</h4>
      {credentials.length === 0 ? (
        <p className="muted">None: the workflow uses no credentials.</p>
      ) : (
        <>
          <p className="muted">
            One of this workspace's with the same name and type is re-used; the others are created empty (n8n
            exports carry no secrets): fill them in on the Credentials page.
          </p>
          <ul className="import-credentials" data-testid="n8n-credentials">
            {credentials.map((c) => (
              <li key={`${c.type}:${c.name}`}>
                <strong>{c.name}</strong> <code>{c.type}</code>{" "}
                {c.id && !c.created ? "— re-used" : "— created empty"}
                {c.used_by.length > 0 && <span className="muted"> · used by {c.used_by.join(", ")}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function problemsOf(error: unknown): Problem[] {
  if (error instanceof ApiError && error.problems.length > 0) {
    return error.problems.map((p) => ({ field: fieldOf(p.loc), message: p.msg }));
  }
  return [{ field: "export", message: messageOf(error) }];
}
