import { barLayout, type BarLayout } from "./bar-layout";
import { ChartFigure, useChartId, variants, type FigureText } from "./figure";
import { formatNumber, type Formatter } from "./scale";
import { hasValues, type SeriesInput } from "./series";
import { INK, Label, Legend, MUTED, Svg, ValueAxis } from "./svg";
import { seriesTable } from "./table";

function ZeroLine({ l }: { l: BarLayout }) {
  const { plot } = l;
  return l.orientation === "horizontal" ? (
    <line className="chart-axis" x1={l.zero} x2={l.zero} y1={plot.y} y2={plot.y + plot.height} stroke={INK} />
  ) : (
    <line className="chart-axis" x1={plot.x} x2={plot.x + plot.width} y1={l.zero} y2={l.zero} stroke={INK} />
  );
}

export interface BarChartProps extends FigureText {
  /** Category names (already translated), one bar group per category. */
  categories: readonly string[];
  /** One or more series, values aligned with categories; several series are drawn side by side. */
  series: readonly SeriesInput[];
  orientation?: "vertical" | "horizontal";
  /** Formats values in labels, tooltips and the table (e.g. fen → "¥1,234.00"); default grouped digits. */
  format?: Formatter;
  /** Formats axis ticks (default: `format`, or just enough decimals for the step). */
  tickFormat?: Formatter;
  /** Print each value at its bar end (default with one series; dropped where it would not fit). */
  showValues?: boolean;
  /** Unit or meaning of the value axis, shown above the plot ("金额（元）"). */
  valueAxisLabel?: string;
  /** Header of the table's first column (default "类别 / Category"). */
  categoryHeader?: string;
  /** viewBox width (default 640) and height (default 320 vertical; horizontal grows with the categories). */
  width?: number;
  height?: number;
  /** viewBox width of the drawing for narrow containers (default 360; 0 for none). */
  narrowWidth?: number;
}

function Bars({ p, stacked, kind }: { p: BarChartProps; stacked: boolean; kind: string }) {
  const id = useChartId(p.id);
  const format = p.format ?? formatNumber;
  const table = seriesTable(p.categoryHeader ?? "类别 / Category", p.categories, p.series);
  const empty = !hasValues(p.series, p.categories.length);
  const multi = p.series.length > 1;
  return (
    <ChartFigure {...p} id={id} table={table} format={format} empty={empty} kind={kind}>
      {!empty &&
        variants(
          (width, variant) => {
            const l = barLayout({ ...p, stacked, width });
            const horizontal = l.orientation === "horizontal";
            return (
              <Svg key={variant} id={id} variant={variant} width={l.width} height={l.height} title={p.title} description={p.description}>
                <Legend items={l.legend} kind="box" />
                {l.axisLabel && <Label t={l.axisLabel} className="chart-axis-label" fill={MUTED} />}
                <ValueAxis ticks={l.ticks} plot={l.plot} horizontal={horizontal} />
                <g className="chart-bars">
                  {l.bars.map((b, i) => (
                    <rect
                      key={i}
                      className="chart-bar"
                      x={b.x}
                      y={b.y}
                      width={b.width}
                      height={b.height}
                      fill={b.color}
                      stroke={stacked ? "#fff" : undefined}
                      strokeWidth={stacked ? 1 : undefined}
                      data-series={b.series}
                      data-category={b.category}
                    >
                      <title>{`${p.categories[b.category]}${multi ? ` · ${p.series[b.series]!.name}` : ""}: ${format(b.value)}`}</title>
                    </rect>
                  ))}
                </g>
                <ZeroLine l={l} />
                <g className="chart-values">
                  {l.valueLabels.map((t, i) => (
                    <Label key={i} t={t} className="chart-value" />
                  ))}
                </g>
                <g className="chart-categories">
                  {l.categoryLabels.map((c, i) => (
                    <text key={i} x={c.x} y={c.y} textAnchor={c.anchor} className="chart-category">
                      {c.full && <title>{c.full}</title>}
                      {c.lines.map((line, k) => (
                        <tspan key={k} x={c.x} dy={k ? 15 : undefined}>
                          {line}
                        </tspan>
                      ))}
                    </text>
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

/** Bars per category, one or more series side by side, vertical or horizontal; negative values go below / left of zero. */
export function BarChart(props: BarChartProps) {
  return <Bars p={props} stacked={false} kind="bar" />;
}

/** Series stacked within each category (e.g. complaints by state per month); the total is printed at the end of each stack. */
export function StackedBar(props: BarChartProps) {
  return <Bars p={props} stacked kind="stacked-bar" />;
}
