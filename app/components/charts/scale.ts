/**
 * Numbers on an axis: "nice" 1/2/5 × 10^n ticks, their labels, and the linear, band and point scales
 * that map data onto pixels.
 */

export type Formatter = (n: number) => string;

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
