import type { NextFunction, Request, Response } from "express";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  const script = dev ? "'self' 'unsafe-inline' 'unsafe-eval'" : `'self' 'nonce-${nonce}'`;
  return [
    "default-src 'self'",
    `script-src ${script}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(dev: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = res.locals.nonce as string;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, dev));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
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

export function sameOriginGuard(appOrigin?: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const expected = appOrigin ?? `${req.protocol}://${req.get("host")}`;
    const ok = isSameOriginRequest(
      req.method,
      { secFetchSite: req.get("sec-fetch-site"), origin: req.get("origin") },
      expected,
    );
    if (ok) return next();
    res.status(403).type("text/plain; charset=utf-8").send("Cross-origin request refused / 已拒绝跨站请求");
  };
}

/** Paths as logged: secrets in URLs (invitation tokens) are masked. */
export function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "/";
  return path.replace(/^\/invite\/[^/]+/, "/invite/***");
}
