/** The dashboard's number formatting: shares, compact counts, optional durations, UTC days. */
import { formatDuration } from "../format";

/** A share (0..1) as a percentage: "0%", "4.2%", "67%", "<0.1%"; "–" for none. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return "–";
  const pct = rate * 100;
  if (pct === 0) return "0%";
  if (pct < 0.1) return "<0.1%";
  if (pct < 10) return `${pct.toFixed(1).replace(/\.0$/, "")}%`;
  return `${Math.round(pct)}%`;
}

/** Counts in little room: 950, 1.2k, 12k, 3.4M. */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n * 100) / 100);
  for (const [unit, size] of [
    ["B", 1e9],
    ["M", 1e6],
    ["k", 1e3],
  ] as const) {
    if (abs >= size) {
      const scaled = n / size;
      return `${Math.abs(scaled) < 10 ? scaled.toFixed(1).replace(/\.0$/, "") : Math.round(scaled)}${unit}`;
    }
  }
  return String(n);
}

/** A duration that may be missing ("–"). */
export function formatMaybeDuration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "–" : formatDuration(ms);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2025-03-01" → "Mar 1" (the day as given: the dashboard's days are UTC days). */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return `${MONTHS[Number(match[2]) - 1] ?? match[2]} ${Number(match[3])}`;
}
