import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createFreshDatabase } from "./pg-admin";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface AppProcess {
  baseURL: string;
  databaseKind: "pglite" | "postgres";
  /** The app's own PostgreSQL database, when it has one (tests may move time forward in it). */
  databaseUrl: string | null;
  /** The server process's id (e.g. to sample its memory). */
  pid?: number;
  stop(): Promise<void>;
}

/**
 * Starts the built app (the same script as `npm start`) on a free port with a fresh database: a new
 * PostgreSQL database on the server `pgBase` names, or a new PGlite data directory.
 */
export async function startApp(
  opts: {
    pgBase?: string;
    env?: Record<string, string>;
    /** join this existing database instead of a fresh one (a second instance) */ databaseUrl?: string;
  } = {},
): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-app-"));
  const fresh = opts.databaseUrl ? null : opts.pgBase ? await createFreshDatabase(opts.pgBase, "app") : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    DATABASE_URL: opts.databaseUrl ?? fresh?.url ?? "",
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const baseURL = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await fresh?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the app exited during start-up:\n${output}`);
    }
    try {
      if ((await fetch(`${baseURL}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not start within 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    databaseKind: fresh || opts.databaseUrl ? "postgres" : "pglite",
    databaseUrl: opts.databaseUrl ?? fresh?.url ?? null,
    pid: child.pid,
    stop,
  };
}
