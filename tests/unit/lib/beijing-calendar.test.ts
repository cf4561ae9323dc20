import { describe, expect, it } from "vitest";
import { CN_HOLIDAY_YEARS } from "~/lib/holidays-cn";
import {
  WORKDAY_CALENDAR_YEARS,
  addCalendarDays,
  addMonths,
  beijingDateTimeLocal,
  beijingMonth,
  beijingStartOfMonth,
  beijingYear,
  addWorkdays,
  beijingDate,
  beijingEndOfDay,
  beijingStartOfDay,
  calendarCovers,
  dayKind,
  deadlineAfterWorkdays,
  isCovered,
  isIsoDate,
  isWorkday,
  meetsMinimumWorkdays,
  subtractWorkdays,
  workdaysBetween,
  workdaysLate,
} from "~/lib/beijing-calendar";

const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe("the holiday data", () => {
  it("covers 2024–2026, each year citing its notice", () => {
    expect(WORKDAY_CALENDAR_YEARS).toEqual([2024, 2025, 2026]);
    expect(CN_HOLIDAY_YEARS.map((y) => y.notice.match(/国办发明电〔\d{4}〕\d+号/)?.[0])).toEqual([
      "国办发明电〔2023〕7号",
      "国办发明电〔2024〕12号",
      "国办发明电〔2025〕7号",
    ]);
  });
  it("has the number of days each notice announces", () => {
    // 2024: 1 + 8 + 3 + 5 + 1 + 3 + 7; 2025: 1 + 8 + 3 + 5 + 3 + 8; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7.
    expect(CN_HOLIDAY_YEARS.map((y) => [y.year, y.offDays.length, y.adjustedWorkdays.length])).toEqual([
      [2024, 28, 8],
      [2025, 28, 5],
      [2026, 33, 6],
    ]);
  });
  it("is well formed: real dates in their year, sorted, no overlap, adjusted workdays on weekends", () => {
    for (const y of CN_HOLIDAY_YEARS) {
      for (const list of [y.offDays, y.adjustedWorkdays]) {
        expect([...list].sort()).toEqual(list);
        expect(new Set(list).size).toBe(list.length);
        for (const d of list) {
          expect(isIsoDate(d)).toBe(true);
          expect(d.startsWith(`${y.year}-`)).toBe(true);
        }
      }
      for (const d of y.adjustedWorkdays) {
        expect([0, 6]).toContain(weekday(d));
        expect(y.offDays).not.toContain(d);
      }
    }
  });
  it("gives the known number of working days per year", () => {
    expect(workdaysBetween("2023-12-31", "2024-12-31")).toBe(251);
    expect(workdaysBetween("2024-12-31", "2025-12-31")).toBe(248);
    expect(workdaysBetween("2025-12-31", "2026-12-31")).toBe(248);
  });
});

