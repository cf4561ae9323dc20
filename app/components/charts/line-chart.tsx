import { ChartFigure, useChartId, variants, type FigureText } from "./figure";
import { lineLayout } from "./line-layout";
import { markerPath } from "./path";
import { formatNumber, type Formatter } from "./scale";
import { hasValues, type SeriesInput } from "./series";
import { INK, Label, Legend, MUTED, Svg, ValueAxis } from "./svg";
import { seriesTable } from "./table";

export interface LineChartProps extends FigureText {
  /** Periods in order (ISO dates, "2026-03", "三月"…), drawn evenly spaced: give every period, with null for a gap. */
  x: readonly string[];
  /** One or more series aligned with x; null / undefined / NaN leave a gap in the line. */
  series: readonly SeriesInput[];
  /** Formats values (labels, tooltips, table). */
  format?: Formatter;
  tickFormat?: Formatter;
  /** Shortens period labels on the axis and in the table ("2026-03-01" → "3月"). */
  xFormat?: (x: string) => string;
  /** Start the value axis at zero (default true). */
  includeZero?: boolean;
  valueAxisLabel?: string;
  /** Header of the table's first column (default "时间 / Period"). */
  categoryHeader?: string;
  width?: number;
  height?: number;
  narrowWidth?: number;
}

/** Lines over time, gaps for missing points, the last value of each series labelled at its end. */
export function LineChart(p: LineChartProps) {
  const id = useChartId(p.id);
  const format = p.format ?? formatNumber;
  const xs = p.x.map((v) => (p.xFormat ? p.xFormat(v) : v));
  const table = seriesTable(p.categoryHeader ?? "时间 / Period", xs, p.series);
  const empty = !hasValues(p.series, p.x.length);
  return (
    <ChartFigure {...p} id={id} table={table} format={format} empty={empty} kind="line">
      {!empty &&
        variants(
          (width, variant) => {
            const l = lineLayout({ ...p, width });
            const bottom = l.plot.y + l.plot.height;
            return (
              <Svg key={variant} id={id} variant={variant} width={l.width} height={l.height} title={p.title} description={p.description}>
                <Legend items={l.legend} kind="line" />
                {l.axisLabel && <Label t={l.axisLabel} className="chart-axis-label" fill={MUTED} />}
                <ValueAxis ticks={l.ticks} plot={l.plot} />
                <line
                  className="chart-axis"
                  x1={l.plot.x}
                  x2={l.plot.x + l.plot.width}
                  y1={l.zero ?? bottom}
                  y2={l.zero ?? bottom}
                  stroke={l.zero === null ? MUTED : INK}
                />
                <g className="chart-lines">
                  {l.lines.map((line, si) => (
                    <g key={si} data-series={si}>
                      {line.path && (
                        <path
                          className="chart-line"
                          d={line.path}
                          fill="none"
                          stroke={line.color}
                          strokeWidth={2}
                          strokeDasharray={line.dash || undefined}
                          strokeLinejoin="round"
                          strokeLinecap="round"
                        />
                      )}
                      {line.markers.map((pt) => (
                        <path
                          key={pt.index}
                          className="chart-point"
                          d={markerPath(line.marker, pt.x, pt.y, 3.5)}
                          fill={line.color}
                          stroke="#fff"
                          strokeWidth={1}
                        >
                          <title>{`${xs[pt.index]}${p.series.length > 1 ? ` · ${line.name}` : ""}: ${format(pt.value)}`}</title>
                        </path>
                      ))}
                    </g>
                  ))}
                </g>
                <g className="chart-values">
                  {l.lastLabels.map((t, i) => (
                    <Label key={i} t={t} className="chart-value chart-last" weight={600} />
                  ))}
                </g>
                <g className="chart-categories">
                  {l.xLabels.map((t, i) => (
                    <Label key={i} t={t} className="chart-category" />
                  ))}
                </g>
              </Svg>
            );
          },
          p.width,
          p.narrowWidth,
        )}
    </ChartFigure>
  );
}
