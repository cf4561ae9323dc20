import { CN_HOLIDAY_YEARS } from "./holidays-cn";

/**
 * Working days (工作日) on the official calendar: Monday–Friday, minus the days a State Council General
 * Office notice gives off, plus the weekend days it makes working days (调休). Periods the procedure
 * counts in working days — the minimum bidding period, the publicity period of an award, the Q&A closing
 * one working day before the deadline, lateness of a delivery — all come from here.
 *
 * Dates are "YYYY-MM-DD" strings on the Beijing calendar; instants are Dates. Beijing time is UTC+8 all
 * year (China has had no daylight-saving time since 1991), so no time-zone database is needed.
 *
 * Outside the years in holidays-cn.ts the calendar falls back to plain Monday–Friday, which misses every
 * holiday. `isCovered` / `calendarCovers` say whether a date or range was computed on the real calendar;
 * a caller showing a deadline that is not covered should mark it as an estimate (按周一至周五估算).
 */

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const MAX_WORKDAYS = 3660;

const OFF_DAYS = new Set<string>();
const ADJUSTED_WORKDAYS = new Set<string>();
for (const y of CN_HOLIDAY_YEARS) {
  for (const d of y.offDays) OFF_DAYS.add(d);
  for (const d of y.adjustedWorkdays) ADJUSTED_WORKDAYS.add(d);
}

/** The years the holiday calendar covers. */
export const WORKDAY_CALENDAR_YEARS: readonly number[] = CN_HOLIDAY_YEARS.map((y) => y.year);
const COVERED = new Set(WORKDAY_CALENDAR_YEARS);

export type DayKind = "workday" | "weekend" | "holiday" | "adjustedWorkday";

/** Days since 1970-01-01 of a valid "YYYY-MM-DD"; throws on anything else (2025-02-29 included). */
function epochDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY_MS;
  }
  throw new RangeError(`not a calendar date: ${date}`);
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isIsoDate(date: string): boolean {
  try {
    epochDay(date);
    return true;
  } catch {
    return false;
  }
}

/** Whether the date's year is in the holiday calendar (else working days are only estimated). */
export function isCovered(date: string): boolean {
  epochDay(date);
  return COVERED.has(Number(date.slice(0, 4)));
}

/** Whether every date from `a` to `b` (either order, inclusive) is in a covered year. */
export function calendarCovers(a: string, b: string): boolean {
  const [lo, hi] = epochDay(a) <= epochDay(b) ? [a, b] : [b, a];
  for (let y = Number(lo.slice(0, 4)); y <= Number(hi.slice(0, 4)); y++) if (!COVERED.has(y)) return false;
  return true;
}

export function dayKind(date: string): DayKind {
  const weekday = new Date(epochDay(date) * DAY_MS).getUTCDay(); // 0 = Sunday
  const weekend = weekday === 0 || weekday === 6;
  if (OFF_DAYS.has(date)) return "holiday";
  if (ADJUSTED_WORKDAYS.has(date)) return "adjustedWorkday";
  return weekend ? "weekend" : "workday";
}

export function isWorkday(date: string): boolean {
  const k = dayKind(date);
  return k === "workday" || k === "adjustedWorkday";
}

export function addCalendarDays(date: string, n: number): string {
  return fromEpochDay(epochDay(date) + n);
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WORKDAYS)
    throw new RangeError(`working-day count must be an integer 0–${MAX_WORKDAYS}, got ${n}`);
}

/**
 * The date `n` working days after `date`: `date` itself never counts (期间开始的当日不计入, 《民法典》第二百零一条),
 * so n = 1 is the next working day, whatever `date` is. n = 0 returns `date` unchanged.
 */
export function addWorkdays(date: string, n: number): string {
  checkCount(n);
  let day = epochDay(date);
  for (let left = n; left > 0;) {
    day += 1;
    if (isWorkday(fromEpochDay(day))) left -= 1;
  }
  return fromEpochDay(day);
}

/** The date `n` working days before `date` (n = 1: the last working day before it). n = 0 returns `date`. */
export function subtractWorkdays(date: string, n: number): string {
  checkCount(n);
  let day = epochDay(date);
  for (let left = n; left > 0;) {
    day -= 1;
    if (isWorkday(fromEpochDay(day))) left -= 1;
  }
  return fromEpochDay(day);
}

