/** Label, hint and inline errors around one form control. */
import type { ReactNode } from "react";
import type { Problem } from "../../schema/validate";

interface FieldFrameProps {
  id: string;
  path: string;
  label: string;
  required?: boolean;
  description?: string | undefined;
  problems: Problem[];
  children: ReactNode;
  inline?: boolean;
}

export function FieldFrame({
  id,
  path,
  label,
  required,
  description,
  problems,
  children,
  inline,
}: FieldFrameProps) {
  return (
    <div
      className={`field${inline ? " field-inline" : ""}${problems.length ? " field-invalid" : ""}`}
      data-field={path}
    >
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" title="required">
            {" "}
            *
          </span>
        )}
      </label>
      {children}
      {description && <p className="field-hint">{description}</p>}
      {problems.map((p, i) => (
        <p key={i} className="field-error" role="alert">
          {p.path.endsWith(path) ? p.message : `${p.path.split(".").pop() ?? ""}: ${p.message}`}
        </p>
      ))}
    </div>
  );
}

/** A DOM id for a field path ("config.url" in node "fetch"). */
export function fieldId(owner: string, path: string): string {
  return `f-${owner}-${path}`.replace(/[^A-Za-z0-9_-]/g, "-");
}
