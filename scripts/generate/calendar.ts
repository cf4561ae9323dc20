import { addWorkdays, isWorkday } from "~/lib/beijing-calendar";

const DAY = 86_400_000;
const BEIJING = 8 * 3_600_000;

/**
 * The official working-day calendar of beijing-calendar.ts, tabulated once over a range of days so that
 * the millions of periods a generator run computes (deadlines, publicity, due dates, lateness) cost an
 * array look-up each instead of a walk over date strings. Outside the table it asks beijing-calendar.ts.
 * Days are "epoch days" of the Beijing calendar (days since 1970-01-01 there).
 */
export class WorkCalendar {
  private readonly first: number;
  private readonly last: number;
  /** cum[i]: working days among first … first + i (inclusive). */
  private readonly cum: Int32Array;
  /** The epoch days of the working days in the table, in order. */
  private readonly workdays: Int32Array;

  constructor(fromMs: number, toMs: number) {
    this.first = WorkCalendar.dayOf(fromMs);
    this.last = WorkCalendar.dayOf(toMs);
    const n = this.last - this.first + 1;
    this.cum = new Int32Array(n);
    const list: number[] = [];
    let c = 0;
    for (let i = 0; i < n; i++) {
      if (isWorkday(WorkCalendar.iso(this.first + i))) {
        c += 1;
        list.push(this.first + i);
      }
      this.cum[i] = c;
    }
    this.workdays = Int32Array.from(list);
  }

  /** The Beijing epoch day of an instant. */
  static dayOf(ms: number): number {
    return Math.floor((ms + BEIJING) / DAY);
  }

  static iso(day: number): string {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }

  static dayOfIso(date: string): number {
    return Date.parse(`${date}T00:00:00Z`) / DAY;
  }

  /** The epoch day `n` working days after `day` (the day itself never counts); n = 0 → `day`. */
  addWorkdays(day: number, n: number): number {
    if (n === 0) return day;
    const i = day - this.first;
    if (i >= 0 && day <= this.last) {
      const k = this.cum[i]! + n - 1;
      if (k < this.workdays.length) return this.workdays[k]!;
    }
    return WorkCalendar.dayOfIso(addWorkdays(WorkCalendar.iso(day), n));
  }

  /** Working days after `a` up to and including `b` (b ≥ a), as beijing-calendar.ts workdaysBetween. */
  workdaysBetween(a: number, b: number): number {
    if (b < a) return -this.workdaysBetween(b, a);
    if (a >= this.first && b <= this.last) return this.cum[b - this.first]! - this.cum[a - this.first]!;
    let c = 0;
    for (let d = a + 1; d <= b; d++) if (isWorkday(WorkCalendar.iso(d))) c += 1;
    return c;
  }

  /** As deadlineAfterWorkdays: the end (23:59:59.999 Beijing) of the n-th working day after `fromMs`, or `atHour` on it. */
  deadlineAfterWorkdays(fromMs: number, n: number, atHour?: number): number {
    const day = this.addWorkdays(WorkCalendar.dayOf(fromMs), n);
    return atHour === undefined ? (day + 1) * DAY - BEIJING - 1 : day * DAY - BEIJING + atHour * 3_600_000;
  }

  /** 00:00 Beijing of an epoch day, as an instant. */
  static startOf(day: number): number {
    return day * DAY - BEIJING;
  }
}
