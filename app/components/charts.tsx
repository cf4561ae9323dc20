/**
 * Charts drawn on the server as inline SVG: readable without JavaScript, scaled by viewBox to the
 * width of their container, each with its numbers in a table under "数据表 / Data table" and an
 * optional CSV link. The geometry lives in charts.rules.ts; this file only draws it.
 *
 * Labels are plain strings the caller has already translated; numbers are already aggregated.
 * The default texts are bilingual so a chart never shows an untranslated key; pass your own.
 */
import { useId, type ReactNode } from "react";
import { TableWrap } from "~/components/table-wrap";
import {
  barLayout,
  binLabel,
  FONT,
  formatNumber,
  hasValues,
  histogramLayout,
  histogramTable,
  lineLayout,
  markerPath,
  normalizeBins,
  seriesTable,
  type BarLayout,
  type Bin,
  type ChartTable,
  type Formatter,
  type LegendItem,
  type SeriesInput,
  type TextItem,
  type Tick,
} from "~/components/charts.rules";

export type { Bin, ChartTable, Formatter, SeriesInput } from "~/components/charts.rules";

const INK = "#1f2328";
const MUTED = "#57606a";
const GRID = "#d8dee4";

/** Texts around every chart. */
export interface FigureText {
  /** Shown as the caption and used as the SVG's accessible name. */
  title: string;
  /** One or two sentences on what the chart shows; the SVG's description and a line under the title. */
  description?: string;
  /** A link to the same numbers as CSV (build it with chartCsv from charts.rules). */
  csvHref?: string;
  csvLabel?: string;
  /** The summary of the table disclosure (default "数据表 / Data table"). */
  tableLabel?: string;
  /** Shown instead of the chart when there is nothing to draw (default "暂无数据 / No data"). */
  emptyLabel?: string;
  /** Table cell for a missing value (default "—"). */
  missingLabel?: string;
  /** Open the table disclosure from the start. */
  tableOpen?: boolean;
  /** Base for the element ids (default from useId). */
  id?: string;
  className?: string;
}

export interface ChartFigureProps extends FigureText {
  /** The numbers behind the chart. */
  table?: ChartTable | null;
  /** Formats the table's numbers (default grouped digits). */
  format?: Formatter;
  /** Show the empty-state message instead of children and table. */
  empty?: boolean;
  /** Marks the figure for styling and tests (data-chart). */
  kind?: string;
  children?: ReactNode;
}

