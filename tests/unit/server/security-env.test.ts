import { describe, expect, it } from "vitest";
import { readEnv } from "~/server/env.server";
import { contentSecurityPolicy, isSameOriginRequest, loggablePath } from "~/server/security.server";

describe("same-origin guard", () => {
  const origin = "http://localhost:3000";
  it("lets safe methods through", () => {
    expect(isSameOriginRequest("GET", {}, origin)).toBe(true);
  });
  it("trusts Sec-Fetch-Site when the browser sends it", () => {
    expect(isSameOriginRequest("POST", { secFetchSite: "same-origin" }, origin)).toBe(true);
    expect(isSameOriginRequest("POST", { secFetchSite: "cross-site", origin }, origin)).toBe(false);
    expect(isSameOriginRequest("POST", { secFetchSite: "same-site" }, origin)).toBe(false);
  });
  it("falls back to Origin and refuses a request with neither", () => {
    expect(isSameOriginRequest("POST", { origin }, origin)).toBe(true);
    expect(isSameOriginRequest("DELETE", { origin: "http://evil.example" }, origin)).toBe(false);
    expect(isSameOriginRequest("POST", {}, origin)).toBe(false);
  });
});

describe("security headers", () => {
  it("allows only this request's nonce for scripts and no framing", () => {
    const csp = contentSecurityPolicy("abc", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
  });
  it("masks invitation tokens in logs", () => {
    expect(loggablePath("/invite/abcdef?x=1")).toBe("/invite/***");
    expect(loggablePath("/services?q=1")).toBe("/services");
  });
});

describe("configuration", () => {
  it("has working defaults", () => {
    const env = readEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SESSION_COOKIE_SECURE).toBe(true);
  });
  it("explains what is wrong", () => {
    expect(() => readEnv({ PORT: "x", DATABASE_URL: "mysql://a" })).toThrow(/DATABASE_URL must be a postgres/);
    expect(() => readEnv({ PORT: "x" })).toThrow(/PORT: Expected number/);
  });
});
