import { describe, expect, it } from "vitest";
import { ACTIVITY_CHECK_INTERVAL_MS, isSessionExpired, parseSessionToken, shouldRefreshSession } from "~/modules/identity/session.rules";
import { constantTimeEqual, generateSecureRandomString, hashSecret, readCookie, sessionCookie } from "~/modules/identity/session.server";

const day = 86_400_000;

describe("session rules (Lucia's design)", () => {
  it("expires after the inactivity timeout, not before", () => {
    const s = { lastVerifiedAt: new Date(0) };
    expect(isSessionExpired(s, new Date(30 * day - 1), 30 * day)).toBe(false);
    expect(isSessionExpired(s, new Date(30 * day), 30 * day)).toBe(true);
  });
  it("refreshes at most once an hour", () => {
    const s = { lastVerifiedAt: new Date(0) };
    expect(shouldRefreshSession(s, new Date(ACTIVITY_CHECK_INTERVAL_MS - 1))).toBe(false);
    expect(shouldRefreshSession(s, new Date(ACTIVITY_CHECK_INTERVAL_MS))).toBe(true);
  });
  it("parses only well-formed id.secret tokens", () => {
    const id = generateSecureRandomString();
    const secret = generateSecureRandomString();
    expect(id).toMatch(/^[a-z2-9]{24}$/);
    expect(id).not.toBe(secret);
    expect(parseSessionToken(`${id}.${secret}`)).toEqual({ id, secret });
    expect(parseSessionToken(id)).toBeNull();
    expect(parseSessionToken(`${id}.${secret}.x`)).toBeNull();
    expect(parseSessionToken(`${id.toUpperCase()}.${secret}`)).toBeNull();
  });
  it("stores only a SHA-256 of the secret and compares in constant time", () => {
    const h = hashSecret("abc");
    expect(h.byteLength).toBe(32);
    expect(constantTimeEqual(h, hashSecret("abc"))).toBe(true);
    expect(constantTimeEqual(h, hashSecret("abd"))).toBe(false);
    expect(constantTimeEqual(h, new Uint8Array(31))).toBe(false);
  });
  it("writes an HttpOnly, SameSite=Lax, Secure cookie", () => {
    const c = sessionCookie("a.b", { secure: true, maxAgeSeconds: 60 });
    expect(c).toContain("HttpOnly");
    expect(c).toContain("SameSite=Lax");
    expect(c).toContain("Secure");
    expect(c).toContain("Path=/");
    expect(readCookie("x=1; session=a.b; lang=en", "session")).toBe("a.b");
    expect(readCookie("x=1", "session")).toBeNull();
  });
});