describe("isWorkday", () => {
  it("knows 国庆/中秋 2025 and its adjusted working weekend days", () => {
    expect(dayKind("2025-09-27")).toBe("weekend"); // Saturday
    expect(dayKind("2025-09-28")).toBe("adjustedWorkday"); // Sunday
    for (let d = 1; d <= 8; d++) expect(dayKind(`2025-10-0${d}`)).toBe("holiday");
    expect(isWorkday("2025-10-09")).toBe(true);
    expect(isWorkday("2025-10-11")).toBe(true); // Saturday
    expect(isWorkday("2025-10-12")).toBe(false); // Sunday
    expect(isWorkday("2025-09-28")).toBe(true);
  });
  it("knows 春节 in each year, 除夕 off from 2025 on", () => {
    expect(isWorkday("2024-02-09")).toBe(true); // 除夕 2024 was only encouraged off
    expect(isWorkday("2024-02-04")).toBe(true); // Sunday
    expect(isWorkday("2024-02-18")).toBe(true); // Sunday
    expect(isWorkday("2025-01-28")).toBe(false); // 除夕
    expect(isWorkday("2025-01-26")).toBe(true); // Sunday
    expect(isWorkday("2025-02-08")).toBe(true); // Saturday
    expect(isWorkday("2026-02-14")).toBe(true); // Saturday
    expect(isWorkday("2026-02-23")).toBe(false); // Monday, 正月初七
    expect(isWorkday("2026-02-24")).toBe(true);
    expect(isWorkday("2026-02-28")).toBe(true); // Saturday
  });
  it("treats plain weekdays and weekends as such", () => {
    expect(isWorkday("2025-03-14")).toBe(true); // Friday
    expect(isWorkday("2025-03-15")).toBe(false); // Saturday
    expect(dayKind("2025-05-02")).toBe("holiday"); // new public holiday from 2025
  });
  it("refuses strings that are not calendar dates", () => {
    for (const bad of ["2025-02-29", "2025-13-01", "20250101", "2025-1-1", ""]) {
      expect(() => isWorkday(bad)).toThrow(RangeError);
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(isWorkday("2024-02-29")).toBe(true);
  });
});

describe("addWorkdays, subtractWorkdays, workdaysBetween", () => {
  it("crosses 国庆 2025", () => {
    expect(addWorkdays("2025-09-26", 1)).toBe("2025-09-28"); // Friday → the working Sunday
    expect(addWorkdays("2025-09-30", 1)).toBe("2025-10-09");
    expect(addWorkdays("2025-09-30", 3)).toBe("2025-10-11"); // the working Saturday
    expect(addWorkdays("2025-09-30", 4)).toBe("2025-10-13");
    expect(addWorkdays("2025-10-03", 1)).toBe("2025-10-09"); // starting on a holiday
    expect(workdaysBetween("2025-09-26", "2025-10-12")).toBe(6);
    expect(workdaysBetween("2025-09-30", "2025-10-09")).toBe(1);
  });
  it("crosses 春节 2025 and 2026", () => {
    expect(addWorkdays("2025-01-24", 1)).toBe("2025-01-26");
    expect(addWorkdays("2025-01-24", 2)).toBe("2025-01-27");
    expect(addWorkdays("2025-01-24", 3)).toBe("2025-02-05");
    expect(addWorkdays("2026-02-13", 1)).toBe("2026-02-14");
    expect(addWorkdays("2026-02-13", 2)).toBe("2026-02-24");
  });
  it("crosses year boundaries", () => {
    expect(addWorkdays("2024-12-31", 1)).toBe("2025-01-02");
    expect(addWorkdays("2025-12-31", 1)).toBe("2026-01-04"); // 元旦 1–3, then the working Sunday
    expect(addWorkdays("2025-12-31", 2)).toBe("2026-01-05");
    expect(workdaysBetween("2025-12-26", "2026-01-05")).toBe(5); // 29, 30, 31, 4, 5
  });
  it("n = 0 is the same date; the start day never counts", () => {
    expect(addWorkdays("2025-10-04", 0)).toBe("2025-10-04");
    expect(addWorkdays("2025-03-14", 1)).toBe("2025-03-17");
    expect(workdaysBetween("2025-03-14", "2025-03-14")).toBe(0);
    expect(() => addWorkdays("2025-03-14", -1)).toThrow(RangeError);
    expect(() => addWorkdays("2025-03-14", 1.5)).toThrow(RangeError);
  });
  it("counts backwards for the Q&A closing day", () => {
    expect(subtractWorkdays("2025-10-09", 1)).toBe("2025-09-30");
    expect(subtractWorkdays("2025-01-27", 1)).toBe("2025-01-26");
    expect(subtractWorkdays("2026-01-05", 2)).toBe("2025-12-31"); // 4 Jan (Sunday) is the first
    expect(workdaysBetween("2025-10-09", "2025-09-30")).toBe(-1);
  });
  it("agrees with itself on every start day of 2025 and 2026", () => {
    for (let d = "2025-01-01"; d <= "2026-12-20"; d = addCalendarDays(d, 1)) {
      for (const n of [0, 1, 3, 5]) {
        const end = addWorkdays(d, n);
        expect(workdaysBetween(d, end)).toBe(n);
        if (n > 0) expect(isWorkday(end)).toBe(true);
        expect(subtractWorkdays(end, n) <= d).toBe(true);
      }
    }
  });
});

describe("outside the covered years", () => {
  it("falls back to Monday–Friday and says so", () => {
    expect(isCovered("2026-12-31")).toBe(true);
    expect(isCovered("2027-01-01")).toBe(false);
    expect(isCovered("2023-12-29")).toBe(false);
    // 2027-01-01 is a Friday; without its notice it counts as a working day — an estimate.
    expect(addWorkdays("2026-12-31", 1)).toBe("2027-01-01");
    expect(calendarCovers("2026-12-31", "2027-01-01")).toBe(false);
    expect(calendarCovers("2025-12-31", "2024-01-01")).toBe(true);
    expect(isWorkday("2023-10-02")).toBe(true); // a 2023 holiday, unknown here
  });
});

describe("Beijing dates and deadlines", () => {
  it("reads instants on the Beijing calendar (UTC+8)", () => {
    expect(beijingDate(new Date("2025-09-30T15:59:59.999Z"))).toBe("2025-09-30");
    expect(beijingDate(new Date("2025-09-30T16:00:00.000Z"))).toBe("2025-10-01");
    expect(beijingStartOfDay("2025-10-01").toISOString()).toBe("2025-09-30T16:00:00.000Z");
    expect(beijingEndOfDay("2025-10-01").toISOString()).toBe("2025-10-01T15:59:59.999Z");
    expect(() => beijingDate(new Date("nope"))).toThrow(RangeError);
  });
  it("ends a period at the end of the n-th working day after the start date", () => {
    const published = new Date("2025-09-30T02:00:00Z"); // 10:00 Beijing, Tuesday
    expect(deadlineAfterWorkdays(published, 3).toISOString()).toBe("2025-10-11T15:59:59.999Z");
    expect(deadlineAfterWorkdays(published, 3, 17).toISOString()).toBe("2025-10-11T09:00:00.000Z");
    // 01:00 Saturday in Beijing is still Friday in UTC: the Beijing date decides.
    expect(deadlineAfterWorkdays(new Date("2025-09-26T17:00:00Z"), 1).toISOString()).toBe("2025-09-28T15:59:59.999Z");
    expect(() => deadlineAfterWorkdays(published, 3, 24)).toThrow(RangeError);
  });
  it("checks a minimum period in working days", () => {
    const published = new Date("2025-09-30T02:00:00Z");
    expect(meetsMinimumWorkdays(published, new Date("2025-10-11T15:59:59.999Z"), 3)).toBe(true);
    expect(meetsMinimumWorkdays(published, new Date("2025-10-11T09:00:00Z"), 3)).toBe(false); // 17:00 on the 3rd day
    expect(meetsMinimumWorkdays(published, new Date("2025-10-13T01:00:00Z"), 3)).toBe(true); // 09:00 on the 4th
    expect(meetsMinimumWorkdays(published, new Date("2025-10-08T15:59:59.999Z"), 3)).toBe(false); // holidays do not count
  });
  it("counts lateness in working days", () => {
    const due = beijingEndOfDay("2025-09-30");
    expect(workdaysLate(due, new Date("2025-09-30T10:00:00Z"))).toBe(0);
    expect(workdaysLate(due, new Date("2025-10-05T02:00:00Z"))).toBe(1); // late over the holiday: at least 1
    expect(workdaysLate(due, new Date("2025-10-10T02:00:00Z"))).toBe(2);
    const fivePm = new Date("2025-09-30T09:00:00Z");
    expect(workdaysLate(fivePm, new Date("2025-09-30T10:00:00Z"))).toBe(1); // late by an hour
  });
});

describe("Beijing months and wall-clock values", () => {
  it("reads the month, the year and the datetime-local value on Beijing's side of midnight", () => {
    expect(beijingMonth(new Date("2026-11-30T15:59:59.999Z"))).toBe("2026-11");
    expect(beijingMonth(new Date("2026-11-30T16:00:00Z"))).toBe("2026-12");
    expect(beijingYear(new Date("2026-12-31T15:59:59.999Z"))).toBe(2026);
    expect(beijingYear(new Date("2026-12-31T16:00:00Z"))).toBe(2027);
    expect(beijingDateTimeLocal(new Date("2026-12-07T04:05:00Z"))).toBe("2026-12-07T12:05");
    expect(() => beijingDateTimeLocal(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("steps months across years both ways", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-03", -14)).toBe("2025-01");
    expect(() => addMonths("2026-13x", 0)).toThrow(RangeError);
  });

  it("starts a month at 00:00 Beijing, from a string or from numbers that run over", () => {
    expect(beijingStartOfMonth("2026-12").toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(beijingStartOfMonth(2026, 12).toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(beijingStartOfMonth(9999, 12).getTime()).toBe(Date.UTC(10000, 0, 1) - 8 * 3_600_000);
    expect(() => beijingStartOfMonth("2026-1")).toThrow(RangeError);
  });
});
