import { binLabel, normalizeBins, type Bin } from "./bins";
import { ChartFigure, useChartId, variants, type FigureText } from "./figure";
import { histogramLayout } from "./histogram-layout";
import { formatNumber, type Formatter } from "./scale";
import { INK, Label, MUTED, Svg, ValueAxis } from "./svg";
import { histogramTable } from "./table";

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
        variants(
          (width, variant) => {
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
          },
          p.width,
          p.narrowWidth,
        )}
    </ChartFigure>
  );
}