/** <figure> with the caption, the chart, the data table in <details>, the CSV link, or the empty state. */
export function ChartFigure(p: ChartFigureProps) {
  const format = p.format ?? formatNumber;
  const missing = p.missingLabel ?? "—";
  const empty = p.empty || !p.table || p.table.rows.length === 0;
  return (
    <figure className={p.className ? `chart ${p.className}` : "chart"} data-chart={p.kind}>
      <figcaption className="chart-caption">
        <span className="chart-title">{p.title}</span>
        {p.description && <span className="chart-desc">{p.description}</span>}
      </figcaption>
      {empty ? (
        <p className="empty-state chart-empty">{p.emptyLabel ?? "暂无数据 / No data"}</p>
      ) : (
        <>
          {p.children}
          <details className="chart-data" open={p.tableOpen}>
            <summary>{p.tableLabel ?? "数据表 / Data table"}</summary>
            <TableWrap label={p.title}>
              <table className="table chart-table">
                <caption className="visually-hidden">{p.title}</caption>
                <thead>
                  <tr>
                    {p.table!.head.map((h, i) => (
                      <th key={i} scope="col" className={i ? "num" : undefined}>
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {p.table!.rows.map((row, r) => (
                    <tr key={r}>
                      <th scope="row">{row.label}</th>
                      {row.values.map((v, i) => (
                        <td key={i} className="num">
                          {v === null ? missing : format(v)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
          {p.csvHref && (
            <p className="chart-actions">
              <a href={p.csvHref} download>
                {p.csvLabel ?? "下载 CSV / Download CSV"}
              </a>
            </p>
          )}
        </>
      )}
    </figure>
  );
}

function useChartId(id?: string): string {
  const uid = useId();
  return id ?? `chart-${uid.replace(/[^A-Za-z0-9_-]/g, "")}`;
}

export type Variant = "wide" | "narrow";

/**
 * Every chart is drawn twice, at `width` and at `narrowWidth`: viewBox scaling alone would shrink a
 * 640-unit chart's text to 5 px on a phone. CSS shows the narrow drawing when the figure is under
 * 34rem (a container query; without support the wide one scales as usual); the hidden one is
 * display:none, so out of the accessibility tree too.
 */
function variants(draw: (width: number, variant: Variant) => ReactNode, width = 640, narrowWidth = 360): ReactNode {
  return (
    <>
      {draw(width, "wide")}
      {narrowWidth > 0 && narrowWidth < width && draw(narrowWidth, "narrow")}
    </>
  );
}

function Svg({ id, variant, width, height, title, description, children }: { id: string; variant: Variant; width: number; height: number; title: string; description?: string; children: ReactNode }) {
  if (variant === "narrow") id = `${id}-narrow`;
  return (
    <svg
      className={`chart-svg chart-svg-${variant}`}
      data-variant={variant}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-labelledby={description ? `${id}-title ${id}-desc` : `${id}-title`}
      fontFamily="inherit"
      fontSize={FONT}
      fill={INK}
    >
      <title id={`${id}-title`}>{title}</title>
      {description && <desc id={`${id}-desc`}>{description}</desc>}
      {children}
    </svg>
  );
}

function Label({ t, className, fill, weight }: { t: TextItem; className?: string; fill?: string; weight?: number }) {
  return (
    <text x={t.x} y={t.y} textAnchor={t.anchor} className={className} fill={fill} fontWeight={weight}>
      {t.full && <title>{t.full}</title>}
      {t.text}
    </text>
  );
}

function Legend({ items, kind }: { items: LegendItem[]; kind: "box" | "line" }) {
  if (!items.length) return null;
  return (
    <g className="chart-legend">
      {items.map((it, i) => (
        <g key={i}>
          {kind === "box" ? (
            <rect x={it.x} y={it.y - 10} width={12} height={12} rx={2} fill={it.color} />
          ) : (
            <>
              <line x1={it.x} x2={it.x + 14} y1={it.y - 4} y2={it.y - 4} stroke={it.color} strokeWidth={2} strokeDasharray={it.dash || undefined} />
              {it.marker && <path d={markerPath(it.marker, it.x + 7, it.y - 4, 3)} fill={it.color} />}
            </>
          )}
          <Label t={{ x: it.x + 18, y: it.y, text: it.text, full: it.full, anchor: "start" }} />
        </g>
      ))}
    </g>
  );
}

/** Gridlines and tick labels along the value axis (rows for vertical charts, columns for horizontal). */
function ValueAxis({ ticks, plot, horizontal }: { ticks: Tick[]; plot: { x: number; y: number; width: number; height: number }; horizontal?: boolean }) {
  return (
    <g className="chart-grid" aria-hidden="true">
      {ticks.map((t, i) =>
        horizontal ? (
          <line key={`l${i}`} x1={t.pos} x2={t.pos} y1={plot.y} y2={plot.y + plot.height} stroke={GRID} />
        ) : (
          <line key={`l${i}`} x1={plot.x} x2={plot.x + plot.width} y1={t.pos} y2={t.pos} stroke={GRID} />
        ),
      )}
      {ticks.map((t, i) => t.at.text && <Label key={`t${i}`} t={t.at} className="chart-tick" fill={MUTED} />)}
    </g>
  );
}

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
        variants((width, variant) => {
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
        }, p.width, p.narrowWidth)}
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
        variants((width, variant) => {
          const l = lineLayout({ ...p, width });
          const bottom = l.plot.y + l.plot.height;
          return (
            <Svg key={variant} id={id} variant={variant} width={l.width} height={l.height} title={p.title} description={p.description}>
              <Legend items={l.legend} kind="line" />
              {l.axisLabel && <Label t={l.axisLabel} className="chart-axis-label" fill={MUTED} />}
              <ValueAxis ticks={l.ticks} plot={l.plot} />
              <line className="chart-axis" x1={l.plot.x} x2={l.plot.x + l.plot.width} y1={l.zero ?? bottom} y2={l.zero ?? bottom} stroke={l.zero === null ? MUTED : INK} />
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
                      <path key={pt.index} className="chart-point" d={markerPath(line.marker, pt.x, pt.y, 3.5)} fill={line.color} stroke="#fff" strokeWidth={1}>
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
        }, p.width, p.narrowWidth)}
    </ChartFigure>
  );
}

export interface HistogramProps extends FigureText {
  /** Pre-counted bins [from, to), e.g. days from notice to award; drawn on their own edges. */
  bins: readonly Bin[];
  /** Formats counts (default grouped digits). */
  format?: Formatter;
  tickFormat?: Formatter;
  /** Formats bin edges on the x axis (default grouped digits). */
  edgeFormat?: Formatter;
  /** Row label of a bin in the table (default its label, or "from–to"); integerBinLabel reads "0–4" for [0, 5). */
  binLabel?: (b: Bin) => string;
  /** Print counts on the bars (default true; dropped when bars are too narrow). */
  showValues?: boolean;
  /** Meaning of the count axis ("项目数"). */
  valueAxisLabel?: string;
  /** Meaning of the x axis, under it ("公告至成交天数"). */
  xAxisLabel?: string;
  /** Table headers (default "区间 / Range", "数量 / Count"). */
  rangeHeader?: string;
  countHeader?: string;
  color?: string;
  width?: number;
  height?: number;
  narrowWidth?: number;
}

/** A distribution over pre-counted bins: adjacent bars, counts on top, bin edges along the axis. */
export function Histogram(p: HistogramProps) {
  const id = useChartId(p.id);
  const format = p.format ?? formatNumber;
  const label = p.binLabel ?? ((b: Bin) => binLabel(b, p.edgeFormat ?? formatNumber));
  const table = histogramTable(p.rangeHeader ?? "区间 / Range", p.countHeader ?? "数量 / Count", p.bins, label);
  const empty = normalizeBins(p.bins).length === 0;
  return (
    <ChartFigure {...p} id={id} table={table} format={format} empty={empty} kind="histogram">
      {!empty &&
        variants((width, variant) => {
          const l = histogramLayout({ ...p, width });
          const bottom = l.plot.y + l.plot.height;
          return (
            <Svg key={variant} id={id} variant={variant} width={l.width} height={l.height} title={p.title} description={p.description}>
              {l.axisLabel && <Label t={l.axisLabel} className="chart-axis-label" fill={MUTED} />}
              <ValueAxis ticks={l.ticks} plot={l.plot} />
              <g className="chart-bars">
                {l.bars.map((b, i) => (
                  <rect key={i} className="chart-bar" x={b.x} y={b.y} width={b.width} height={b.height} fill={l.color}>
                    <title>{`${label(b.bin)}: ${format(b.bin.count)}`}</title>
                  </rect>
                ))}
              </g>
              <line className="chart-axis" x1={l.plot.x} x2={l.plot.x + l.plot.width} y1={l.zero} y2={l.zero} stroke={INK} />
              <g className="chart-values">
                {l.valueLabels.map((t, i) => (
                  <Label key={i} t={t} className="chart-value" />
                ))}
              </g>
              <g className="chart-categories">
                {l.xTicks.map((t, i) => (
                  <g key={i}>
                    <line x1={t.pos} x2={t.pos} y1={bottom} y2={bottom + 4} stroke={MUTED} className="chart-axis" />
                    <Label t={t} className="chart-category" />
                  </g>
                ))}
              </g>
              {l.xAxisLabel && <Label t={l.xAxisLabel} className="chart-axis-label" fill={MUTED} />}
            </Svg>
          );
        }, p.width, p.narrowWidth)}
    </ChartFigure>
  );
}
