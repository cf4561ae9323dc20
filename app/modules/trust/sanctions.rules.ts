import { addCalendarDays } from "~/modules/procurement/workdays.rules";
import type { SanctionType } from "./credit.schema";

/** Types that restrict taking part (the exclusion rules choose which of them apply). */
export const RESTRICTING_TYPES: SanctionType[] = ["suspension", "blacklist", "removal", "ban"];

/** A decision runs from the start of its first Beijing day to the end of its last one. */
export function sanctionPeriod(startsOn: string, endsOn: string | null): { startsAt: Date; endsAt: Date | null } {
  return {
    startsAt: new Date(`${startsOn}T00:00:00+08:00`),
    endsAt: endsOn ? new Date(`${addCalendarDays(endsOn, 1)}T00:00:00+08:00`) : null,
  };
}

/** The last day in force (Beijing) of a period that ends at `endsAt` (exclusive). */
export function lastDay(endsAt: Date | null): string | null {
  if (!endsAt) return null;
  return new Date(endsAt.getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
}

export type SanctionState = "scheduled" | "inForce" | "ended" | "lifted";

export function sanctionState(s: { startsAt: Date; endsAt: Date | null; liftedAt: Date | null }, now: Date): SanctionState {
  if (s.liftedAt && s.liftedAt <= now) return "lifted";
  if (s.startsAt > now) return "scheduled";
  if (s.endsAt && s.endsAt <= now) return "ended";
  return "inForce";
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a leading BOM ignored. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

/** One CSV cell: quoted when needed, and never read as a formula by a spreadsheet (=, +, -, @). */
export function csvCell(value: unknown): string {
  let s = value == null ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
