/** A text input (or textarea) that the expression helper can insert `{{ … }}` into. */
import { useRef } from "react";
import { insertAt } from "../../schema/expressions";
import { useExpressionTarget } from "../../store/expressionTarget";

interface ExpressionInputProps {
  id: string;
  owner: string;
  label: string;
  value: string;
  onChange(text: string): void;
  multiline?: boolean;
  placeholder?: string | undefined;
  readOnly?: boolean;
  invalid?: boolean;
  inputMode?: "text" | "decimal" | "numeric";
}

export function ExpressionInput(props: ExpressionInputProps) {
  const { id, owner, label, value, onChange, multiline, placeholder, readOnly, invalid, inputMode } = props;
  const caret = useRef<number | null>(null);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  const setTarget = useExpressionTarget((s) => s.setTarget);

  const remember = (el: HTMLInputElement | HTMLTextAreaElement) => {
    caret.current = el.selectionStart;
  };
  const onFocus = () => {
    if (readOnly) return;
    setTarget({
      owner,
      label,
      insert(text) {
        const next = insertAt(latest.current.value, text, caret.current);
        caret.current = (caret.current ?? latest.current.value.length) + text.length;
        latest.current.onChange(next);
      },
    });
  };
  const shared = {
    id,
    value,
    placeholder,
    readOnly,
    "aria-invalid": invalid || undefined,
    spellCheck: false,
    onFocus,
    onSelect: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => remember(e.currentTarget),
    onBlur: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => remember(e.currentTarget),
  };
  return multiline ? (
    <textarea {...shared} rows={4} onChange={(e) => onChange(e.target.value)} />
  ) : (
    <input {...shared} type="text" inputMode={inputMode} onChange={(e) => onChange(e.target.value)} />
  );
}
