// The exclusion engine on a generated population (PostgreSQL): "may every agency take part in this
// project" in one query (target < 200 ms on 100k agencies) and "may this agency" for one bid (target
// p95 < 5 ms), each against the same SQL sent bare over a pg.Client. The population has credit scores
// for everyone, ~1 % grade D, and ~2 % under a sanction in force (a third of them scoped to the
// project's city, a third elsewhere, a third everywhere, some through an affiliate). Writes the plan.
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { seedReference } from "#db/seed/reference";
import { getViewer, signUp } from "~/modules/identity/accounts.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject } from "~/modules/procurement/projects.server";
import { recomputeDueCreditScores } from "~/modules/trust/credit.server";
import { eligibilityFactsSql, eligibleAgenciesSql, previewEligibility } from "~/modules/trust/exclusions.server";
import { openDatabase } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";
import { demoCreditCode } from "#db/seed/demo";
import { generate, mulberry32, progressBar } from "../generate";
import { createFreshDatabase } from "../lib/pg-admin";
import { timeIt, type Summary } from "./stats";
import { beijingDateTimeLocal } from "~/lib/beijing-calendar";

export interface EligibilityBenchResult {
  agencies: number;
  eligible: number;
  sanctioned: number;
  gradeD: number;
  rows: { name: string; database: "postgres"; subject: Summary; reference: Summary; referenceName: string; ratioP95: number }[];
  targets: { allUnder200ms: boolean; singleP95Under5ms: boolean };
  planFile: string;
}

const ratio = (a: Summary, b: Summary) => Math.round((a.p95 / b.p95) * 10) / 10;

