// The bid burst at a deadline: N agencies each submit one bid, spread over the last second before the
// deadline, plus a wave of late bids just after it. Reports latency, throughput, and the invariants
// (none lost, none late accepted); the reference is the same number of bare INSERTs with the same
// concurrency, measured in the same run.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { seedReference } from "#db/seed/reference";
import { usccCheckChar } from "~/modules/identity/uscc";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { commitment } from "~/modules/procurement/draw.rules";
import { openDatabase } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";
import { createFreshDatabase } from "../lib/pg-admin";
import { summarize, type Summary } from "./stats";

export interface BidBurstResult {
  agencies: number;
  accepted: number;
  refusedLate: number;
  lost: number;
  lateAccepted: number;
  /** Bids received in time whose write reached the database after the deadline (accepted by their receipt). */
  committedAfterDeadline: number;
  throughputPerSecond: number;
  subject: Summary;
  reference: Summary;
}

async function makeProject(db: Awaited<ReturnType<typeof openDatabase>>["db"], ownerId: string, itemId: number, deadline: Date) {
  const policy = await db.selectFrom("procedurePolicies").select("id").where("regionCode", "is", null).executeTakeFirstOrThrow();
  const secret = randomBytes(32).toString("hex");
  const p = await db
    .insertInto("projects")
    .values({
      ownerOrgId: ownerId,
      serviceItemId: itemId,
      regionCode: "320100",
      title: "投标截止压力测试项目",
      description: "压力测试",
      deliverables: "无",
      status: "bidding",
      priceCeilingFen: 100_000_000,
      policyId: policy.id,
      drawCommitment: commitment(secret),
      publishedAt: new Date(Date.now() - 86_400_000),
      bidDeadline: deadline,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("projectSecrets").values({ projectId: p.id, secret }).execute();
  return p.id;
}

export async function benchBidBurst(pgBase: string, opts: { agencies?: number; late?: number } = {}): Promise<BidBurstResult> {
  const n = opts.agencies ?? 1000;
  const lateN = opts.late ?? 100;
  const fresh = await createFreshDatabase(pgBase, "bench_bids");
  const handle = await openDatabase({ url: fresh.url, poolSize: Number(process.env.BENCH_POOL ?? 10) });
  try {
    await migrateToLatest(handle.db);
    await seedReference(handle.db);
    const item = await handle.db.selectFrom("serviceItems").select("id").where("code", "=", "eia-form").executeTakeFirstOrThrow();
    const code = (i: number) => {
      const body = `91320100MC${String(i).padStart(7, "0")}`;
      return body + usccCheckChar(body);
    };
    const owner = await handle.db
      .insertInto("organizations")
      .values({ kind: "owner", ownerType: "enterprise", name: "压力测试业主", creditCode: code(9_999_999), regionCode: "320100" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const orgs = await handle.db
      .insertInto("organizations")
      .values(
        Array.from({ length: n }, (_, i) => ({
          kind: "agency",
          name: `压力测试机构${i}`,
          creditCode: code(i),
          regionCode: "320100",
          legalRepresentative: `法人${i}`,
        })),
      )
      .returning(["id", "name"])
      .execute();
    const viewers: Viewer[] = orgs.map((o) => ({
      userId: randomUUID(),
      name: "bench",
      email: "bench@x.cn",
      locale: "zh-CN",
      isSiteAdmin: false,
      role: "admin",
      org: { id: o.id, kind: "agency", name: o.name, ownerType: null, regionCode: "320100" },
    }));
    await sql`analyze`.execute(handle.db);

    // Subject: submitBid through the application, spread over the last second before the deadline.
    const lead = 3000;
    const deadline = new Date(Date.now() + lead + 1000);
    const projectId = await makeProject(handle.db, owner.id, item.id, deadline);
    const latencies: number[] = [];
    let refusedLate = 0;
    const start = deadline.getTime() - 1000;
    const fire = (v: Viewer, at: number, price: number) =>
      new Promise<"ok" | "late" | "error">((resolve) =>
        setTimeout(
          async () => {
            const t = performance.now();
            try {
              await submitBid(handle.db, v, projectId, { price, committedDays: 10, proposal: null });
              latencies.push(performance.now() - t);
              resolve("ok");
            } catch (e) {
              if ((e as { key?: string }).key !== "errors.bid.late" && process.env.BENCH_DEBUG) console.error((e as Error).message);
              resolve((e as { key?: string }).key === "errors.bid.late" ? "late" : "error");
            }
          },
          Math.max(0, at - Date.now()),
        ),
      );
    const onTime = viewers.map((v, i) => fire(v, start + Math.floor((i / n) * 950), 1_000_000 + i));
    // Late: agencies that already bid try to lower their price just after the deadline.
    const late = viewers.slice(0, lateN).map((v, i) => fire(v, deadline.getTime() + 5 + Math.floor((i / lateN) * 200), 500_000));
    const t0 = performance.now();
    const results = await Promise.all([...onTime, ...late]);
    const elapsed = (performance.now() - t0) / 1000;
    refusedLate = results.slice(n).filter((r) => r === "late").length;
    const accepted = results.slice(0, n).filter((r) => r === "ok").length;
    const rows = await handle.db
      .selectFrom("bids")
      .select(["priceFen", "updatedAt", "receivedAt"])
      .where("projectId", "=", projectId)
      .where("status", "=", "submitted")
      .execute();
    // A bid counts from its receipt (migration 0015); none received at or after the deadline may stand.
    const lateAccepted = rows.filter((r) => r.priceFen === 500_000 || (r.receivedAt ?? r.updatedAt) >= deadline).length;
    const committedAfterDeadline = rows.filter((r) => r.updatedAt >= deadline).length;

    // Reference: the same number of bare INSERTs of bid rows, same spread and concurrency, on a second project.
    const refProject = await makeProject(handle.db, owner.id, item.id, new Date(Date.now() + 600_000));
    const pool = new pg.Pool({ connectionString: fresh.url, max: 20, options: "-c jit=off" });
    // The database is dropped (with force) at the end: a connection it ends must not end the process.
    pool.on("error", () => undefined);
    const bare: number[] = [];
    const refStart = Date.now() + 500;
    await Promise.all(
      orgs.map(
        (o, i) =>
          new Promise<void>((resolve, reject) =>
            setTimeout(
              async () => {
                const t = performance.now();
                try {
                  await pool.query(
                    "insert into bids (project_id, agency_id, price_fen, committed_days, hash) values ($1, $2, $3, 10, $4)",
                    [refProject, o.id, 1_000_000 + i, "0".repeat(64)],
                  );
                  bare.push(performance.now() - t);
                  resolve();
                } catch (e) {
                  reject(e);
                }
              },
              Math.max(0, refStart + Math.floor((i / n) * 950) - Date.now()),
            ),
          ),
      ),
    );
    await pool.end();
    return {
      agencies: n,
      accepted,
      refusedLate,
      lost: accepted - rows.length,
      lateAccepted,
      committedAfterDeadline,
      throughputPerSecond: Math.round(accepted / Math.min(elapsed, 1.5)),
      subject: summarize(latencies),
      reference: summarize(bare),
    };
  } finally {
    await handle.close();
    await fresh.drop();
  }
}
