// The production (and development) server: builds when there is no build, opens and migrates the
// database, seeds an empty one, serves the app, and closes the database on SIGTERM/SIGINT. `npm start` runs it
// with `exec node`, so those signals reach this process rather than a shell that would leave it orphaned.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { DEMO_PASSWORD, demoLogins, hasDemo } from "#db/seed/demo";
import { prepareDatabase } from "~/server/boot.server";
import { DataDirLockedError } from "~/server/data-dir-lock.server";
import { readEnv } from "~/server/env.server";
import { createHttpApp } from "~/web/http.server";
import { startScheduler } from "~/jobs/scheduler.server";
import { paymentsFromEnv } from "~/modules/payments/payments.server";
import { log } from "~/server/log.server";
import { smtpMailer } from "~/server/mailer.server";

const env = readEnv();
const dev = env.NODE_ENV === "development";
const started = Date.now();

// The database first: a second server on the same embedded database stops here, before building or
// migrating anything, with a message naming the process that holds it.
let handle: Awaited<ReturnType<typeof prepareDatabase>>;
try {
  handle = await prepareDatabase(env);
} catch (e) {
  if (!(e instanceof DataDirLockedError)) throw e;
  log.error("database in use", { err: e.message });
  process.stderr.write(`\n  ${e.message}\n\n`);
  process.exit(1);
}

let build: ServerBuild | (() => Promise<ServerBuild>);
let devMiddleware;
if (dev) {
  const vite = await import("vite");
  const server = await vite.createServer({ server: { middlewareMode: true } });
  devMiddleware = server.middlewares;
  build = () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  const serverBuild = path.resolve("build/server/index.js");
  if (!fs.existsSync(serverBuild)) {
    log.info("no build found: building the app first");
    execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { stdio: "inherit" });
  }
  build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
}

const payments = paymentsFromEnv(env);
const app = createHttpApp({ env, db: handle.db, dbKind: handle.kind, build, devMiddleware, payments });
const stopScheduler = startScheduler(handle.db, {
  payments,
  mail: env.SMTP_URL
    ? { mailer: smtpMailer(env.SMTP_URL, env.MAIL_FROM), publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` }
    : undefined,
});
const server = app.listen(env.PORT, env.HOST, async () => {
  log.info("listening", { url: `http://localhost:${env.PORT}`, database: handle.kind, ms: Date.now() - started });
  if (env.LOG_LEVEL !== "silent" && (await hasDemo(handle.db))) {
    const lines = demoLogins().map((l) => `    ${l.email.padEnd(28)} ${l.role.padEnd(22)} ${l.org}`);
    process.stdout.write(
      `\n  中介超市 is running on http://localhost:${env.PORT} (${handle.kind})\n` +
        (handle.demoSeeded ? "  The demo data was loaded into the empty database.\n" : "") +
        `  Demo logins, password ${DEMO_PASSWORD}:\n${lines.join("\n")}\n\n`,
    );
  }
});

// Idle keep-alive connections stay open longer than a client (or a load balancer, typically 60 s) keeps
// them: with Node's 5 s default, a client that reuses a connection just as the server closes it gets
// ECONNRESET instead of an answer (seen under the fuzz suite's load).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info("shutting down", { signal });
  const force = setTimeout(() => server.closeAllConnections(), 3000);
  server.close();
  server.closeIdleConnections();
  await new Promise((r) => server.once("close", r)).catch(() => undefined);
  clearTimeout(force);
  stopScheduler();
  // Closing the embedded database flushes its last writes to .data/.
  await handle.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
