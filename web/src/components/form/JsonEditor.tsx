/** Free JSON for fields without a fixed shape; text that is not JSON is kept as a string. */
import { useEffect, useState } from "react";
import { formatJsonValue, parseJsonInput } from "../../schema/fields";
import { ExpressionInput } from "./ExpressionInput";

interface JsonEditorProps {
  id: string;
  owner: string;
  label: string;
  value: unknown;
  onChange(value: unknown): void;
  /** When false, text that is not JSON is an error instead of a string value. */
  allowText: boolean;
  readOnly?: boolean;
  invalid?: boolean;
}

export function JsonEditor({ value, onChange, allowText, ...rest }: JsonEditorProps) {
  const [text, setText] = useState(formatJsonValue(value));
  const parsed = parseJsonInput(text);
  useEffect(() => {
    if (JSON.stringify(parseJsonInput(text).value) !== JSON.stringify(value)) setText(formatJsonValue(value));
  }, [value]);
  const broken = parsed.asText && !allowText;
  return (
    <>
      <ExpressionInput
        {...rest}
        multiline
        invalid={Boolean(rest.invalid) || broken}
        value={text}
        placeholder={'JSON, e.g. {"key": 1}'}
        onChange={(next) => {
          setText(next);
          const result = parseJsonInput(next);
          if (!result.asText || allowText) onChange(result.value);
        }}
      />
      {parsed.asText && allowText && <p className="field-hint">Not JSON: kept as text.</p>}
      {broken && (
        <p className="field-error" role="alert">
          not valid JSON
        </p>
      )}
    </>
  );
}
