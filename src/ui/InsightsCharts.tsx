import type { ComponentChildren } from "preact";

/**
 * Small SVG bar charts for the insights panel. Each chart is an `img` named by its title and
 * described by a one-line summary, followed by the same numbers as a table (the text
 * alternative, in a disclosure so sighted users can read exact values too).
 */

export interface Series {
  key: string;
  label: string;
}
export interface ChartRow {
  label: string;
  /** One value per series (a single-series chart has one). */
  values: number[];
}

export interface BarChartProps {
  id: string;
  title: string;
  /** One-line summary read with the chart ("Most sessions dropped after …"). */
  summary: string;
  series: Series[];
  rows: ChartRow[];
  /** Formats a value for labels and the table. */
  format?: (value: number) => string;
  tableLabel: string;
  /** Extra table columns (already formatted), e.g. dismissals next to the funnel. */
  extra?: { header: string; cells: string[] };
  rowHeader: string;
}

const WIDTH = 560;
const LABEL_W = 150;
const VALUE_W = 64;
const ROW_H = 24;
const BAR_H = 16;

const clip = (text: string, max = 22) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars; with several series the bars are stacked (stalls by reason). */
export function BarChart({
  id,
  title,
  summary,
  series,
  rows,
  format = String,
  tableLabel,
  extra,
  rowHeader,
}: BarChartProps) {
  const totals = rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const scale = (WIDTH - LABEL_W - VALUE_W) / max;
  const height = rows.length * ROW_H + (series.length > 1 ? 22 : 4);
  return (
    <figure class="wm-chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`} class="wm-chart-title">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={title}
        aria-describedby={`${id}-sd`}
        class="wm-svg"
        data-chart={id}
      >
        <title id={`${id}-st`}>{title}</title>
        <desc id={`${id}-sd`}>{summary}</desc>
        {rows.map((row, i) => {
          let x = LABEL_W;
          const y = i * ROW_H + 4;
          return (
            <g key={row.label} data-row={row.label}>
              <text x={LABEL_W - 8} y={y + BAR_H - 3} text-anchor="end" class="wm-svg-label">
                {clip(row.label)}
              </text>
              {row.values.map((value, s) => {
                const w = value * scale;
                const rect = (
                  <rect
                    key={s}
                    x={x}
                    y={y}
                    width={Math.max(0, w)}
                    height={BAR_H}
                    rx={2}
                    class={`wm-bar wm-bar-${s}`}
                    data-value={value}
                  />
                );
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + BAR_H - 3} class="wm-svg-value">
                {format(totals[i]!)}
              </text>
            </g>
          );
        })}
        {series.length > 1 ? (
          <g class="wm-legend" transform={`translate(${LABEL_W}, ${rows.length * ROW_H + 8})`}>
            {series.map((s, i) => (
              <g key={s.key} transform={`translate(${i * 84}, 0)`}>
                <rect width={10} height={10} class={`wm-bar wm-bar-${i}`} />
                <text x={14} y={9} class="wm-svg-value">
                  {s.label}
                </text>
              </g>
            ))}
          </g>
        ) : null}
      </svg>
      <details class="wm-table-toggle">
        <summary>{tableLabel}</summary>
        <DataTable
          caption={title}
          headers={[rowHeader, ...series.map((s) => s.label), ...(extra ? [extra.header] : [])]}
          rows={rows.map((r, i) => [
            r.label,
            ...r.values.map((v) => format(v)),
            ...(extra ? [extra.cells[i] ?? ""] : []),
          ])}
        />
      </details>
    </figure>
  );
}

export function DataTable({
  caption,
  headers,
  rows,
}: {
  caption: ComponentChildren;
  headers: string[];
  rows: string[][];
}) {
  return (
    <table class="wm-table">
      <caption class="wm-sr">{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i}>
            {cells.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {c}
                </th>
              ) : (
                <td key={j}>{c}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
