import { describe, expect, it } from "vitest";
import { EMAIL_POLICY, checkThrottle, delayAfter, recordFailure, type ThrottleRow } from "~/modules/identity/throttle.rules";

const t0 = new Date("2026-11-23T00:00:00Z");
const after = (ms: number) => new Date(t0.getTime() + ms);

function fail(times: number, start = t0): ThrottleRow | null {
  let row: ThrottleRow | null = null;
  for (let i = 0; i < times; i++) row = recordFailure(row, start, EMAIL_POLICY);
  return row;
}

describe("log-in throttling", () => {
  it("lets the first failures through without delay", () => {
    expect(checkThrottle(fail(2), t0, EMAIL_POLICY)).toEqual({ allowed: true });
  });
  it("slows down after the free attempts, doubling the wait", () => {
    expect(delayAfter(3, EMAIL_POLICY)).toBe(1000);
    expect(delayAfter(4, EMAIL_POLICY)).toBe(2000);
    expect(delayAfter(6, EMAIL_POLICY)).toBe(8000);
    expect(delayAfter(40, EMAIL_POLICY)).toBe(EMAIL_POLICY.maxDelayMs);
    const v = checkThrottle(fail(5), after(1000), EMAIL_POLICY);
    expect(v).toEqual({ allowed: false, reason: "slowed", retryAfterSeconds: 3 });
    expect(checkThrottle(fail(5), after(4000), EMAIL_POLICY)).toEqual({ allowed: true });
  });
  it("locks after ten failures for fifteen minutes, then starts again", () => {
    const row = fail(10)!;
    expect(row.lockedUntil?.toISOString()).toBe(after(15 * 60_000).toISOString());
    expect(checkThrottle(row, after(60_000), EMAIL_POLICY)).toMatchObject({ allowed: false, reason: "locked", retryAfterSeconds: 14 * 60 });
    expect(checkThrottle(row, after(15 * 60_000), EMAIL_POLICY)).toEqual({ allowed: true });
    expect(recordFailure(row, after(15 * 60_000), EMAIL_POLICY).failures).toBe(1);
  });
  it("forgets failures after an hour", () => {
    const row = fail(5)!;
    expect(checkThrottle(row, after(60 * 60_000), EMAIL_POLICY)).toEqual({ allowed: true });
    expect(recordFailure(row, after(60 * 60_000), EMAIL_POLICY).failures).toBe(1);
  });
});
