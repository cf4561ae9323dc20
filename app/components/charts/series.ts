/** The data a chart takes: series of values, what counts as missing, and how series stack. */

export type Value = number | null | undefined;

export interface SeriesInput {
  name: string;
  /** One entry per category / period, in the same order; null, undefined or a non-finite number is "no data". */
  values: readonly Value[];
  /** Overrides the palette colour (keep 3:1 against white). */
  color?: string;
}

/** A finite number or null: NaN, ±Infinity, undefined and null are all "missing". */
export function clean(v: Value): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function hasValues(series: readonly SeriesInput[], n: number): boolean {
  return n > 0 && series.some((s) => s.values.slice(0, n).some((v) => clean(v) !== null));
}

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
