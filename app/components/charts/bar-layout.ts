import { FONT, LINE, PAD, legendLayout, placeX, yTick, type Common, type Rect, type TextItem } from "./layout";
import { seriesColor } from "./palette";
import { bandScale, fittingTicks, formatNumber, linearScale, r2, type Formatter } from "./scale";
import { clean, stackSeries, type SeriesInput } from "./series";
import { labelEvery, textWidth, truncateLabel, wrapLabel } from "./text";

export interface BarRect extends Rect {
  color: string;
  series: number;
  category: number;
  value: number;
}

export interface BarLayout extends Common {
  orientation: "vertical" | "horizontal";
  stacked: boolean;
  zero: number;
  bars: BarRect[];
  valueLabels: TextItem[];
  categoryLabels: (TextItem & { lines: string[] })[];
}

export interface BarLayoutInput {
  categories: readonly string[];
  series: readonly SeriesInput[];
  orientation?: "vertical" | "horizontal";
  stacked?: boolean;
  width?: number;
  height?: number;
  format?: Formatter;
  tickFormat?: Formatter;
  /** Value at the end of each bar (each stack when stacked). Default: one series or stacked; dropped when they would not fit. */
  showValues?: boolean;
  valueAxisLabel?: string;
}

/** Positions for grouped or stacked bars, vertical or horizontal, with a zero baseline. */
export function barLayout(input: BarLayoutInput): BarLayout {
  const horizontal = input.orientation === "horizontal";
  const stacked = !!input.stacked;
  const W = input.width ?? 640;
  const nCat = input.categories.length;
  const nSer = input.series.length;
  const format = input.format ?? formatNumber;
  const cleanVals = input.series.map((s) => Array.from({ length: nCat }, (_, c) => clean(s.values[c])));
  const spans = stacked ? stackSeries(cleanVals, nCat) : null;
  const totals = Array.from({ length: nCat }, (_, c) =>
    cleanVals.reduce<number | null>((sum, vs) => (vs[c] === null ? sum : (sum ?? 0) + vs[c]!), null),
  );

  const ends = spans ? spans.flat().map((sp) => sp.y1) : cleanVals.flat().filter((v): v is number => v !== null);
  const fixedFmt = input.tickFormat ?? input.format;
  const tickFmtFor = fixedFmt ? () => fixedFmt : undefined;
  const lo = Math.min(0, ...ends);
  const hi = Math.max(0, ...ends);
  let { scale, labels: tickLabels } = fittingTicks(lo, hi, (input.height ?? 320) - 80, () => LINE + 4, tickFmtFor);
  const labelled: { c: number; s: number; v: number; text: string }[] = [];
  if (stacked) totals.forEach((v, c) => v !== null && labelled.push({ c, s: -1, v, text: format(v) }));
  else cleanVals.forEach((vs, s) => vs.forEach((v, c) => v !== null && labelled.push({ c, s, v, text: format(v) })));
  let showValues = input.showValues ?? (stacked || nSer === 1);
  const maxPosLabel = Math.max(0, ...labelled.filter((l) => l.v >= 0).map((l) => textWidth(l.text)));
  const maxNegLabel = Math.max(0, ...labelled.filter((l) => l.v < 0).map((l) => textWidth(l.text)));

  const legend = legendLayout(input.series, PAD, PAD, W - 2 * PAD);
  let top = PAD + legend.height;
  let axisLabel: TextItem | undefined;
  if (input.valueAxisLabel) {
    axisLabel = { x: PAD, y: r2(top + FONT), text: truncateLabel(input.valueAxisLabel, W - 2 * PAD), anchor: "start" };
    top += LINE + 4;
  }

  const bars: BarRect[] = [];
  const valueLabels: TextItem[] = [];
  const categoryLabels: (TextItem & { lines: string[] })[] = [];

  if (!horizontal) {
    top += FONT / 2;
    const left = PAD + Math.max(...tickLabels.map((t) => textWidth(t))) + 6;
    const right = W - PAD;
    const band = bandScale(nCat, [left, right], 0.2, 0.1);
    const sub = nSer ? band.bandwidth / (stacked ? 1 : nSer) : 0;
    // A value label may use its whole band (one series or a stack) or its own bar (grouped).
    const room = stacked || nSer === 1 ? band.step - 2 : sub - 1;
    if (Math.max(maxPosLabel, maxNegLabel) > room) showValues = false;
    // Category labels: wrapped to two lines when every band is wide enough for two characters, else thinned.
    let every = 1;
    let lineCount = 1;
    const wrapped: string[][] = [];
    if (band.step >= 2 * FONT + 4) {
      for (const c of input.categories) wrapped.push(wrapLabel(c, band.step - 4, 2));
      lineCount = Math.max(1, ...wrapped.map((l) => l.length));
    } else {
      const cap = 6 * FONT;
      const widest = Math.min(cap, Math.max(...input.categories.map((c) => textWidth(c))));
      every = labelEvery(nCat, widest, right - left, 6);
      for (const c of input.categories) wrapped.push([truncateLabel(c, every * band.step - 6)]);
    }
    const H = Math.max(input.height ?? 320, top + 100 + lineCount * LINE + PAD);
    const bottom = H - PAD - lineCount * LINE - 2;
    const posGutter = showValues && maxPosLabel > 0 ? LINE : 0;
    const negGutter = showValues && maxNegLabel > 0 ? LINE : 0;
    const y = linearScale([scale.min, scale.max], [bottom - negGutter, top + posGutter]);
    const zero = y(0);
    input.series.forEach((s, si) => {
      const color = seriesColor(si, s.color);
      for (let c = 0; c < nCat; c++) {
        const v = cleanVals[si]![c]!;
        if (v === null) continue;
        const [a, b] = spans ? [spans[si]![c]!.y0, spans[si]![c]!.y1] : [0, v];
        const ya = y(a);
        const yb = y(b);
        const x = stacked ? band.start(c) : band.start(c) + si * sub + (nSer > 1 ? 0.5 : 0);
        const w = stacked ? band.bandwidth : Math.max(1, sub - (nSer > 1 ? 1 : 0));
        bars.push({
          x: r2(x),
          y: r2(Math.min(ya, yb)),
          width: r2(w),
          height: r2(Math.abs(yb - ya)),
          color,
          series: si,
          category: c,
          value: v,
        });
      }
    });
    if (showValues)
      for (const l of labelled) {
        const cx = stacked || l.s < 0 ? band.center(l.c) : band.start(l.c) + l.s * sub + sub / 2;
        const end = stacked
          ? l.v >= 0
            ? Math.max(...spans!.map((row) => row[l.c]!.y1))
            : Math.min(...spans!.map((row) => row[l.c]!.y1))
          : l.v;
        const yy = l.v >= 0 ? y(end) - 4 : y(end) + FONT;
        valueLabels.push({ x: r2(cx), y: r2(yy), text: l.text, anchor: "middle" });
      }
    input.categories.forEach((full, c) => {
      if (c % every) return;
      const lines = wrapped[c]!;
      const w = Math.max(...lines.map((l) => textWidth(l)));
      const pos = placeX(band.center(c), w, 0, W);
      categoryLabels.push({
        ...pos,
        y: r2(bottom + 2 + FONT),
        text: lines.join(""),
        lines,
        full: lines.join("") === full ? undefined : full,
      });
    });
    return {
      width: W,
      height: H,
      plot: { x: r2(left), y: r2(top), width: r2(right - left), height: r2(bottom - top) },
      ticks: scale.ticks.map((v, i) => yTick(left)(v, y(v), tickLabels[i]!)),
      axisLabel,
      legend: legend.items,
      orientation: "vertical",
      stacked,
      zero: r2(zero),
      bars,
      valueLabels,
      categoryLabels,
    };
  }

  // Horizontal: one row per category, names on the left (truncated to a third of the width).
  const capW = Math.max(4 * FONT, Math.round(W * 0.32));
  const catTexts = input.categories.map((c) => truncateLabel(c, capW));
  const left = PAD + Math.max(...catTexts.map((t) => textWidth(t))) + 8;
  const valueGutters = (showValues ? maxPosLabel + maxNegLabel + 12 : 0) + 24;
  ({ scale, labels: tickLabels } = fittingTicks(
    lo,
    hi,
    W - PAD - left - valueGutters,
    (ls) => Math.max(...ls.map((t) => textWidth(t))) + 12,
    tickFmtFor,
  ));
  const row = stacked ? 26 : Math.max(24, nSer * 12 + 10);
  const bottomSpace = LINE + PAD + 2;
  const H = Math.max(input.height ?? Math.round(top + nCat * row + bottomSpace + 4), top + 40 + bottomSpace);
  const bottom = H - bottomSpace;
  const lastTick = textWidth(tickLabels[tickLabels.length - 1] ?? "");
  const right = W - PAD;
  // Room inside the plot for the value labels beyond the longest bars (and for the last tick label).
  const posGutter = Math.max(showValues && maxPosLabel > 0 ? maxPosLabel + 6 : 0, lastTick / 2);
  const negGutter = showValues && maxNegLabel > 0 ? maxNegLabel + 6 : 0;
  const x = linearScale([scale.min, scale.max], [left + negGutter, right - posGutter]);
  const band = bandScale(nCat, [top, bottom], stacked ? 0.25 : 0.2, 0.1);
  const sub = nSer ? band.bandwidth / (stacked ? 1 : nSer) : 0;
  input.series.forEach((s, si) => {
    const color = seriesColor(si, s.color);
    for (let c = 0; c < nCat; c++) {
      const v = cleanVals[si]![c]!;
      if (v === null) continue;
      const [a, b] = spans ? [spans[si]![c]!.y0, spans[si]![c]!.y1] : [0, v];
      const xa = x(a);
      const xb = x(b);
      const yy = stacked ? band.start(c) : band.start(c) + si * sub + (nSer > 1 ? 0.5 : 0);
      const h = stacked ? band.bandwidth : Math.max(1, sub - (nSer > 1 ? 1 : 0));
      bars.push({
        x: r2(Math.min(xa, xb)),
        y: r2(yy),
        width: r2(Math.abs(xb - xa)),
        height: r2(h),
        color,
        series: si,
        category: c,
        value: v,
      });
    }
  });
  if (showValues)
    for (const l of labelled) {
      const cy = stacked || l.s < 0 ? band.center(l.c) : band.start(l.c) + l.s * sub + sub / 2;
      const end = stacked ? (l.v >= 0 ? Math.max(...spans!.map((rw) => rw[l.c]!.y1)) : Math.min(...spans!.map((rw) => rw[l.c]!.y1))) : l.v;
      valueLabels.push(
        l.v >= 0
          ? { x: r2(x(end) + 4), y: r2(cy + FONT * 0.35), text: l.text, anchor: "start" }
          : { x: r2(x(end) - 4), y: r2(cy + FONT * 0.35), text: l.text, anchor: "end" },
      );
    }
  input.categories.forEach((full, c) => {
    const text = catTexts[c]!;
    categoryLabels.push({
      x: r2(left - 8),
      y: r2(band.center(c) + FONT * 0.35),
      text,
      lines: [text],
      anchor: "end",
      full: text === full ? undefined : full,
    });
  });
  return {
    width: W,
    height: H,
    plot: { x: r2(left), y: r2(top), width: r2(right - left), height: r2(bottom - top) },
    ticks: scale.ticks.map((v, i) => ({
      value: v,
      pos: r2(x(v)),
      label: tickLabels[i]!,
      at: { ...placeX(x(v), textWidth(tickLabels[i]!), 0, W), y: r2(bottom + 2 + FONT), text: tickLabels[i]! },
    })),
    axisLabel,
    legend: legend.items,
    orientation: "horizontal",
    stacked,
    zero: r2(x(0)),
    bars,
    valueLabels,
    categoryLabels,
  };
}
