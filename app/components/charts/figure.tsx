/**
 * Charts drawn on the server as inline SVG: readable without JavaScript, scaled by viewBox to the
 * width of their container, each with its numbers in a table under "数据表 / Data table" and an
 * optional CSV link. The geometry lives in the *-layout.ts files; the components only draw it.
 *
 * Labels are plain strings the caller has already translated; numbers are already aggregated.
 * The default texts are bilingual so a chart never shows an untranslated key; pass your own.
 */
import { useId, type ReactNode } from "react";
import { TableWrap } from "~/components/table-wrap";
import { formatNumber, type Formatter } from "./scale";
import type { ChartTable } from "./table";

/** Texts around every chart. */
export interface FigureText {
  /** Shown as the caption and used as the SVG's accessible name. */
  title: string;
  /** One or two sentences on what the chart shows; the SVG's description and a line under the title. */
  description?: string;
  /** A link to the same numbers as CSV (build it with chartCsv from ./table). */
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

export function useChartId(id?: string): string {
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
export function variants(draw: (width: number, variant: Variant) => ReactNode, width = 640, narrowWidth = 360): ReactNode {
  return (
    <>
      {draw(width, "wide")}
      {narrowWidth > 0 && narrowWidth < width && draw(narrowWidth, "narrow")}
    </>
  );
}
