/** Display formatting: durations, times, short ids. */

export function durationMs(
  startedAt?: string | null,
  finishedAt?: string | null,
  now = Date.now(),
): number | null {
  if (!startedAt) return null;
  const start = Date.parse(startedAt);
  const end = finishedAt ? Date.parse(finishedAt) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.max(0, end - start);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes}m ${seconds}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function formatTime(iso?: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function formatJson(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** An LLM cost in US dollars: cents for large sums, more digits for small ones. */
export function formatCost(dollars: number): string {
  if (dollars === 0) return "$0";
  if (dollars >= 1) return `$${dollars.toFixed(2)}`;
  if (dollars >= 0.01) return `$${dollars.toFixed(3)}`;
  return `$${dollars.toFixed(5)}`;
}

/** "in 2h 5m", "3m 10s ago", from an ISO time. */
export function relativeTime(iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const delta = at - now;
  const abs = Math.abs(delta);
  const text = abs < 60_000 ? `${Math.round(abs / 1000)} s` : formatDuration(abs);
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

/**
 * The run list's date filter: `from` and `to` are days ("2025-01-31", from date inputs), both
 * included, in the browser's time zone; answered as ISO instants for created_after/before.
 */
export function dayRange(from: string, to: string): { after?: string; before?: string } {
  const range: { after?: string; before?: string } = {};
  const start = parseDay(from);
  const end = parseDay(to);
  if (start) range.after = start.toISOString();
  if (end) {
    end.setDate(end.getDate() + 1);
    range.before = end.toISOString();
  }
  return range;
}

function parseDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}
