// Durable embedded writes (docs/decisions/041-embedded-durability.md): what flushing each commit to the disk
// costs PGlite. The same writes run on a fresh data directory twice — durable (fsync on, the server's mode)
// and relaxed (PGlite's default, fsync off: the reference) — as single-statement commits and as
// three-statement transactions (a sign-up's shape), one after another as the embedded database serialises
// them. Reported: p50/p95 per commit, commits per second, the ratio, and the fsync(2) calls per commit.
// Alone: npx tsx scripts/bench/durability.ts [--writes N] [--dir PATH] (PATH on the disk to be measured).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { durableOptions } from "~/server/pglite-durable.server";
import { summarize, type Summary } from "./stats";

export interface DurabilityRow {
  mode: "durable" | "relaxed";
  shape: "one statement" | "transaction of three";
  perCommit: Summary;
  commitsPerSecond: number;
  fsyncsPerCommit: number;
}
export interface DurabilityResult {
  writes: number;
  dir: string;
  rows: DurabilityRow[];
}

async function measure(mode: DurabilityRow["mode"], writes: number, parent: string): Promise<DurabilityRow[]> {
  const dir = fs.mkdtempSync(path.join(parent, `zjcs-durability-${mode}-`));
  const real = fs.fsyncSync;
  let fsyncs = 0;
  fs.fsyncSync = (fd: number) => {
    fsyncs++;
    real(fd);
  };
  try {
    const db = await PGlite.create(mode === "durable" ? durableOptions(dir) : { dataDir: dir });
    await db.exec("create table bench_writes (id bigserial primary key, org text not null, at timestamptz not null default now())");
    const rows: DurabilityRow[] = [];
    for (const shape of ["one statement", "transaction of three"] as const) {
      const times: number[] = [];
      fsyncs = 0;
      const started = performance.now();
      for (let i = 0; i < writes; i++) {
        const t = performance.now();
        if (shape === "one statement") await db.query("insert into bench_writes (org) values ($1)", [`机构${i}`]);
        else
          await db.transaction(async (tx) => {
            await tx.query("insert into bench_writes (org) values ($1)", [`机构${i}`]);
            await tx.query("insert into bench_writes (org) values ($1)", [`用户${i}`]);
            await tx.query("update bench_writes set at = now() where id = (select max(id) from bench_writes)");
          });
        times.push(performance.now() - t);
      }
      const ms = performance.now() - started;
      rows.push({
        mode,
        shape,
        perCommit: summarize(times),
        commitsPerSecond: Math.round((writes / ms) * 1000),
        fsyncsPerCommit: Math.round((fsyncs / writes) * 100) / 100,
      });
    }
    await db.close();
    return rows;
  } finally {
    fs.fsyncSync = real;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `dir`: where the data directories go (default: the working directory's .data, the disk the server uses). */
export async function benchDurability(opts: { writes: number; dir?: string }): Promise<DurabilityResult> {
  const parent = path.resolve(opts.dir ?? ".data");
  fs.mkdirSync(parent, { recursive: true });
  const rows = [...(await measure("relaxed", opts.writes, parent)), ...(await measure("durable", opts.writes, parent))];
  return { writes: opts.writes, dir: parent, rows };
}

export function formatDurability(r: DurabilityResult): string[] {
  const lines = [`embedded durability: ${r.writes} commits of each shape on ${r.dir} (${os.platform()})`];
  for (const shape of ["one statement", "transaction of three"] as const) {
    const relaxed = r.rows.find((x) => x.shape === shape && x.mode === "relaxed")!;
    const durable = r.rows.find((x) => x.shape === shape && x.mode === "durable")!;
    const ratio = relaxed.perCommit.p95 > 0 ? Math.round((durable.perCommit.p95 / relaxed.perCommit.p95) * 100) / 100 : 0;
    lines.push(
      `  ${shape.padEnd(21)} durable p50 ${durable.perCommit.p50} ms p95 ${durable.perCommit.p95} ms (${durable.commitsPerSecond}/s, ${durable.fsyncsPerCommit} fsync per commit)` +
        ` — relaxed p95 ${relaxed.perCommit.p95} ms (${relaxed.commitsPerSecond}/s); ratio p95 ${ratio}×`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
  };
  const dir = arg("dir", "");
  const r = await benchDurability({ writes: Number(arg("writes", "500")), ...(dir ? { dir } : {}) });
  console.log(formatDurability(r).join("\n"));
}
