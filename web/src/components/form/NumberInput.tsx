/** A number field that also accepts an expression; keeps what is typed ("1." stays "1."). */
import { useEffect, useState } from "react";
import { parseNumberInput } from "../../schema/fields";
import { ExpressionInput } from "./ExpressionInput";

interface NumberInputProps {
  id: string;
  owner: string;
  label: string;
  value: unknown;
  integer: boolean;
  onChange(value: number | string | undefined): void;
  placeholder?: string | undefined;
  readOnly?: boolean;
  invalid?: boolean;
}

const show = (value: unknown) => (value === undefined || value === null ? "" : String(value));

export function NumberInput({ value, integer, onChange, ...rest }: NumberInputProps) {
  const [text, setText] = useState(show(value));
  useEffect(() => {
    // Follow outside changes (undo, another field), not our own parse of what was typed.
    if (parseNumberInput(text, integer) !== value) setText(show(value));
  }, [value]);
  return (
    <ExpressionInput
      {...rest}
      value={text}
      inputMode="decimal"
      onChange={(next) => {
        setText(next);
        onChange(parseNumberInput(next, integer));
      }}
    />
  );
}
