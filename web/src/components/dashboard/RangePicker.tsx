/** The dashboard's time range: a preset, or whole UTC days from–to. */
import { PRESETS, type RangePreset } from "../../dashboard/range";

export interface RangeChoice {
  preset: RangePreset;
  /** Custom days, "YYYY-MM-DD" (UTC). */
  fromDay: string;
  toDay: string;
}

export function RangePicker({
  value,
  onChange,
  error,
}: {
  value: RangeChoice;
  onChange: (next: RangeChoice) => void;
  error?: string | null;
}) {
  return (
    <>
      <label>
        Range{" "}
        <select
          value={value.preset}
          onChange={(e) => onChange({ ...value, preset: e.target.value as RangePreset })}
          data-testid="range-preset"
        >
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {value.preset === "custom" && (
        <>
          <label>
            From{" "}
            <input
              type="date"
              value={value.fromDay}
              max={value.toDay || undefined}
              onChange={(e) => onChange({ ...value, fromDay: e.target.value })}
              aria-invalid={error ? true : undefined}
            />
          </label>
          <label title="Included; days are UTC days">
            To{" "}
            <input
              type="date"
              value={value.toDay}
              min={value.fromDay || undefined}
              onChange={(e) => onChange({ ...value, toDay: e.target.value })}
              aria-invalid={error ? true : undefined}
            />
          </label>
        </>
      )}
    </>
  );
}
