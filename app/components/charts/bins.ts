/** Histogram bins: nice edges, counting values into them, and their labels. */
import { decimalsOf, formatNumber, niceStep, roundTo, type Formatter } from "./scale";

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
