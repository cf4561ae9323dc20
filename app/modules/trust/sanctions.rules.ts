import { addCalendarDays, beijingDate, beijingStartOfDay } from "~/lib/beijing-calendar";
import type { SanctionType } from "./credit.schema";

/** Types that restrict taking part (the exclusion rules choose which of them apply). */
export const RESTRICTING_TYPES: SanctionType[] = ["suspension", "blacklist", "removal", "ban"];

/** A decision runs from the start of its first Beijing day to the end of its last one. */
export function sanctionPeriod(startsOn: string, endsOn: string | null): { startsAt: Date; endsAt: Date | null } {
  return {
    startsAt: beijingStartOfDay(startsOn),
    endsAt: endsOn ? beijingStartOfDay(addCalendarDays(endsOn, 1)) : null,
  };
}

/** The last day in force (Beijing) of a period that ends at `endsAt` (exclusive). */
export function lastDay(endsAt: Date | null): string | null {
  if (!endsAt) return null;
  return beijingDate(new Date(endsAt.getTime() - 1));
}

export type SanctionState = "scheduled" | "inForce" | "ended" | "lifted";

export function sanctionState(s: { startsAt: Date; endsAt: Date | null; liftedAt: Date | null }, now: Date): SanctionState {
  if (s.liftedAt && s.liftedAt <= now) return "lifted";
  if (s.startsAt > now) return "scheduled";
  if (s.endsAt && s.endsAt <= now) return "ended";
  return "inForce";
}
