import { FONT, LINE, PAD, legendLayout, placeX, yTick, type Common, type TextItem } from "./layout";
import { DASHES, seriesColor } from "./palette";
import { linePath, MARKERS, type MarkerShape, type Pt } from "./path";
import { fittingTicks, formatNumber, linearScale, pointScale, r2, type Formatter } from "./scale";
import { clean, type SeriesInput } from "./series";
import { dodge, labelEvery, textWidth, truncateLabel } from "./text";

export interface LinePoint extends Pt {
  value: number;
  index: number;
}

export interface LineLayout extends Common {
  zero: number | null;
  xLabels: TextItem[];
  lines: { name: string; color: string; dash: string; marker: MarkerShape; path: string; points: LinePoint[]; markers: LinePoint[] }[];
  lastLabels: (TextItem & { color: string })[];
}

export interface LineLayoutInput {
  /** Period labels in order (ISO dates, "2026-03", "三月"…), evenly spaced: give one per period, null values for gaps. */
  x: readonly string[];
  series: readonly SeriesInput[];
  width?: number;
  height?: number;
  format?: Formatter;
  tickFormat?: Formatter;
  xFormat?: (x: string) => string;
  /** Start the value axis at zero (default true). */
  includeZero?: boolean;
  valueAxisLabel?: string;
  /** Markers on every point up to this many periods (default 60); beyond it only lone and last points. */
  markerLimit?: number;
}

/** Positions for one or more lines over evenly spaced periods; gaps where values are missing. */
export function lineLayout(input: LineLayoutInput): LineLayout {
  const W = input.width ?? 640;
  const n = input.x.length;
  const format = input.format ?? formatNumber;
  const vals = input.series.map((s) => Array.from({ length: n }, (_, i) => clean(s.values[i])));
  const all = vals.flat().filter((v): v is number => v !== null);
  const fixedFmt = input.tickFormat ?? input.format;
  const { scale, labels: tickLabels } = fittingTicks(
    all.length ? Math.min(...all) : 0,
    all.length ? Math.max(...all) : 0,
    (input.height ?? 300) - 80,
    () => LINE + 4,
    fixedFmt ? () => fixedFmt : undefined,
    {
      includeZero: input.includeZero ?? true,
    },
  );
  const multi = input.series.length > 1;
  const style = (i: number) => ({ dash: DASHES[i % DASHES.length]!, marker: MARKERS[i % MARKERS.length]! });

  const legend = legendLayout(input.series, PAD, PAD, W - 2 * PAD, style);
  let top = PAD + legend.height;
  let axisLabel: TextItem | undefined;
  if (input.valueAxisLabel) {
    axisLabel = { x: PAD, y: r2(top + FONT), text: truncateLabel(input.valueAxisLabel, W - 2 * PAD), anchor: "start" };
    top += LINE + 4;
  }
  top += FONT / 2 + 2;

  const lastIdx = vals.map((vs) => {
    for (let i = vs.length - 1; i >= 0; i--) if (vs[i] !== null) return i;
    return -1;
  });
  const lastTexts = input.series.map((s, si) => {
    const i = lastIdx[si]!;
    if (i < 0) return "";
    const v = format(vals[si]![i]!);
    return multi ? `${truncateLabel(s.name, 6 * FONT)} ${v}` : v;
  });
  const left = PAD + Math.max(...tickLabels.map((t) => textWidth(t))) + 6;
  const rightRoom = Math.min(W * 0.35, Math.max(0, ...lastTexts.map((t) => textWidth(t))) + 10);
  const right = W - PAD - rightRoom;
  const H = Math.max(input.height ?? 300, top + 100 + LINE + PAD);
  const bottom = H - PAD - LINE - 2;
  const y = linearScale([scale.min, scale.max], [bottom, top]);
  const inset = n > 1 ? 6 : 0;
  const px = pointScale(n, [left + inset, right - inset]);

  const xTexts = input.x.map((v) => (input.xFormat ? input.xFormat(v) : v));
  const widest = Math.min(8 * FONT, Math.max(0, ...xTexts.map((t) => textWidth(t))));
  const every = labelEvery(n, widest, right - left, 10);
  const xLabels: TextItem[] = [];
  xTexts.forEach((t, i) => {
    if ((n - 1 - i) % every) return; // thinned from the end: the latest period is always labelled
    const text = truncateLabel(t, widest);
    xLabels.push({ ...placeX(px(i), textWidth(text), 0, W), y: r2(bottom + 2 + FONT), text, full: text === t ? undefined : t });
  });

  const markerLimit = input.markerLimit ?? 60;
  const lines = input.series.map((s, si) => {
    const pts = vals[si]!.map((v, i) => (v === null ? null : { x: r2(px(i)), y: r2(y(v)), value: v, index: i }));
    const points = pts.filter((p): p is LinePoint => p !== null);
    const markers = n <= markerLimit ? points : points.filter((p) => p.index === lastIdx[si] || (!pts[p.index - 1] && !pts[p.index + 1]));
    return { name: s.name, color: seriesColor(si, s.color), ...style(si), path: linePath(pts), points, markers };
  });

  const withLabel = input.series.map((_, si) => si).filter((si) => lastIdx[si]! >= 0);
  const ys = dodge(
    withLabel.map((si) => y(vals[si]![lastIdx[si]!]!) + FONT * 0.35),
    LINE,
    top + FONT / 2,
    bottom + FONT / 2,
  );
  const lastLabels = withLabel.map((si, k) => {
    const p = px(lastIdx[si]!);
    return {
      x: r2(p + 7),
      y: r2(ys[k]!),
      text: truncateLabel(lastTexts[si]!, W - PAD - p - 7),
      anchor: "start" as const,
      color: lines[si]!.color,
    };
  });

  return {
    width: W,
    height: H,
    plot: { x: r2(left), y: r2(top), width: r2(right - left), height: r2(bottom - top) },
    ticks: scale.ticks.map((v, i) => yTick(left)(v, y(v), tickLabels[i]!)),
    axisLabel,
    legend: legend.items,
    zero: scale.min <= 0 && scale.max >= 0 ? r2(y(0)) : null,
    xLabels,
    lines,
    lastLabels,
  };
}
