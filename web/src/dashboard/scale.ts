/** The arithmetic of the dashboard's SVG bar charts: stacking, a round value axis, bands. */

export interface Segment<K extends string = string> {
  key: K;
  value: number;
  /** Bottom and top, in data units. */
  y0: number;
  y1: number;
}

export interface Stack<K extends string = string> {
  segments: Segment<K>[];
  total: number;
}

/** Each row's values piled in the order of `keys`; zeros make no segment. */
export function stack<K extends string>(
  rows: readonly Readonly<Partial<Record<K, number>>>[],
  keys: readonly K[],
): Stack<K>[] {
  return rows.map((row) => {
    let y = 0;
    const segments: Segment<K>[] = [];
    for (const key of keys) {
      const value = Math.max(0, row[key] ?? 0);
      if (value === 0) continue;
      segments.push({ key, value, y0: y, y1: y + value });
      y += value;
    }
    return { segments, total: y };
  });
}

/** The smallest of 1, 2, 5 × 10ⁿ not below `x` (x > 0). */
export function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  const fraction = x / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export interface Axis {
  /** The axis' top: a multiple of `step`, at least the largest value. */
  top: number;
  step: number;
  ticks: number[];
}

/** A value axis from 0 with at most `maxTicks` round steps; counts (`integer`) step by ≥ 1. */
export function valueAxis(max: number, maxTicks = 4, integer = false): Axis {
  if (!(max > 0)) return { top: 1, step: 1, ticks: [0, 1] };
  let step = niceStep(max / maxTicks);
  if (integer) step = Math.max(1, Math.round(step));
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + step / 2; i++) ticks.push(round(i * step));
  return { top: round(top), step, ticks };
}

/** Keeps 0.1 + 0.2 from showing as 0.30000000000000004 on an axis. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

export interface Band {
  /** Left edge of bar `i`. */
  x(i: number): number;
  /** Centre of bar `i`'s slot. */
  center(i: number): number;
  barWidth: number;
  step: number;
}

/**
 * `n` equal slots across `width`, each bar leaving `gap` (a fraction) of its slot empty and
 * no wider than `maxBar` (a 24-hour range has two days), centred in its slot.
 */
export function band(n: number, width: number, gap = 0.2, maxBar = Infinity): Band {
  const step = n > 0 ? width / n : width;
  const barWidth = Math.max(1, Math.min(maxBar, step * (1 - gap)));
  const inset = (step - barWidth) / 2;
  return { step, barWidth, x: (i) => i * step + inset, center: (i) => i * step + step / 2 };
}

/** Pixel height of `value` on an axis up to `top` drawn `height` tall. */
export function scaleY(value: number, top: number, height: number): number {
  return top > 0 ? (value / top) * height : 0;
}

/** Label every k-th bar so that at most `maxLabels` labels show. */
export function labelEvery(n: number, maxLabels: number): number {
  return Math.max(1, Math.ceil(n / Math.max(1, maxLabels)));
}
