import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "~/server/data-dir-lock.server";
import { openDatabase } from "~/server/db.server";

/*
 * One process per embedded database, and `npm start` stopping when told to. A second process on the same
 * PGlite directory is refused with a message naming the holder; a lock left by a process that died is taken
 * over; SIGTERM sent to npm (what a process manager or a container runtime sends) reaches the server, which
 * closes the database, releases the lock and exits, and the port closes.
 */

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-one-process-"));
  dirs.push(d);
  return d;
};
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A pid that no process has now (a child that already exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the data directory's lock", () => {
  it("a second open of the same directory is refused while the first holds it, and allowed once it is closed", async () => {
    const dir = path.join(tmp(), "pglite");
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(new RegExp(`in use by process ${process.pid}`));
    await first.close();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  }, 60_000);

  it("another live process holding it refuses the open, naming that process", () => {
    const dir = path.join(tmp(), "pglite");
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(holder);
    fs.writeFileSync(`${dir}.lock`, JSON.stringify({ pid: holder.pid, started: null }));
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${holder.pid}`));
    holder.kill("SIGKILL");
  });

  it("a lock left by a crashed process (its pid gone) is taken over", () => {
    const dir = path.join(tmp(), "pglite");
    const dead = deadPid();
    expect(alive(dead)).toBe(false);
    fs.writeFileSync(`${dir}.lock`, JSON.stringify({ pid: dead, started: "1" }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it("a lock naming a live pid that belongs to another process since (a reused pid) is taken over", () => {
    const dir = path.join(tmp(), "pglite");
    const other = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(other);
    // The recorded start time is not this pid's: the process that wrote the lock is gone.
    fs.writeFileSync(`${dir}.lock`, JSON.stringify({ pid: other.pid, started: "1" }));
    const lock = lockDataDir(dir);
    lock.release();
    other.kill("SIGKILL");
  });

  it("a half-written lock (a crash while writing it) is taken over", () => {
    const dir = path.join(tmp(), "pglite");
    fs.writeFileSync(`${dir}.lock`, "{");
    lockDataDir(dir).release();
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });

async function until(what: string, f: () => Promise<boolean> | boolean, ms: number) {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (c: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve({ code: c.exitCode, signal: c.signalCode });
    c.once("exit", (code, signal) => resolve({ code, signal }));
  });

describe("npm start", () => {
  // The development mode serves without a production build (Vite in middleware mode); the process chain
  // (npm → sh → node), the lock, the database and the shutdown are the production ones.
  it("refuses a second server on the same directory, and SIGTERM to npm stops the server, closes the port and frees the directory", async () => {
    const dataDir = tmp();
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      TEST_DATABASE_URL: "",
    };
    const npm = spawn("npm", ["start", "--silent"], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(npm);
    let out = "";
    npm.stdout!.on("data", (d) => (out += d));
    npm.stderr!.on("data", (d) => (out += d));
    const lockFile = path.join(dataDir, "pglite.lock");
    await until("the server to listen", () => portOpen(port), 120_000).catch((e) => {
      throw new Error(`${e.message}\n${out}`);
    });
    const serverPid = JSON.parse(fs.readFileSync(lockFile, "utf8")).pid as number;
    expect(serverPid).not.toBe(npm.pid);
    expect(alive(serverPid)).toBe(true);

    // A second server on the same directory (another port) is refused, with the holder named.
    const second = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: process.cwd(),
      env: { ...env, PORT: String(await freePort()) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(second);
    let secondOut = "";
    second.stdout!.on("data", (d) => (secondOut += d));
    second.stderr!.on("data", (d) => (secondOut += d));
    const r = await exited(second);
    expect(r.code, secondOut).toBe(1);
    expect(secondOut).toContain(`in use by process ${serverPid}`);
    expect(alive(serverPid)).toBe(true);
    expect(await portOpen(port)).toBe(true);

    // SIGTERM to npm's pid, as a process manager sends it.
    npm.kill("SIGTERM");
    await exited(npm);
    await until("the server process to end", () => !alive(serverPid), 15_000);
    expect(await portOpen(port)).toBe(false);
    expect(fs.existsSync(lockFile)).toBe(false);
  }, 180_000);
});
