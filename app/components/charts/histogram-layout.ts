import { normalizeBins, type Bin } from "./bins";
import { FONT, LINE, PAD, placeX, yTick, type Common, type Rect, type TextItem } from "./layout";
import { PALETTE } from "./palette";
import { fittingTicks, formatNumber, linearScale, r2, type Formatter } from "./scale";
import { textWidth, truncateLabel } from "./text";

export interface HistogramLayout extends Common {
  zero: number;
  color: string;
  bars: (Rect & { bin: Bin })[];
  valueLabels: TextItem[];
  /** Bin edges on the x axis: `pos` is the edge, the text may be shifted to stay inside. */
  xTicks: (TextItem & { pos: number })[];
  xAxisLabel?: TextItem;
}

export interface HistogramLayoutInput {
  bins: readonly Bin[];
  width?: number;
  height?: number;
  /** Count format (default grouped integer). */
  format?: Formatter;
  tickFormat?: Formatter;
  /** Bin edge format on the x axis (default grouped number). */
  edgeFormat?: Formatter;
  showValues?: boolean;
  valueAxisLabel?: string;
  xAxisLabel?: string;
  color?: string;
}

/** Adjacent bars over the bins' own edges (gaps between bins stay visible as gaps). */
export function histogramLayout(input: HistogramLayoutInput): HistogramLayout {
  const W = input.width ?? 640;
  const bins = normalizeBins(input.bins);
  const format = input.format ?? formatNumber;
  const edgeFormat = input.edgeFormat ?? formatNumber;
  const maxCount = Math.max(0, ...bins.map((b) => b.count));
  const integer = bins.every((b) => Number.isInteger(b.count));
  const fixedFmt = input.tickFormat ?? input.format;
  const { scale, labels: tickLabels } = fittingTicks(
    0,
    maxCount,
    (input.height ?? 280) - 90,
    () => LINE + 4,
    fixedFmt ? () => fixedFmt : undefined,
    { integer },
  );

  let top = PAD;
  let axisLabel: TextItem | undefined;
  if (input.valueAxisLabel) {
    axisLabel = { x: PAD, y: r2(top + FONT), text: truncateLabel(input.valueAxisLabel, W - 2 * PAD), anchor: "start" };
    top += LINE + 4;
  }
  top += FONT / 2;
  const left = PAD + Math.max(...tickLabels.map((t) => textWidth(t))) + 6;
  const edges = [...new Set(bins.flatMap((b) => [b.from, b.to]))].sort((a, b) => a - b);
  const edgeTexts = edges.map((e) => edgeFormat(e));
  const right = W - PAD - textWidth(edgeTexts[edgeTexts.length - 1] ?? "") / 2;
  const bottomText = input.xAxisLabel ? 2 * LINE + 6 : LINE + 2;
  const H = Math.max(input.height ?? 280, top + 100 + bottomText + PAD);
  const bottom = H - PAD - bottomText - 2;
  const lo = bins[0]?.from ?? 0;
  const hi = bins[bins.length - 1]?.to ?? 1;
  const x = linearScale([lo, Math.max(hi, ...bins.map((b) => b.to))], [left, right]);
  const counts = bins.map((b) => format(b.count));
  const narrowest = Math.min(...bins.map((b) => x(b.to) - x(b.from)));
  const showValues = (input.showValues ?? true) && Math.max(0, ...counts.map((c) => textWidth(c))) <= narrowest - 2;
  const y = linearScale([scale.min, scale.max], [bottom, top + (showValues ? LINE : 0)]);
  const color = input.color ?? PALETTE[0]!;
  const bars = bins.map((b) => {
    const x0 = x(b.from);
    const x1 = x(b.to);
    const gap = x1 - x0 > 4 ? 0.5 : 0;
    return { x: r2(x0 + gap), y: r2(y(b.count)), width: r2(Math.max(0.5, x1 - x0 - 2 * gap)), height: r2(y(0) - y(b.count)), bin: b };
  });
  const valueLabels = showValues
    ? bins.map((b, i) => ({ x: r2((x(b.from) + x(b.to)) / 2), y: r2(y(b.count) - 4), text: counts[i]!, anchor: "middle" as const }))
    : [];
  const widestEdge = Math.max(0, ...edgeTexts.map((t) => textWidth(t)));
  const minGap = edges.length > 1 ? Math.min(...edges.slice(1).map((e, i) => x(e) - x(edges[i]!))) : Infinity;
  const every = Number.isFinite(minGap) ? Math.max(1, Math.ceil((widestEdge + 8) / Math.max(1, minGap))) : 1;
  const xTicks = edges.flatMap((e, i) =>
    i % every ? [] : [{ ...placeX(x(e), textWidth(edgeTexts[i]!), 0, W), y: r2(bottom + 4 + FONT), text: edgeTexts[i]!, pos: r2(x(e)) }],
  );
  const xAxisLabel = input.xAxisLabel
    ? {
        x: r2((left + right) / 2),
        y: r2(bottom + 8 + FONT + LINE),
        text: truncateLabel(input.xAxisLabel, W - 2 * PAD),
        anchor: "middle" as const,
      }
    : undefined;
  return {
    width: W,
    height: H,
    plot: { x: r2(left), y: r2(top), width: r2(right - left), height: r2(bottom - top) },
    ticks: scale.ticks.map((v, i) => yTick(left)(v, y(v), tickLabels[i]!)),
    axisLabel,
    legend: [],
    zero: r2(y(0)),
    color,
    bars,
    valueLabels,
    xTicks,
    xAxisLabel,
  };
}
