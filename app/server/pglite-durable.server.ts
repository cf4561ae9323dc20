import fs from "node:fs";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * PGlite's options for a data directory whose acknowledged commits survive a power cut
 * (docs/decisions/041-embedded-durability.md). PGlite starts PostgreSQL with `-F` (fsync off), and its
 * Node file system (Emscripten's NODEFS) has no fsync at all: a commit reaches the operating system's page
 * cache — a killed process loses nothing, a power cut may lose it. Here PostgreSQL runs with fsync on and
 * `wal_sync_method=fsync` (Emscripten's fdatasync does nothing; its fsync calls the file system's), and the
 * file system's fsync is the host's `fsync(2)` on the open file: each commit flushes its WAL to the disk
 * before it is acknowledged, and checkpoints flush the data files they wrote, as on a PostgreSQL server.
 */
interface EmscriptenNodeFS {
  stream_ops: { fsync?: (stream: { nfd?: number }) => number };
  tryFSOperation<T>(f: () => T): T;
}

class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]) {
    const result = await super.init(pg, opts);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts.preRun = [
      ...(Array.isArray(preRun) ? preRun : [preRun]),
      (mod: { NODEFS: EmscriptenNodeFS }) => {
        const nodefs = mod.NODEFS;
        nodefs.stream_ops.fsync = (stream) => {
          if (stream.nfd !== undefined) nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd!));
          return 0;
        };
      },
    ];
    return result;
  }
}

const DEFAULT_START_PARAMS: string[] = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];

/** `fs` and `startParams` for PGlite on `dataDir`, with commits flushed to the disk. */
export function durableOptions(dataDir: string): Pick<PGliteOptions, "fs" | "startParams"> {
  if (!DEFAULT_START_PARAMS.includes("--single")) throw new Error("PGlite's default start parameters changed: re-check docs/decisions/041");
  return {
    fs: new DurableNodeFS(dataDir),
    startParams: [...DEFAULT_START_PARAMS.filter((p) => p !== "-F"), "-c", "fsync=on", "-c", "wal_sync_method=fsync"],
  };
}