/**
 * Working days after `a` up to and including `b`; negative, by the same count, when `b` is before `a`
 * (so `addWorkdays(a, workdaysBetween(a, b))` is `b` whenever `b` is a working day after `a`).
 */
export function workdaysBetween(a: string, b: string): number {
  const from = epochDay(a);
  const to = epochDay(b);
  if (to < from) return -workdaysBetween(b, a);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (isWorkday(fromEpochDay(day))) count += 1;
  return count;
}

/** The Beijing calendar date of an instant. */
export function beijingDate(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError("invalid instant");
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing month of an instant, "YYYY-MM". */
export function beijingMonth(instant: Date): string {
  return beijingDate(instant).slice(0, 7);
}

/** The Beijing year of an instant. */
export function beijingYear(instant: Date): number {
  return Number(beijingDate(instant).slice(0, 4));
}

/** An instant as a Beijing wall-clock "YYYY-MM-DDTHH:mm", the value of a datetime-local input. */
export function beijingDateTimeLocal(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError("invalid instant");
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/** The Beijing month `offset` months after "YYYY-MM" (negative goes back). */
export function addMonths(month: string, offset: number): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1 + offset, 1)).toISOString().slice(0, 7);
}

/** 00:00 Beijing time on the first day of a month: "YYYY-MM", or a year and a 0-based month (which may run over). */
export function beijingStartOfMonth(month: string): Date;
export function beijingStartOfMonth(year: number, monthIndex: number): Date;
export function beijingStartOfMonth(month: string | number, monthIndex = 0): Date {
  if (typeof month === "number") return new Date(Date.UTC(month, monthIndex, 1) - BEIJING_OFFSET_MS);
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  return beijingStartOfMonth(Number(m[1]), Number(m[2]) - 1);
}

/** 00:00 Beijing time on `date`. */
export function beijingStartOfDay(date: string): Date {
  return new Date(epochDay(date) * DAY_MS - BEIJING_OFFSET_MS);
}

/** The last millisecond of `date` in Beijing (23:59:59.999, i.e. just before 24:00). */
export function beijingEndOfDay(date: string): Date {
  return new Date((epochDay(date) + 1) * DAY_MS - BEIJING_OFFSET_MS - 1);
}

/**
 * The deadline of a period of `n` working days starting at `from`: the n-th working day after `from`'s
 * Beijing date (the start day does not count, 《民法典》第二百零一条), ending at 24:00 Beijing time
 * (期间的最后一日的截止时间为二十四时, 第二百零三条) — returned as 23:59:59.999, the last instant inside it.
 * `atHour` (0–23) instead ends it at that hour of that day, for notices that close at a stated time
 * such as 17:00. Not covered by the calendar → Monday–Friday estimate (see calendarCovers).
 */
export function deadlineAfterWorkdays(from: Date, n: number, atHour?: number): Date {
  const day = addWorkdays(beijingDate(from), n);
  if (atHour === undefined) return beijingEndOfDay(day);
  if (!Number.isSafeInteger(atHour) || atHour < 0 || atHour > 23) throw new RangeError("atHour must be an integer 0–23");
  return new Date(beijingStartOfDay(day).getTime() + atHour * 3_600_000);
}

/**
 * Whether `deadline` leaves at least `n` full working days after `from` (e.g. a bid deadline at least 3
 * working days after publication): it must not fall before the end of the n-th working day.
 */
export function meetsMinimumWorkdays(from: Date, deadline: Date, n: number): boolean {
  return deadline.getTime() >= deadlineAfterWorkdays(from, n).getTime();
}

/**
 * How many working days late `done` is against `due`: 0 when on time; otherwise the working days after
 * `due`'s Beijing date up to and including `done`'s, and at least 1 — late by hours, or finished on a
 * weekend after a Friday deadline, still counts as late.
 */
export function workdaysLate(due: Date, done: Date): number {
  if (done.getTime() <= due.getTime()) return 0;
  return Math.max(1, workdaysBetween(beijingDate(due), beijingDate(done)));
}
