/**
 * Chart geometry, kept pure so it can be tested without a browser: "nice" axis ticks, scales, bins,
 * SVG path strings, label measuring / truncation for long Chinese names, and one layout function per
 * chart that turns plain data into positioned rectangles, paths and labels. charts.tsx only draws
 * what these return. Every coordinate that leaves this file is finite and rounded to 0.01.
 */
import { csvLine } from "~/lib/csv";

export type Formatter = (n: number) => string;
export type Value = number | null | undefined;

export interface SeriesInput {
  name: string;
  /** One entry per category / period, in the same order; null, undefined or a non-finite number is "no data". */
  values: readonly Value[];
  /** Overrides the palette colour (keep 3:1 against white). */
  color?: string;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A finite number or null: NaN, ±Infinity, undefined and null are all "missing". */
export function clean(v: Value): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** Round to 0.01 for SVG output (and turn -0 into 0). */
export function r2(n: number): number {
  const v = Math.round(n * 100) / 100;
  return v === 0 ? 0 : v;
}

/** The smallest 1, 2 or 5 × 10^n that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 0) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const m = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
  return roundTo(m * base, Math.max(0, -exp));
}

/** Decimal places needed to print multiples of a 1/2/5 × 10^n step exactly. */
export function decimalsOf(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

export function roundTo(n: number, decimals: number): number {
  const v = Number(n.toFixed(Math.min(20, Math.max(0, decimals))));
  return v === 0 ? 0 : v;
}

export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

export interface NiceOptions {
  /** About how many intervals (default 5). */
  count?: number;
  /** Stretch the domain to contain 0 (default true: bars and counts start at zero). */
  includeZero?: boolean;
  /** Never a fractional step (counts). */
  integer?: boolean;
}

/**
 * Axis ticks on 1/2/5 × 10^n steps covering [lo, hi]. All zeros gives 0…1; a single value v gives 0…v
 * (or a small band around v when zero is not included); non-finite input counts as 0.
 */
export function niceTicks(lo: number, hi: number, opts: NiceOptions = {}): NiceScale {
  const count = Math.max(1, opts.count ?? 5);
  let a = Number.isFinite(lo) ? lo : 0;
  let b = Number.isFinite(hi) ? hi : 0;
  if (a > b) [a, b] = [b, a];
  if (opts.includeZero ?? true) {
    a = Math.min(a, 0);
    b = Math.max(b, 0);
  }
  if (a === b) {
    if (a === 0) b = 1;
    else {
      const pad = Math.abs(a) * 0.1;
      a -= pad;
      b += pad;
    }
  }
  let step = niceStep((b - a) / count);
  if (opts.integer) step = Math.max(1, step);
  const dec = decimalsOf(step);
  const min = roundTo(Math.floor(a / step + 1e-9) * step, dec);
  const max = roundTo(Math.ceil(b / step - 1e-9) * step, dec);
  const n = Math.round((max - min) / step);
  const ticks = Array.from({ length: n + 1 }, (_, i) => roundTo(min + i * step, dec));
  return { min, max, step, ticks };
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(min: number, max: number): Intl.NumberFormat {
  const key = `${min}-${max}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: min, maximumFractionDigits: max });
    numberFormats.set(key, f);
  }
  return f;
}

/** Default value format: grouped digits, up to two decimals (three significant digits below 1). */
export const formatNumber: Formatter = (n) => {
  if (!Number.isFinite(n)) return "";
  const abs = Math.abs(n);
  if (abs === 0 || abs >= 1) return nf(0, 2).format(n);
  return nf(0, Math.min(20, decimalsOf(abs) + 2)).format(n);
};

/** Default tick format: exactly as many decimals as the step needs. */
export function tickFormatter(step: number): Formatter {
  const d = Math.min(20, decimalsOf(step));
  return (n) => nf(d, d).format(n);
}

/**
 * niceTicks whose labels fit: each labelled interval must be at least `size` px of the `available`
 * length (size is given the labels: their width on a horizontal axis, a line height on a vertical
 * one). Tries `count` intervals downwards, labelling every tick or, failing that, every other tick
 * (the others keep their gridline and get an empty label), so the domain does not balloon.
 */
export function fittingTicks(
  lo: number,
  hi: number,
  available: number,
  size: (labels: string[]) => number,
  fmt: ((step: number) => Formatter) | undefined,
  opts: NiceOptions = {},
): { scale: NiceScale; labels: string[] } {
  let last: { scale: NiceScale; labels: string[] } | null = null;
  for (let count = opts.count ?? 5; count >= 1; count--) {
    const scale = niceTicks(lo, hi, { ...opts, count });
    const f = fmt ? fmt(scale.step) : tickFormatter(scale.step);
    const labels = scale.ticks.map((t) => f(t));
    const per = available / Math.max(1, scale.ticks.length - 1);
    last = { scale, labels };
    if (per >= size(labels)) return last;
    // Every other label: keep the one at zero (or the first) and step out from it.
    const anchor = Math.max(0, scale.ticks.indexOf(0));
    const kept = labels.map((l, i) => ((i - anchor) % 2 === 0 ? l : ""));
    if (scale.ticks.length > 3 && 2 * per >= size(kept.filter(Boolean))) return { scale, labels: kept };
  }
  return last!;
}

// ---------------------------------------------------------------------------------------------
// Scales

export type Scale = (v: number) => number;

/** Maps domain [d0, d1] linearly onto range [r0, r1]; an empty domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d0 === d1 || !Number.isFinite(d0) || !Number.isFinite(d1)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

export interface BandScale {
  step: number;
  bandwidth: number;
  start: (i: number) => number;
  center: (i: number) => number;
}

/** n equal bands across [a, b] with inner/outer padding given as fractions of a step. */
export function bandScale(n: number, range: readonly [number, number], paddingInner = 0.2, paddingOuter = 0.1): BandScale {
  const [a, b] = range;
  if (n <= 0) return { step: 0, bandwidth: 0, start: () => a, center: () => a };
  const step = (b - a) / (n - paddingInner + 2 * paddingOuter);
  const bandwidth = step * (1 - paddingInner);
  const start = (i: number) => a + step * paddingOuter + i * step;
  return { step, bandwidth, start, center: (i) => start(i) + bandwidth / 2 };
}

/** n evenly spaced points from a to b (one point sits in the middle). */
export function pointScale(n: number, range: readonly [number, number]): (i: number) => number {
  const [a, b] = range;
  if (n <= 1) return () => (a + b) / 2;
  return (i) => a + (i * (b - a)) / (n - 1);
}

// ---------------------------------------------------------------------------------------------
// Paths

export interface Pt {
  x: number;
  y: number;
}

/** Runs of consecutive points; a null breaks the line (a gap for missing data). */
export function segments(points: readonly (Pt | null)[]): Pt[][] {
  const out: Pt[][] = [];
  let cur: Pt[] = [];
  for (const p of points) {
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) cur.push(p);
    else if (cur.length) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** "M x,y L x,y …" with a new M after every gap. A run of one point draws nothing: markers show it. */
export function linePath(points: readonly (Pt | null)[]): string {
  return segments(points)
    .map((run) => run.map((p, i) => `${i ? "L" : "M"}${r2(p.x)},${r2(p.y)}`).join(""))
    .join("");
}

export type MarkerShape = "circle" | "square" | "triangle" | "diamond";
export const MARKERS: readonly MarkerShape[] = ["circle", "square", "triangle", "diamond"];

/** A closed path for a point marker of radius r centred on (x, y). */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  const f = r2;
  switch (shape) {
    case "square":
      return `M${f(x - r)},${f(y - r)}h${f(2 * r)}v${f(2 * r)}h${f(-2 * r)}Z`;
    case "triangle": {
      const h = r * 1.2;
      return `M${f(x)},${f(y - h)}L${f(x + h)},${f(y + h * 0.8)}L${f(x - h)},${f(y + h * 0.8)}Z`;
    }
    case "diamond": {
      const h = r * 1.3;
      return `M${f(x)},${f(y - h)}L${f(x + h)},${f(y)}L${f(x)},${f(y + h)}L${f(x - h)},${f(y)}Z`;
    }
    default:
      return `M${f(x - r)},${f(y)}a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0Z`;
  }
}

// ---------------------------------------------------------------------------------------------
// Colours: Okabe–Ito hues (safe for the common colour-vision deficiencies), the two light ones
// replaced so every colour keeps 3:1 against white (WCAG 1.4.11). Lines also differ by dash and marker.

export const PALETTE: readonly string[] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#9E6A00", "#555555"];
export const DASHES: readonly string[] = ["", "6 3", "2 3", "8 3 2 3", "4 2", "1 2"];

export function seriesColor(i: number, override?: string): string {
  return override ?? PALETTE[i % PALETTE.length]!;
}

function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 0;
  const n = parseInt(m[1]!, 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// ---------------------------------------------------------------------------------------------
// Text: the server cannot measure fonts, so widths are estimated in em. CJK and full-width forms are
// 1 em; Latin letters and digits about 0.55 em (Noto Sans CJK's proportional Latin).

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
const NARROW = /[ il.,:;'|!()[\]{}`"/\\-]/;

export function charWidthEm(ch: string): number {
  if (WIDE.test(ch)) return 1;
  if (NARROW.test(ch)) return 0.3;
  if (/[A-Z%@MW]/.test(ch)) return 0.65;
  return 0.56;
}

/** Estimated width in px of `text` at `fontSize`. */
export function textWidth(text: string, fontSize = 12): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * fontSize;
}

/** Cuts `text` to fit `maxWidth` px, ending with "…" when something was cut. Never splits a surrogate pair. */
export function truncateLabel(text: string, maxWidth: number, fontSize = 12): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const ell = textWidth("…", fontSize);
  const chars = Array.from(text);
  let w = 0;
  let out = "";
  for (const ch of chars) {
    const cw = charWidthEm(ch) * fontSize;
    if (w + cw + ell > maxWidth) break;
    out += ch;
    w += cw;
  }
  return `${out.trimEnd()}…`;
}

const NO_LINE_START = /^[，。、；：！？）》」』】〕,.;:!?)\]%…]/;
const NO_LINE_END = /[（《「『【〔([]$/;

/** Units that may not be split: a Latin word or number (with its trailing space), or one CJK character. */
function tokens(text: string): string[] {
  const raw = text.match(/[A-Za-z0-9.,%'’_\-+]+\s*|\s+|./gsu) ?? [];
  const out: string[] = [];
  for (const t of raw) {
    const prev = out[out.length - 1];
    if (prev !== undefined && (NO_LINE_START.test(t) || NO_LINE_END.test(prev))) out[out.length - 1] = prev + t;
    else out.push(t);
  }
  return out;
}

/**
 * Wraps into at most `maxLines` lines of `maxWidth` px, lines balanced ("环境影/响评价", not
 * "环境影响评/价"); the last line is truncated with "…" when the text does not fit.
 */
export function wrapLabel(text: string, maxWidth: number, maxLines = 2, fontSize = 12): string[] {
  const lines = greedyWrap(text, maxWidth, maxLines, fontSize);
  if (lines.length < 2 || lines[lines.length - 1]!.endsWith("…")) return lines;
  // The narrowest width that still needs no more lines.
  const total = textWidth(text, fontSize);
  for (let w = Math.ceil(total / lines.length); w < maxWidth; w += fontSize / 4) {
    const tryLines = greedyWrap(text, w, lines.length, fontSize);
    if (tryLines.length <= lines.length && !tryLines[tryLines.length - 1]!.endsWith("…")) return tryLines;
  }
  return lines;
}

function greedyWrap(text: string, maxWidth: number, maxLines: number, fontSize: number): string[] {
  if (maxLines <= 1 || textWidth(text, fontSize) <= maxWidth) return [truncateLabel(text, maxWidth, fontSize)];
  // A unit wider than a whole line (a long Latin word) is split by characters.
  const units = tokens(text).flatMap((t) => (textWidth(t, fontSize) > maxWidth ? Array.from(t) : [t]));
  const lines: string[] = [];
  let cur = "";
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (cur === "" || textWidth(cur + u, fontSize) <= maxWidth) {
      cur += cur === "" ? u.trimStart() : u;
      continue;
    }
    lines.push(cur.trimEnd());
    if (lines.length === maxLines - 1) {
      lines.push(truncateLabel(units.slice(i).join("").trim(), maxWidth, fontSize));
      return lines;
    }
    cur = u.trimStart();
  }
  if (cur.trim()) lines.push(cur.trimEnd());
  return lines;
}

/** Show every k-th of n labels so labels of width `labelWidth` (+gap) fit in `available` px. */
export function labelEvery(n: number, labelWidth: number, available: number, gap = 8): number {
  if (n <= 1 || available <= 0) return 1;
  const per = available / n;
  return Math.max(1, Math.ceil((labelWidth + gap) / per));
}

/**
 * Moves label positions apart so neighbours are at least `gap` apart, staying within [lo, hi] when they
 * can. Returns positions in the input order.
 */
export function dodge(positions: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const ps = order.map((o) => o.p);
  for (let k = 0; k < ps.length; k++) ps[k] = Math.max(ps[k]!, k ? ps[k - 1]! + gap : lo);
  if (ps.length && ps[ps.length - 1]! > hi) {
    ps[ps.length - 1] = hi;
    for (let k = ps.length - 2; k >= 0; k--) ps[k] = Math.min(ps[k]!, ps[k + 1]! - gap);
    if (ps[0]! < lo) {
      const shift = lo - ps[0]!;
      for (let k = 0; k < ps.length; k++) ps[k] = ps[k]! + shift;
    }
  }
  const out: number[] = Array.from({ length: positions.length }, () => 0);
  order.forEach((o, k) => (out[o.i] = ps[k]!));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bins

export interface Bin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge (the last bin also includes it when built by binValues). */
  to: number;
  count: number;
  /** Shown instead of "from–to". */
  label?: string;
}

/** Finite bins with from < to and a count ≥ 0, sorted by their lower edge. */
export function normalizeBins(bins: readonly Bin[]): Bin[] {
  return bins
    .filter((b) => Number.isFinite(b.from) && Number.isFinite(b.to) && b.from < b.to && Number.isFinite(b.count) && b.count >= 0)
    .slice()
    .sort((a, b) => a.from - b.from || a.to - b.to);
}

/** Nice bin edges covering the values: about `count` bins (default 10), or bins of a fixed `width`. */
export function binEdges(values: readonly number[], opts: { count?: number; width?: number; integer?: boolean } = {}): number[] {
  const vs = values.filter(Number.isFinite);
  if (!vs.length) return [];
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  let width = opts.width && opts.width > 0 ? opts.width : niceStep((hi - lo) / (opts.count ?? 10));
  if (opts.integer) width = Math.max(1, Math.round(width));
  const dec = decimalsOf(width);
  const start = roundTo(Math.floor(lo / width + 1e-9) * width, dec);
  // A maximum exactly on an edge closes the last bin rather than opening an empty one (binValues closes it).
  const n = Math.max(1, Math.ceil((hi - start) / width - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => roundTo(start + i * width, dec));
}

/** Counts values into [edge_i, edge_i+1); the last bin is closed. Values outside the edges are ignored. */
export function binValues(values: readonly number[], edges: readonly number[]): Bin[] {
  if (edges.length < 2) return [];
  const bins: Bin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) bins.push({ from: edges[i]!, to: edges[i + 1]!, count: 0 });
  const last = edges[edges.length - 1]!;
  for (const v of values) {
    if (!Number.isFinite(v) || v < edges[0]! || v > last) continue;
    let lo = 0;
    let hi = bins.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bins[mid]!.from <= v) lo = mid;
      else hi = mid - 1;
    }
    bins[lo]!.count += 1;
  }
  return bins;
}

/** "from–to", or the bin's own label. */
export function binLabel(bin: Bin, fmt: Formatter = formatNumber): string {
  return bin.label ?? `${fmt(bin.from)}–${fmt(bin.to)}`;
}

/** For whole-number data (days): [0, 5) reads "0–4", [7, 8) reads "7". */
export function integerBinLabel(bin: Bin, fmt: Formatter = formatNumber): string {
  if (bin.label) return bin.label;
  const last = Math.ceil(bin.to) - 1;
  const first = Math.ceil(bin.from);
  return last <= first ? fmt(first) : `${fmt(first)}–${fmt(last)}`;
}

// ---------------------------------------------------------------------------------------------
// Stacking

export interface Span {
  y0: number;
  y1: number;
}

/**
 * series × categories → spans: positives stack up from 0, negatives down from 0, missing values get an
 * empty span at the base.
 */
export function stackSeries(values: readonly (readonly Value[])[], categories: number): Span[][] {
  const pos: number[] = Array.from({ length: categories }, () => 0);
  const neg: number[] = Array.from({ length: categories }, () => 0);
  return values.map((vals) =>
    Array.from({ length: categories }, (_, c) => {
      const v = clean(vals[c]);
      if (v === null || v === 0) return { y0: pos[c]!, y1: pos[c]! };
      if (v > 0) {
        const y0 = pos[c]!;
        pos[c] = y0 + v;
        return { y0, y1: pos[c]! };
      }
      const y0 = neg[c]!;
      neg[c] = y0 + v;
      return { y0, y1: neg[c]! };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Tables and CSV (the same rows the chart shows, so a CSV route can reuse them)

export interface ChartTable {
  head: string[];
  rows: { label: string; values: (number | null)[] }[];
}

export function seriesTable(categoryHeader: string, categories: readonly string[], series: readonly SeriesInput[]): ChartTable {
  return {
    head: [categoryHeader, ...series.map((s) => s.name)],
    rows: categories.map((label, c) => ({ label, values: series.map((s) => clean(s.values[c])) })),
  };
}

export function histogramTable(rangeHeader: string, countHeader: string, bins: readonly Bin[], label: (b: Bin) => string = (b) => binLabel(b)): ChartTable {
  return { head: [rangeHeader, countHeader], rows: normalizeBins(bins).map((b) => ({ label: label(b), values: [b.count] })) };
}

/**
 * The table as CSV (raw numbers, empty cell for no data), through the app's csvLine. Note csvLine
 * guards against spreadsheet formulas, so a negative number is written as '-5.
 */
export function chartCsv(table: ChartTable): string {
  return csvLine(table.head) + table.rows.map((r) => csvLine([r.label, ...r.values.map((v) => (v === null ? "" : v))])).join("");
}

export function hasValues(series: readonly SeriesInput[], n: number): boolean {
  return n > 0 && series.some((s) => s.values.slice(0, n).some((v) => clean(v) !== null));
}

// ---------------------------------------------------------------------------------------------
// Layouts

export const FONT = 12;
const LINE = 15;
const PAD = 8;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextItem {
  x: number;
  y: number;
  text: string;
  anchor: "start" | "middle" | "end";
  /** The untruncated text (for a tooltip) when `text` was shortened. */
  full?: string;
}

export interface LegendItem {
  x: number;
  y: number;
  text: string;
  full?: string;
  color: string;
  dash?: string;
  marker?: MarkerShape;
}

export interface Tick {
  value: number;
  /** Pixel position along the value axis. */
  pos: number;
  label: string;
  /** Where the tick label goes. */
  at: TextItem;
}

const yTick = (plotX: number) => (value: number, pos: number, label: string): Tick => ({ value, pos: r2(pos), label, at: { x: r2(plotX - 6), y: r2(pos + FONT * 0.35), text: label, anchor: "end" } });

interface Common {
  width: number;
  height: number;
  plot: Rect;
  ticks: Tick[];
  axisLabel?: TextItem;
  legend: LegendItem[];
}

function legendLayout(series: readonly SeriesInput[], x0: number, y0: number, maxWidth: number, style?: (i: number) => Pick<LegendItem, "dash" | "marker">): { items: LegendItem[]; height: number } {
  if (series.length < 2) return { items: [], height: 0 };
  const items: LegendItem[] = [];
  let x = x0;
  let y = y0 + FONT;
  const sw = 18; // swatch + gap
  series.forEach((s, i) => {
    const text = truncateLabel(s.name, Math.max(60, maxWidth / 2 - sw), FONT);
    const w = sw + textWidth(text) + 16;
    if (x > x0 && x + w > x0 + maxWidth) {
      x = x0;
      y += 18;
    }
    items.push({ x: r2(x), y: r2(y), text, full: text === s.name ? undefined : s.name, color: seriesColor(i, s.color), ...style?.(i) });
    x += w;
  });
  return { items, height: y - y0 + 10 };
}

/** Keeps a label of width w centred on x inside [lo, hi] by switching its anchor at the edges. */
function placeX(x: number, w: number, lo: number, hi: number): Pick<TextItem, "x" | "anchor"> {
  if (x - w / 2 < lo) return { x: r2(Math.max(lo, x - w / 2)), anchor: "start" };
  if (x + w / 2 > hi) return { x: r2(Math.min(hi, x + w / 2)), anchor: "end" };
  return { x: r2(x), anchor: "middle" };
}

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
  const totals = Array.from({ length: nCat }, (_, c) => cleanVals.reduce<number | null>((sum, vs) => (vs[c] === null ? sum : (sum ?? 0) + vs[c]!), null));

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
        bars.push({ x: r2(x), y: r2(Math.min(ya, yb)), width: r2(w), height: r2(Math.abs(yb - ya)), color, series: si, category: c, value: v });
      }
    });
    if (showValues)
      for (const l of labelled) {
        const cx = stacked || l.s < 0 ? band.center(l.c) : band.start(l.c) + l.s * sub + sub / 2;
        const end = stacked ? (l.v >= 0 ? Math.max(...spans!.map((row) => row[l.c]!.y1)) : Math.min(...spans!.map((row) => row[l.c]!.y1))) : l.v;
        const yy = l.v >= 0 ? y(end) - 4 : y(end) + FONT;
        valueLabels.push({ x: r2(cx), y: r2(yy), text: l.text, anchor: "middle" });
      }
    input.categories.forEach((full, c) => {
      if (c % every) return;
      const lines = wrapped[c]!;
      const w = Math.max(...lines.map((l) => textWidth(l)));
      const pos = placeX(band.center(c), w, 0, W);
      categoryLabels.push({ ...pos, y: r2(bottom + 2 + FONT), text: lines.join(""), lines, full: lines.join("") === full ? undefined : full });
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
  ({ scale, labels: tickLabels } = fittingTicks(lo, hi, W - PAD - left - valueGutters, (ls) => Math.max(...ls.map((t) => textWidth(t))) + 12, tickFmtFor));
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
      bars.push({ x: r2(Math.min(xa, xb)), y: r2(yy), width: r2(Math.abs(xb - xa)), height: r2(h), color, series: si, category: c, value: v });
    }
  });
  if (showValues)
    for (const l of labelled) {
      const cy = stacked || l.s < 0 ? band.center(l.c) : band.start(l.c) + l.s * sub + sub / 2;
      const end = stacked ? (l.v >= 0 ? Math.max(...spans!.map((rw) => rw[l.c]!.y1)) : Math.min(...spans!.map((rw) => rw[l.c]!.y1))) : l.v;
      valueLabels.push(l.v >= 0 ? { x: r2(x(end) + 4), y: r2(cy + FONT * 0.35), text: l.text, anchor: "start" } : { x: r2(x(end) - 4), y: r2(cy + FONT * 0.35), text: l.text, anchor: "end" });
    }
  input.categories.forEach((full, c) => {
    const text = catTexts[c]!;
    categoryLabels.push({ x: r2(left - 8), y: r2(band.center(c) + FONT * 0.35), text, lines: [text], anchor: "end", full: text === full ? undefined : full });
  });
  return {
    width: W,
    height: H,
    plot: { x: r2(left), y: r2(top), width: r2(right - left), height: r2(bottom - top) },
    ticks: scale.ticks.map((v, i) => ({ value: v, pos: r2(x(v)), label: tickLabels[i]!, at: { ...placeX(x(v), textWidth(tickLabels[i]!), 0, W), y: r2(bottom + 2 + FONT), text: tickLabels[i]! } })),
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
  const { scale, labels: tickLabels } = fittingTicks(all.length ? Math.min(...all) : 0, all.length ? Math.max(...all) : 0, (input.height ?? 300) - 80, () => LINE + 4, fixedFmt ? () => fixedFmt : undefined, {
    includeZero: input.includeZero ?? true,
  });
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
    return { x: r2(p + 7), y: r2(ys[k]!), text: truncateLabel(lastTexts[si]!, W - PAD - p - 7), anchor: "start" as const, color: lines[si]!.color };
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
  const { scale, labels: tickLabels } = fittingTicks(0, maxCount, (input.height ?? 280) - 90, () => LINE + 4, fixedFmt ? () => fixedFmt : undefined, { integer });

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
  const valueLabels = showValues ? bins.map((b, i) => ({ x: r2((x(b.from) + x(b.to)) / 2), y: r2(y(b.count) - 4), text: counts[i]!, anchor: "middle" as const })) : [];
  const widestEdge = Math.max(0, ...edgeTexts.map((t) => textWidth(t)));
  const minGap = edges.length > 1 ? Math.min(...edges.slice(1).map((e, i) => x(e) - x(edges[i]!))) : Infinity;
  const every = Number.isFinite(minGap) ? Math.max(1, Math.ceil((widestEdge + 8) / Math.max(1, minGap))) : 1;
  const xTicks = edges.flatMap((e, i) => (i % every ? [] : [{ ...placeX(x(e), textWidth(edgeTexts[i]!), 0, W), y: r2(bottom + 4 + FONT), text: edgeTexts[i]!, pos: r2(x(e)) }]));
  const xAxisLabel = input.xAxisLabel ? { x: r2((left + right) / 2), y: r2(bottom + 8 + FONT + LINE), text: truncateLabel(input.xAxisLabel, W - 2 * PAD), anchor: "middle" as const } : undefined;
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
