import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request } from "express";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { isLocale, DEFAULT_LOCALE, type Locale } from "~/i18n";
import { getViewer } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { SESSION_COOKIE, readCookie, sessionCookie, validateSessionToken } from "~/modules/identity/session.server";
import type { RequestContext } from "./context";
import type { DatabaseKind } from "~/server/db.server";
import type { Env } from "~/server/env.server";
import { FileStore } from "~/server/files.server";
import { OFFLINE_ONLY, type PaymentsConfig } from "~/modules/payments/payments.server";
import { log } from "~/server/log.server";
import { PageCache, projectPageCache } from "./page-cache.server";
import { loggablePath, sameOriginGuard, securityHeaders } from "./security.server";
import { discardUnreadBodies } from "./unread-body.server";
import { bodyLimits } from "./body-limits.server";

export interface HttpAppOptions {
  env: Env;
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  /** The server build, or a function that loads it (the Vite dev server). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Express middleware that serves the client in development (Vite). */
  devMiddleware?: express.RequestHandler;
  clientDir?: string;
  /** Stripe (or none: offline settlement only). */
  payments?: PaymentsConfig;
}

import { LANG_COOKIE } from "./cookies";
import { isDatabaseUnavailable } from "~/server/db.server";
import { answerOutages, sendDatabaseUnavailable } from "./unavailable.server";

export function createHttpApp(opts: HttpAppOptions) {
  const { env, db, dbKind } = opts;
  const dev = env.NODE_ENV === "development";
  const sessionSettings = {
    cookieSecure: env.SESSION_COOKIE_SECURE,
    inactivityTimeoutMs: env.SESSION_INACTIVITY_DAYS * 86_400_000,
  };
  const files = new FileStore(path.resolve(env.UPLOADS_DIR ?? path.join(env.DATA_DIR, "uploads")));
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY ? 1 : false);

  // An answer sent before the request's body was read keeps its connection usable (see the module).
  app.use(discardUnreadBodies());

  // Request id, nonce and one structured log line per request.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    const requestId = (req.get("x-request-id") ?? "").slice(0, 64) || crypto.randomUUID();
    res.locals.requestId = requestId;
    // When the request reached the platform: a bid is judged by it (the deadline), not by when it got a connection.
    res.locals.receivedAt = new Date();
    res.locals.nonce = crypto.randomBytes(16).toString("base64");
    res.setHeader("X-Request-Id", requestId);
    res.on("finish", () => {
      if (req.path.startsWith("/assets/")) return;
      log.info("request", {
        reqId: requestId,
        method: req.method,
        path: loggablePath(req.originalUrl),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - start) / 1000n) / 1000,
        bytes: Number(res.getHeader("content-length") ?? 0) || undefined,
        user: (res.locals.viewer as Viewer | null)?.userId,
      });
    });
    next();
  });
  app.use(securityHeaders(dev, !!opts.payments?.publishableKey));
  // Bodies over their route kind's limit are refused (413) before anything reads them (see the module).
  app.use(bodyLimits());
  app.use(compression());

  if (opts.devMiddleware) {
    app.use(opts.devMiddleware);
  } else {
    const clientDir = opts.clientDir ?? path.resolve("build/client");
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
    // The rest of public/ (favicon, …) by name: asking the file system about every page's path first cost
    // each page view a failed stat and the error object it makes (measured in db/README.md).
    const serveRoot = express.static(clientDir, { maxAge: "1h", index: false });
    const rootNames = new Set(fs.existsSync(clientDir) ? fs.readdirSync(clientDir).filter((n) => n !== "assets") : []);
    app.use((req, res, next) => (rootNames.has(req.path.split("/")[1] ?? "") ? serveRoot(req, res, next) : next()));
  }

  app.use(sameOriginGuard(env.APP_ORIGIN));

  // Session (Lucia's design) and language, resolved once per request for every loader and action.
  app.use(async (req, res, next) => {
    try {
      let viewer: Viewer | null = null;
      let sessionId: string | null = null;
      const token = readCookie(req.get("cookie"), SESSION_COOKIE);
      if (token) {
        const session = await validateSessionToken(db, token, sessionSettings);
        if (session) {
          viewer = await getViewer(db, session.userId);
          sessionId = session.id;
          if (session.refreshed) {
            res.append(
              "Set-Cookie",
              sessionCookie(token, { secure: sessionSettings.cookieSecure, maxAgeSeconds: sessionSettings.inactivityTimeoutMs / 1000 }),
            );
          }
        }
      }
      const cookieLang = readCookie(req.get("cookie"), LANG_COOKIE);
      const locale: Locale = isLocale(cookieLang) ? cookieLang : (viewer?.locale ?? DEFAULT_LOCALE);
      res.locals.viewer = viewer;
      res.locals.sessionId = sessionId;
      res.locals.locale = locale;
      next();
    } catch (e) {
      if (isDatabaseUnavailable(e)) sendDatabaseUnavailable(req, res);
      else next(e);
    }
  });

  // The public project page as anonymous visitors get it, cached briefly per instance (PAGE_CACHE_SECONDS).
  if (env.PAGE_CACHE_SECONDS > 0) app.use(projectPageCache(db, new PageCache({ ttlMs: env.PAGE_CACHE_SECONDS * 1000, maxEntries: 500 })));

  const getLoadContext = (req: Request, res: express.Response): RequestContext => ({
    db,
    dbKind,
    viewer: res.locals.viewer ?? null,
    sessionId: res.locals.sessionId ?? null,
    locale: res.locals.locale ?? DEFAULT_LOCALE,
    nonce: res.locals.nonce,
    requestId: res.locals.requestId,
    receivedAt: res.locals.receivedAt instanceof Date ? res.locals.receivedAt : new Date(),
    clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
    session: sessionSettings,
    limits: { signupsPerHour: env.SIGNUP_RATE_LIMIT, complaintsPerDay: env.COMPLAINT_RATE_LIMIT },
    files,
    payments: opts.payments ?? OFFLINE_ONLY,
    pageCache: res.locals.pageCache ?? null,
  });

  app.all(
    "*",
    createRequestHandler({
      // A lost database connection in a loader or action answers 503, not the generic 500 (unavailable.server.ts).
      build:
        typeof opts.build === "function"
          ? () => (opts.build as () => Promise<ServerBuild>)().then(answerOutages)
          : answerOutages(opts.build),
      mode: dev ? "development" : "production",
      getLoadContext: getLoadContext as unknown as Parameters<typeof createRequestHandler>[0]["getLoadContext"],
    }),
  );

  app.use((err: unknown, _req: Request, res: express.Response, _next: express.NextFunction) => {
    // Express marks the request's own faults (a path that does not percent-decode, …) with a 4xx status.
    const status = (err as { status?: unknown } | null)?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      if (!res.headersSent) res.status(status).type("text/plain; charset=utf-8").send("Bad request / 请求无效");
      return;
    }
    log.error("unhandled", { reqId: res.locals.requestId, err: err instanceof Error ? err.message : String(err) });
    if (isDatabaseUnavailable(err)) return sendDatabaseUnavailable(_req, res);
    if (!res.headersSent) res.status(500).type("text/plain; charset=utf-8").send("Internal error / 服务器内部错误");
  });
  return app;
}
