import fs from "node:fs";
import path from "node:path";

/**
 * One process per embedded database. PGlite is PostgreSQL in one process with no postmaster to refuse a
 * second one: two processes on one data directory each believe they own it and corrupt it. The process that
 * opens it holds `<dataDir>.lock` (created exclusively, holding its pid and start time); another live
 * holder makes the open fail with a message naming it; a lock whose process is gone (a crash, `kill -9`) is
 * taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holderPid}. ` +
        `Only one process may open it: stop that process first, or set DATA_DIR to another directory ` +
        `(several instances need a PostgreSQL server: DATABASE_URL).`,
    );
    this.name = "DataDirLockedError";
  }
}

interface LockContent {
  pid: number;
  /** The process's start time as the kernel counts it (Linux), so a reused pid is not taken for the holder. */
  started: string | null;
}

function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime), counted after the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockContent): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false; // ESRCH: no such process
  }
  const started = processStart(holder.pid);
  return !(holder.started && started && started !== holder.started);
}

function readLock(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockContent>;
    return typeof parsed.pid === "number" ? { pid: parsed.pid, started: parsed.started ?? null } : null;
  } catch {
    return null; // unreadable or half-written: treated as left by a crash
  }
}

export interface DataDirLock {
  file: string;
  release(): void;
}

/** Takes the data directory's lock or throws DataDirLockedError; `release` gives it up (also on exit). */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = `${path.resolve(dataDir)}.lock`;
  const mine: LockContent = { pid: process.pid, started: processStart(process.pid) };
  const text = JSON.stringify(mine);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, text, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 3) throw e;
    }
    const holder = readLock(file);
    if (holder && holder.pid === process.pid) throw new DataDirLockedError(dataDir, holder.pid); // opened twice in one process
    if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder.pid);
    // Left by a process that is gone: take it over. Another process taking it over at the same moment
    // loses the exclusive create of the next round and sees this one alive.
    if (JSON.stringify(readLock(file)) === JSON.stringify(holder)) fs.rmSync(file, { force: true });
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    // Only our own lock is removed (a takeover after a stall must not be undone).
    if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.on("exit", release);
  return { file, release };
}