export async function benchEligibility(
  pgBaseUrl: string,
  opts: { agencies?: number; runs?: number; outDir?: string } = {},
): Promise<EligibilityBenchResult> {
  const agencies = opts.agencies ?? 100_000;
  const runs = opts.runs ?? 50;
  const outDir = path.resolve(opts.outDir ?? "bench-results");
  const fresh = await createFreshDatabase(pgBaseUrl, "bench_elig");
  const handle = await openDatabase({ url: fresh.url });
  const client = new pg.Client({ connectionString: fresh.url, options: "-c TimeZone=UTC -c jit=off" });
  client.on("error", () => undefined);
  try {
    await migrateToLatest(handle.db);
    await seedReference(handle.db);
    await generate(handle.db, { agencies, seed: 7, onProgress: progressBar(`generating ${agencies} agencies`) });
    const t0 = performance.now();
    const scored = await recomputeDueCreditScores(handle.db);
    console.log(`eligibility bench: scored ${scored} agencies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Grade D for ~1 %, sanctions for ~2 % (scoped variously), deterministic.
    const rand = mulberry32(11);
    const ids = await handle.db
      .selectFrom("organizations")
      .select(["id", "creditCode", "name"])
      .where("kind", "=", "agency")
      .orderBy("id")
      .execute();
    const regulator = await handle.db.selectFrom("organizations").select("id").where("kind", "=", "regulator").executeTakeFirstOrThrow();
    const gradeD = ids.filter(() => rand() < 0.01).map((r) => r.id);
    for (let i = 0; i < gradeD.length; i += 1000)
      await sql`update credit_scores set grade = 'D', score_centi = 5000 where agency_id = any(${gradeD.slice(i, i + 1000)}::uuid[])`.execute(
        handle.db,
      );
    const sanctioned = ids.filter(() => rand() < 0.02);
    await handle.db.transaction().execute(async (trx) => {
      for (const [i, a] of sanctioned.entries()) {
        const scope = i % 3 === 0 ? ["320100"] : i % 3 === 1 ? ["310000"] : [];
        const s = await trx
          .insertInto("sanctions")
          .values({
            type: i % 5 === 0 ? "suspension" : "blacklist",
            subjectName: a.name,
            grounds: "bench",
            legalBasis: "bench",
            decisionRef: `bench-${i}`,
            issuedByOrgId: regulator.id,
            scopeRegions: scope,
            startsAt: new Date(Date.now() - 86_400_000),
            endsAt: new Date(Date.now() + 30 * 86_400_000),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const subjects = [{ sanctionId: s.id, creditCode: a.creditCode!, relation: "subject", name: a.name }];
        if (i % 7 === 0)
          subjects.push({
            sanctionId: s.id,
            creditCode: demoCreditCode("320100", 9_000_000 + i),
            relation: "controlled",
            name: `${a.name}分公司`,
          });
        await trx.insertInto("sanctionSubjects").values(subjects).execute();
      }
    });
    // Steady state: vacuumed, so index-only scans see an up-to-date visibility map.
    await sql`vacuum analyze`.execute(handle.db);

    // One owner and one published random-draw project in Nanjing for an item most agencies list.
    const ownerUser = await signUp(handle.db, {
      kind: "owner",
      ownerType: "enterprise",
      orgName: "基准测试业主有限公司",
      creditCode: demoCreditCode("320100", 8_888_888),
      regionCode: "320100",
      userName: "基准",
      email: "bench-owner@example.cn",
      password: "bench password 1",
      agency: null,
    });
    const owner = (await getViewer(handle.db, ownerUser.userId))!;
    const item = await handle.db.selectFrom("serviceItems").select("id").where("code", "=", "eia-form").executeTakeFirstOrThrow();
    const deadline = beijingDateTimeLocal(new Date(Date.now() + 20 * 86_400_000));
    const { id: projectId } = await createProject(
      handle.db,
      owner,
      ProjectSchema.parse({
        title: "基准测试环境影响报告表编制",
        serviceItemId: String(item.id),
        regionCode: "320102",
        description: "基准测试项目，编制环境影响报告表。",
        deliverables: "报告表",
        priceCeiling: "50000",
        selectionMethod: "randomDraw",
        bidDeadline: deadline,
        expectedDays: "20",
      }),
    );
    await publishProject(handle.db, owner, projectId, crypto.randomUUID());

    await client.connect();
    const now = new Date();
    const all = eligibleAgenciesSql(projectId, now).compile(handle.db);
    const first = await eligibleAgenciesSql(projectId, now).execute(handle.db);
    const plan = (await client.query(`explain (analyze, buffers) ${all.sql}`, [...all.parameters])).rows
      .map((r: Record<string, string>) => r["QUERY PLAN"])
      .join("\n");
    fs.mkdirSync(outDir, { recursive: true });
    const planFile = path.join(outDir, "eligibility-plan.txt");
    fs.writeFileSync(
      planFile,
      [
        `eligibility of every agency for one project, ${agencies} agencies, ${new Date().toISOString()}`,
        `${first.rows.length} eligible`,
        "",
        all.sql,
        "",
        plan,
        "",
      ].join("\n"),
    );

    const allSubject = await timeIt(runs, 5, () => eligibleAgenciesSql(projectId, now).execute(handle.db));
    const allBare = await timeIt(runs, 5, () => client.query(all.sql, [...all.parameters]));
    // Single checks for random agencies (a bid's eligibility), the code path the pages use.
    const sample = Array.from({ length: 400 }, () => ids[Math.floor(rand() * ids.length)]!.id);
    let k = 0;
    const single = await timeIt(400, 40, () => previewEligibility(handle.db, sample[k++ % sample.length]!, projectId, now));
    let j = 0;
    const singleBare = await timeIt(400, 40, () => {
      const c = eligibilityFactsSql(sample[j++ % sample.length]!, projectId, now).compile(handle.db);
      return client.query(c.sql, [...c.parameters]);
    });
    const label = `eligibility ${agencies >= 1000 ? `${Math.round(agencies / 1000)}k` : agencies}`;
    return {
      agencies,
      eligible: first.rows.length,
      sanctioned: sanctioned.length,
      gradeD: gradeD.length,
      rows: [
        {
          name: `${label} all`,
          database: "postgres",
          subject: allSubject,
          reference: allBare,
          referenceName: "bare SQL",
          ratioP95: ratio(allSubject, allBare),
        },
        {
          name: `${label} one`,
          database: "postgres",
          subject: single,
          reference: singleBare,
          referenceName: "bare SQL",
          ratioP95: ratio(single, singleBare),
        },
      ],
      targets: { allUnder200ms: allSubject.p95 < 200, singleP95Under5ms: single.p95 < 5 },
      planFile,
    };
  } finally {
    await client.end().catch(() => {});
    await handle.close();
    await fresh.drop();
  }
}
