/** The numbers behind a chart as a table, and that table as CSV, so a CSV route can reuse the same rows. */
import { binLabel, normalizeBins, type Bin } from "./bins";
import { clean, type SeriesInput } from "./series";
import { csvLine } from "~/lib/csv";

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

export function histogramTable(
  rangeHeader: string,
  countHeader: string,
  bins: readonly Bin[],
  label: (b: Bin) => string = (b) => binLabel(b),
): ChartTable {
  return { head: [rangeHeader, countHeader], rows: normalizeBins(bins).map((b) => ({ label: label(b), values: [b.count] })) };
}

/**
 * The table as CSV (raw numbers, empty cell for no data), through the app's csvLine. Note csvLine
 * guards against spreadsheet formulas, so a negative number is written as '-5.
 */
export function chartCsv(table: ChartTable): string {
  return csvLine(table.head) + table.rows.map((r) => csvLine([r.label, ...r.values.map((v) => (v === null ? "" : v))])).join("");
}
