import { describe, expect, it } from "vitest";
import { readEnv } from "~/server/env.server";
import { contentSecurityPolicy, isSameOriginRequest, loggablePath } from "~/web/security.server";

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

describe("Stripe configuration", () => {
  it("is off by default (offline settlement only) with CNY", () => {
    const env = readEnv({});
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.STRIPE_CURRENCY).toBe("cny");
  });
  it("takes a key, a webhook secret and the API's host, port and protocol (stripe-mock)", () => {
    const env = readEnv({
      STRIPE_SECRET_KEY: "sk_test_123",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
      STRIPE_API_HOST: "localhost",
      STRIPE_API_PORT: "12111",
      STRIPE_API_PROTOCOL: "http",
    });
    expect(env).toMatchObject({ STRIPE_API_HOST: "localhost", STRIPE_API_PORT: 12111, STRIPE_API_PROTOCOL: "http" });
  });
  it("says clearly what is wrong", () => {
    expect(() => readEnv({ STRIPE_SECRET_KEY: "pk_test_123" })).toThrow(/STRIPE_SECRET_KEY must be a Stripe secret key/);
    expect(() => readEnv({ STRIPE_SECRET_KEY: "sk_test_123" })).toThrow(/STRIPE_WEBHOOK_SECRET is required/);
    expect(() => readEnv({ STRIPE_WEBHOOK_SECRET: "whsec_abc" })).toThrow(/STRIPE_SECRET_KEY is required/);
    expect(() => readEnv({ STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_a", STRIPE_API_PROTOCOL: "ftp" })).toThrow(
      /STRIPE_API_PROTOCOL must be http or https/,
    );
    expect(() => readEnv({ STRIPE_CURRENCY: "CNY" })).toThrow(/STRIPE_CURRENCY must be a three-letter currency code/);
  });
  it("allows Stripe.js in the content security policy only when a publishable key is configured", async () => {
    const { contentSecurityPolicy } = await import("~/web/security.server");
    expect(contentSecurityPolicy("n", false)).not.toContain("stripe.com");
    expect(contentSecurityPolicy("n", false, true)).toContain("script-src 'self' 'nonce-n' https://js.stripe.com");
  });
});
