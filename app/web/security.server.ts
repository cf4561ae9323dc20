import type { NextFunction, Request, Response } from "express";

/** With Stripe configured, Stripe.js (the payment form an owner funds a contract with) is allowed too. */
export function contentSecurityPolicy(nonce: string, dev: boolean, stripeJs = false): string {
  const script = (dev ? "'self' 'unsafe-inline' 'unsafe-eval'" : `'self' 'nonce-${nonce}'`) + (stripeJs ? " https://js.stripe.com" : "");
  return [
    "default-src 'self'",
    `script-src ${script}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}${stripeJs ? " https://api.stripe.com" : ""}`,
    ...(stripeJs ? ["frame-src https://js.stripe.com https://hooks.stripe.com"] : []),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(dev: boolean, stripeJs = false) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = res.locals.nonce as string;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, dev, stripeJs));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader(
      "Permissions-Policy",
      `camera=(), microphone=(), geolocation=(), payment=(${stripeJs ? 'self "https://js.stripe.com"' : ""})`,
    );
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses every state-changing request that is not same-origin: the browser's Sec-Fetch-Site when it
 * sends one, else the Origin header, which must match this site. A request with neither is refused.
 */
export function isSameOriginRequest(
  method: string,
  headers: { secFetchSite?: string | undefined; origin?: string | undefined },
  expectedOrigin: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (headers.secFetchSite) return headers.secFetchSite === "same-origin";
  if (!headers.origin) return false;
  return headers.origin === expectedOrigin;
}

/** Requests authenticated by a signature, not a cookie: exempt from the same-origin rule (Stripe's webhooks). */
const SIGNED_ENDPOINTS = new Set(["/api/stripe/webhook"]);

export function sameOriginGuard(appOrigin?: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SIGNED_ENDPOINTS.has(req.path)) return next();
    const expected = appOrigin ?? `${req.protocol}://${req.get("host")}`;
    const ok = isSameOriginRequest(req.method, { secFetchSite: req.get("sec-fetch-site"), origin: req.get("origin") }, expected);
    if (ok) return next();
    res.status(403).type("text/plain; charset=utf-8").send("Cross-origin request refused / 已拒绝跨站请求");
  };
}

/** Paths as logged: secrets in URLs (invitation tokens) are masked. */
export function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "/";
  return path.replace(/^\/invite\/[^/]+/, "/invite/***");
}
