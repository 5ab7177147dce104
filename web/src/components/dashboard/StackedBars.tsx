/** Stacked vertical bars in plain SVG: one bar per row, one coloured segment per series. */
import { band, labelEvery, scaleY, stack, valueAxis } from "../../dashboard/scale";

export interface Series<K extends string> {
  key: K;
  label: string;
  color: string;
}

export interface BarRow<K extends string> {
  /** Identifies the bar (a day), exposed as data-key. */
  key: string;
  label: string;
  values: Readonly<Record<K, number>>;
  /** The bar's tooltip, after its label. */
  note?: string;
}

const WIDTH = 560;
const HEIGHT = 180;
const LEFT = 40;
const BOTTOM = 20;
const TOP = 8;
const MAX_LABELS = 8;
const MAX_BAR = 48;

export function StackedBars<K extends string>({
  rows,
  series,
  formatValue,
  integer = false,
  testId,
  label,
}: {
  rows: readonly BarRow<K>[];
  series: readonly Series<K>[];
  formatValue: (value: number) => string;
  integer?: boolean;
  testId?: string;
  /** What the chart shows, for screen readers. */
  label: string;
}) {
  const keys = series.map((s) => s.key);
  const stacks = stack(
    rows.map((r) => r.values),
    keys,
  );
  const axis = valueAxis(Math.max(0, ...stacks.map((s) => s.total)), 4, integer);
  const plotW = WIDTH - LEFT;
  const plotH = HEIGHT - BOTTOM - TOP;
  const bars = band(rows.length, plotW, 0.2, MAX_BAR);
  const every = labelEvery(rows.length, MAX_LABELS);
  const colors = Object.fromEntries(series.map((s) => [s.key, s.color])) as Record<K, string>;
  const names = Object.fromEntries(series.map((s) => [s.key, s.label])) as Record<K, string>;
  const y = (value: number) => TOP + plotH - scaleY(value, axis.top, plotH);

  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="chart-svg">
        {axis.ticks.map((tick) => (
          <g key={tick} className="chart-tick">
            <line x1={LEFT} x2={WIDTH} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatValue(tick)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const x = LEFT + bars.x(i);
          const { segments, total } = stacks[i]!;
          const parts = segments.map((s) => `${names[s.key]}: ${formatValue(s.value)}`);
          return (
            <g key={row.key} className="chart-bar" data-key={row.key} data-total={total}>
              <title>
                {[row.label, ...(parts.length ? parts : ["none"]), row.note].filter(Boolean).join("\n")}
              </title>
              {/* An invisible full-height target so that the tooltip shows over empty days too. */}
              <rect x={x} y={TOP} width={bars.barWidth} height={plotH} fill="transparent" />
              {segments.map((s) => (
                <rect
                  key={s.key}
                  x={x}
                  y={y(s.y1)}
                  width={bars.barWidth}
                  height={Math.max(0, y(s.y0) - y(s.y1))}
                  fill={colors[s.key]}
                  data-series={s.key}
                />
              ))}
              {i % every === 0 && (
                <text x={LEFT + bars.center(i)} y={HEIGHT - 5} textAnchor="middle" className="chart-label">
                  {row.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.key}>
            <span className="chart-swatch" style={{ background: s.color }} aria-hidden /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
