/**
 * The dashboard's time range: presets end now; a custom range is whole UTC days, both included
 * (the API counts runs on the UTC day they were created).
 */

export type RangePreset = "24h" | "7d" | "30d" | "90d" | "custom";

export const PRESETS: readonly { value: RangePreset; label: string }[] = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "custom", label: "Custom…" },
];

/** ISO instants for the API's `from` (included) and `to` (excluded). */
export interface TimeRange {
  from: string;
  to: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The API refuses longer ranges. */
export const MAX_DAYS = 366;

const PRESET_MS: Record<Exclude<RangePreset, "custom">, number> = {
  "24h": DAY,
  "7d": 7 * DAY,
  "30d": 30 * DAY,
  "90d": 90 * DAY,
};

export function presetRange(preset: Exclude<RangePreset, "custom">, now: number): TimeRange {
  return { from: new Date(now - PRESET_MS[preset]).toISOString(), to: new Date(now).toISOString() };
}

/** "2025-03-01" … "2025-03-07" → [Mar 1 00:00Z, Mar 8 00:00Z), or why not. */
export function customRange(fromDay: string, toDay: string): { range: TimeRange } | { error: string } {
  const start = parseUtcDay(fromDay);
  const end = parseUtcDay(toDay);
  if (start === null || end === null) return { error: "Pick both days." };
  if (end < start) return { error: "The first day must not be after the last." };
  const days = (end - start) / DAY + 1;
  if (days > MAX_DAYS) return { error: `At most ${MAX_DAYS} days.` };
  return { range: { from: new Date(start).toISOString(), to: new Date(end + DAY).toISOString() } };
}

/** The UTC day of an instant, as a date input wants it. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function parseUtcDay(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return utcDay(ms) === day ? ms : null; // refuses 2025-02-30
}
