import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GeneratedDataExistsError, generate, parseArgs, type GenerateTotals } from "../../../scripts/generate";
import { WorkCalendar } from "../../../scripts/generate/calendar";
import { orderedUuid } from "../../../scripts/generate/random";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { DrawRng, verifyDraw } from "~/modules/procurement/draw.rules";
import { getProjectPage, getProjectView } from "~/modules/procurement/project-view.server";
import { projectAuditHead } from "~/web/page-cache.server";
import { getViewer } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { listAttachments } from "~/modules/procurement/attachments.server";
import { listOpenedBids } from "~/modules/procurement/bids.server";
import { getContract } from "~/modules/procurement/contracts.server";
import { listQuestions } from "~/modules/procurement/questions.server";
import { getContractPayments } from "~/modules/payments/payments.server";
import { getProjectTrust } from "~/modules/trust/trust-views.server";
import { PROJECT_STATES, SELECTION_METHODS } from "~/modules/procurement/projects.rules";
import { select, type SelectionOutcome, type SelectionSpec } from "~/modules/procurement/selection.rules";
import { getDrawInputs, getSelection } from "~/modules/procurement/selection.server";
import { addWorkdays, deadlineAfterWorkdays, workdaysBetween } from "~/lib/beijing-calendar";
import type { Database, DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";

const NOW = new Date("2026-11-20T00:00:00Z");
const SCALE = { agencies: 300, owners: 60, projects: 1500 };

let a: DatabaseHandle;
let b: DatabaseHandle;
let totals: GenerateTotals;

const n = async (db: Database, q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(db)).rows[0]!.n);

/** Everything the project generator wrote, in a stable order, for comparing two runs. */
async function dump(db: Database) {
  return {
    owners: await db
      .selectFrom("organizations")
      .select(["id", "name", "creditCode", "ownerType", "regionCode", "createdAt"])
      .where("kind", "=", "owner")
      .orderBy("id")
      .execute(),
    users: await db.selectFrom("users").select(["id", "email", "createdAt", "passwordChangedAt"]).orderBy("id").execute(),
    projects: await db.selectFrom("projects").selectAll().orderBy("id").execute(),
    secrets: await db.selectFrom("projectSecrets").selectAll().orderBy("projectId").execute(),
    bids: await db.selectFrom("bids").selectAll().orderBy("id").execute(),
    selections: await db.selectFrom("selections").selectAll().orderBy("projectId").execute(),
    awards: await db.selectFrom("awards").selectAll().orderBy("id").execute(),
    contracts: await db.selectFrom("contracts").selectAll().orderBy("id").execute(),
    deliveries: await db.selectFrom("deliveries").selectAll().orderBy("id").execute(),
    reviews: await db.selectFrom("reviews").selectAll().orderBy("id").execute(),
    complaints: await db.selectFrom("complaints").selectAll().orderBy("id").execute(),
    breaches: await db.selectFrom("breachEvents").selectAll().orderBy("id").execute(),
    sanctions: await db.selectFrom("sanctions").selectAll().orderBy("id").execute(),
    subjects: await db.selectFrom("sanctionSubjects").selectAll().orderBy("sanctionId").orderBy("creditCode").execute(),
    audit: await db.selectFrom("auditEvents").selectAll().orderBy("id").execute(),
    credit: await db.selectFrom("creditScores").select(["agencyId", "scoreCenti", "grade"]).orderBy("agencyId").execute(),
  };
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  // Different batch sizes (and, on PostgreSQL, batches written one or two at a time): the same rows.
  totals = await generate(a.db, { ...SCALE, seed: 42, now: NOW, projectBatchSize: 400, parallel: 1 });
  await generate(b.db, { ...SCALE, seed: 42, now: NOW, projectBatchSize: 700 });
}, 300_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe("the project generator", () => {
  it("is deterministic: two fresh databases get the same rows", async () => {
    const [da, db] = await Promise.all([dump(a.db), dump(b.db)]);
    for (const k of Object.keys(da) as (keyof typeof da)[]) {
      expect(db[k].length, k).toBe(da[k].length);
      expect(db[k], k).toEqual(da[k]);
    }
    expect(da.projects).toHaveLength(SCALE.projects);
    expect(da.owners).toHaveLength(SCALE.owners);
    expect(totals.projects).toMatchObject({
      projects: SCALE.projects,
      bids: da.bids.length,
      awards: da.awards.length,
      auditEvents: da.audit.filter((e) => e.subjectType === "project").length,
    });
  });

  it("covers every state but 'published' and every method", async () => {
    const states = new Set((await a.db.selectFrom("projects").select("status").distinct().execute()).map((r) => r.status));
    for (const s of PROJECT_STATES.filter((s) => s !== "published")) expect(states, s).toContain(s);
    const methods = new Set(
      (await a.db.selectFrom("projects").select("selectionMethod").distinct().execute()).map((r) => r.selectionMethod),
    );
    for (const m of SELECTION_METHODS) expect(methods, m).toContain(m);
    // Direct selection only for work that is not government-funded and within the policy's ceiling.
    const badDirect = await n(
      a.db,
      sql`select count(*)::int as n from projects p join procedure_policies pol on pol.id = p.policy_id where p.selection_method = 'direct' and (p.government_funded or p.price_ceiling_fen > pol.direct_ceiling_fen)`,
    );
    expect(badDirect).toBe(0);
    // Published projects have their policy; bidding ones a draw commitment and a secret that hashes to it.
    expect(
      await n(a.db, sql`select count(*)::int as n from projects where status <> 'draft' and (policy_id is null or published_at is null)`),
    ).toBe(0);
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from projects p where p.selection_method <> 'direct' and p.status <> 'draft' and not exists (select 1 from project_secrets s where s.project_id = p.id)`,
      ),
    ).toBe(0);
    const secret = await a.db
      .selectFrom("projectSecrets as s")
      .innerJoin("projects as p", "p.id", "s.projectId")
      .select(["s.secret", "p.drawCommitment"])
      .limit(5)
      .execute();
    for (const s of secret)
      expect(verifyDraw({ secretHex: s.secret, commitment: s.drawCommitment!, entries: [] }).commitmentMatches).toBe(true);
    expect(await n(a.db, sql`select count(*)::int as n from projects where published_at > ${NOW} or created_at > ${NOW}`)).toBe(0);
    expect(
      await n(a.db, sql`select count(*)::int as n from projects where published_at < ${new Date(NOW.getTime() - 3 * 366 * 86_400_000)}`),
    ).toBe(0);
  });

  it("keeps at most one live award per project and one live bid per agency and project", async () => {
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from (select project_id from awards where status <> 'annulled' group by project_id having count(*) > 1) x`,
      ),
    ).toBe(0);
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from (select project_id, agency_id from bids where status = 'submitted' group by 1, 2 having count(*) > 1) x`,
      ),
    ).toBe(0);
    // An award in force for every project from 'awarded' on (a terminated contract keeps its award).
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from projects p where p.status in ('awarded', 'contracted', 'delivered', 'completed') and not exists (select 1 from awards w where w.project_id = p.id and w.status <> 'annulled')`,
      ),
    ).toBe(0);
    // Contracts: the award's amount, for contracted projects on; late completions have their breach.
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from contracts c join awards w on w.id = c.award_id where c.amount_fen <> w.price_fen or w.status <> 'final'`,
      ),
    ).toBe(0);
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from projects p where p.status in ('contracted', 'delivered', 'completed') and not exists (select 1 from contracts c where c.project_id = p.id)`,
      ),
    ).toBe(0);
    expect(
      await n(a.db, sql`select count(*)::int as n from contracts c where (c.status = 'completed') <> (c.late_workdays is not null)`),
    ).toBe(0);
    const late = await n(a.db, sql`select count(*)::int as n from contracts where late_workdays > 0`);
    expect(late).toBeGreaterThan(0);
    expect(await n(a.db, sql`select count(*)::int as n from breach_events where kind = 'lateDelivery'`)).toBe(late);
    expect(await n(a.db, sql`select count(*)::int as n from contracts where status = 'terminated'`)).toBeGreaterThan(0);
    // The winning bid is a valid bid of the project, by the winning agency, at the awarded price.
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from awards w join bids b on b.id = w.bid_id where b.project_id <> w.project_id or b.agency_id <> w.agency_org_id or b.price_fen <> w.price_fen or b.status <> 'submitted'`,
      ),
    ).toBe(0);
  });

  it("puts bids only where the sealed-bid rules allow them", async () => {
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from bids b join projects p on p.id = b.project_id where p.status = 'draft' or p.selection_method = 'direct'`,
      ),
    ).toBe(0);
    // Every bid went in between publication and the deadline, and before "now".
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from bids b join projects p on p.id = b.project_id where b.submitted_at < p.published_at or b.submitted_at >= p.bid_deadline or b.submitted_at > ${NOW}`,
      ),
    ).toBe(0);
    const bidding = await n(
      a.db,
      sql`select count(*)::int as n from bids b join projects p on p.id = b.project_id where p.status = 'bidding'`,
    );
    expect(bidding).toBeGreaterThan(0);
    expect(await n(a.db, sql`select count(*)::int as n from projects where status = 'bidding' and bid_deadline <= ${NOW}`)).toBe(0);
    // Bids come from agencies that list the item, existed then, and serve the region.
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from bids b join projects p on p.id = b.project_id join organizations o on o.id = b.agency_id
        where o.created_at > b.submitted_at or not exists (select 1 from agency_services s where s.agency_id = b.agency_id and s.service_item_id = p.service_item_id
          and (cardinality(s.regions) = 0 or s.regions && array[p.region_code, (left(p.region_code, 4) || '00')::char(6), (left(p.region_code, 2) || '0000')::char(6)]))`,
      ),
    ).toBe(0);
    // Bids below the ceiling (and floor); owners' pages show none before the deadline.
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from bids b join projects p on p.id = b.project_id where b.price_fen > p.price_ceiling_fen or b.price_fen < coalesce(p.price_floor_fen, 0)`,
      ),
    ).toBe(0);
    const open = await a.db.selectFrom("projects").select("id").where("status", "=", "bidding").limit(1).executeTakeFirstOrThrow();
    const view = await getProjectView(a.db, null, open.id, NOW);
    expect(view?.openedBids).toEqual([]);
  });

  it("passes the audit chain check, one event per state change", async () => {
    const report = await verifyAuditChain(a.db, 2000);
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    expect(report.checked).toBe(await n(a.db, sql`select count(*)::int as n from audit_events`));
    // Each published project's first transition is its publication, and its last one names its state.
    const bad = await n(
      a.db,
      sql`select count(*)::int as n from projects p cross join lateral (
            select (array_agg(e.action order by e.id) filter (where e.action like 'project.%'))[1] as first,
                   (array_agg(e.action order by e.id desc) filter (where e.action like 'project.%'))[1] as last
            from audit_events e where e.subject_type = 'project' and e.subject_id = p.id::text) ev
          where p.status <> 'draft' and (ev.first not in ('project.bidding', 'project.selecting') or ev.last <> 'project.' || p.status)`,
    );
    expect(bad).toBe(0);
  });

  it("stores selections the app reads and re-runs: every draw verifies", async () => {
    const rows = await a.db
      .selectFrom("selections as s")
      .innerJoin("projects as p", "p.id", "s.projectId")
      .select(["s.projectId", "p.selectionMethod", "p.status"])
      .where("s.secret", "is not", null)
      .execute();
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows.slice(0, 60)) {
      const inputs = (await getDrawInputs(a.db, r.projectId))!;
      expect(inputs).not.toBeNull();
      const check = verifyDraw({
        secretHex: inputs.secret,
        commitment: inputs.commitment,
        entries: inputs.entries,
        seed: inputs.outcome.seed,
      });
      expect(check.ok, r.projectId).toBe(true);
      const again = select(
        inputs.outcome.spec as SelectionSpec,
        inputs.bids.map((x) => ({ ...x, submittedAt: new Date(0) })),
        new DrawRng(inputs.outcome.seed!),
      );
      expect(again.ranking, r.projectId).toEqual(inputs.outcome.ranking);
      if (r.selectionMethod !== "creditPreferred") expect(again.winnerBidId).toBe(inputs.outcome.winnerBidId);
    }
    const failed = await a.db
      .selectFrom("selections")
      .select("outcome")
      .where("method", "<>", "direct")
      .where("secret", "is", null)
      .limit(1)
      .executeTakeFirstOrThrow();
    expect((failed.outcome as unknown as SelectionOutcome).failed?.reason).toBe("tooFewBids");
    const direct = await a.db
      .selectFrom("selections")
      .select(["outcome", "round"])
      .where("method", "=", "direct")
      .where("round", "=", 2)
      .limit(1)
      .executeTakeFirstOrThrow();
    const outcome = direct.outcome as unknown as SelectionOutcome;
    expect(outcome.direct?.shownAgencyIds).toContain(outcome.winnerAgencyId);
    const awarded = await a.db.selectFrom("projects").select("id").where("status", "=", "completed").limit(1).executeTakeFirstOrThrow();
    const view = (await getProjectView(a.db, null, awarded.id, NOW))!;
    expect(view.award?.status).toBe("final");
    expect(view.contract?.status).toBe("completed");
    expect(view.openedBids.length + (view.project.selectionMethod === "direct" ? 1 : 0)).toBeGreaterThan(0);
  });

  it("reads the project page in one statement that equals the separate reads, for every state and viewer", async () => {
    // A few projects of each state and method, and the ones with reviews, complaints and objections.
    const ids = new Set<string>();
    for (const st of PROJECT_STATES)
      for (const r of await a.db.selectFrom("projects").select("id").where("status", "=", st).orderBy("id").limit(4).execute())
        ids.add(r.id);
    for (const m of SELECTION_METHODS)
      for (const r of await a.db
        .selectFrom("projects")
        .select("id")
        .where("selectionMethod", "=", m)
        .where("status", "=", "completed")
        .orderBy("id")
        .limit(3)
        .execute())
        ids.add(r.id);
    for (const r of await a.db
      .selectFrom("complaints")
      .select("projectId as id")
      .where("projectId", "is not", null)
      .orderBy("id")
      .limit(5)
      .execute())
      ids.add(r.id!);
    for (const r of await a.db
      .selectFrom("reviews as v")
      .innerJoin("contracts as c", "c.id", "v.contractId")
      .select("c.projectId as id")
      .orderBy("v.id")
      .limit(5)
      .execute())
      ids.add(r.id);
    const memberOf = async (orgId: string): Promise<Viewer | null> => {
      const m = await a.db.selectFrom("memberships").select("userId").where("orgId", "=", orgId).limit(1).executeTakeFirst();
      return m ? getViewer(a.db, m.userId) : null;
    };
    let compared = 0;
    for (const id of ids) {
      const p = await a.db
        .selectFrom("projects")
        .select(["ownerOrgId", "status", "bidDeadline"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      const winner = await a.db.selectFrom("awards").select("agencyOrgId").where("projectId", "=", id).limit(1).executeTakeFirst();
      const viewers = [null, await memberOf(p.ownerOrgId), winner ? await memberOf(winner.agencyOrgId) : null];
      for (const viewer of viewers) {
        const page = await getProjectPage(a.db, viewer, id, NOW);
        if (p.status === "draft" && viewer?.org?.id !== p.ownerOrgId) {
          expect(page).toBeNull();
          continue;
        }
        const { view, trust, payments, auditHead } = page!;
        // The head the page cache keeps the page under is the one the audit trail has.
        expect(auditHead).toBe(await projectAuditHead(a.db, id));
        expect(auditHead).toBeGreaterThan(0);
        const opened = !!p.bidDeadline && p.bidDeadline <= NOW && !["draft", "published", "bidding"].includes(p.status);
        expect(view.questions).toEqual(await listQuestions(a.db, id));
        expect(view.openedBids).toEqual(opened ? await listOpenedBids(a.db, id) : []);
        // The number of sealed bids is not shown to anyone before the opening.
        expect(view).not.toHaveProperty("liveBidCount");
        const selection = await getSelection(a.db, id);
        expect(view.selection === null).toBe(selection === null);
        if (selection && view.selection) expect({ ...view.selection, secret: null }).toEqual({ ...selection, secret: null });
        expect(view.contract).toEqual(await getContract(a.db, id));
        expect(view.attachments).toEqual(await listAttachments(a.db, viewer, id));
        const award = await a.db
          .selectFrom("awards")
          .select(["id", "status", "priceFen", "awardedAt", "publicityEndsAt", "finalizedAt"])
          .where("projectId", "=", id)
          .orderBy("awardedAt", "desc")
          .executeTakeFirst();
        expect(
          view.award === null
            ? undefined
            : {
                id: view.award.id,
                status: view.award.status,
                priceFen: view.award.priceFen,
                awardedAt: view.award.awardedAt,
                publicityEndsAt: view.award.publicityEndsAt,
                finalizedAt: view.award.finalizedAt,
              },
        ).toEqual(award);
        const objections = await a.db
          .selectFrom("objections")
          .select(["id", "status", "createdAt", "answerDueAt"])
          .where("projectId", "=", id)
          .orderBy("createdAt")
          .execute();
        expect(view.objections.map((o) => ({ id: o.id, status: o.status, createdAt: o.createdAt, answerDueAt: o.answerDueAt }))).toEqual(
          objections,
        );
        expect(trust).toEqual(await getProjectTrust(a.db, viewer, view.project, NOW));
        expect(payments).toEqual(await getContractPayments(a.db, viewer, id));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(60);
    // Timestamps read through JSON are Dates again (toEqual above compares them to the millisecond).
    const reviewed = await a.db
      .selectFrom("reviews as v")
      .innerJoin("contracts as c", "c.id", "v.contractId")
      .select("c.projectId")
      .where("v.visibleFrom", "<=", NOW)
      .orderBy("v.id")
      .limit(1)
      .executeTakeFirstOrThrow();
    const page = (await getProjectPage(a.db, null, reviewed.projectId, NOW))!;
    expect(page.view.contract?.createdAt).toBeInstanceOf(Date);
    expect(page.trust.reviews?.visible[0]?.submittedAt).toBeInstanceOf(Date);
    expect(page.view.award?.awardedAt).toBeInstanceOf(Date);
  });

  it("has realistic distributions", async () => {
    // Bids per project that reached its opening: most 2–5.
    const counts = (
      await sql<{
        n: number;
      }>`select (select count(*) from bids b where b.project_id = p.id)::int as n from projects p where p.opened_at is not null`.execute(
        a.db,
      )
    ).rows
      .map((r) => r.n)
      .sort((x, y) => x - y);
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(2);
    expect(median).toBeLessThanOrEqual(5);
    expect(counts.filter((c) => c <= 1).length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeGreaterThan(10);
    // A few items dominate: the top 10 % of items have over 40 % of the projects.
    const perItem = (
      await sql<{ n: number }>`select count(*)::int as n from projects group by service_item_id order by 1 desc`.execute(a.db)
    ).rows.map((r) => r.n);
    const items = await n(a.db, sql`select count(*)::int as n from service_items`);
    const topItems = perItem.slice(0, Math.ceil(items * 0.1)).reduce((s, x) => s + x, 0);
    expect(topItems / SCALE.projects).toBeGreaterThan(0.4);
    // Some agencies win often: the top 5 % of agencies have over 20 % of the awards.
    const perAgency = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from awards where status <> 'annulled' group by agency_org_id order by 1 desc`.execute(a.db)
    ).rows.map((r) => r.n);
    const awards = perAgency.reduce((s, x) => s + x, 0);
    const topAgencies = perAgency.slice(0, Math.ceil(SCALE.agencies * 0.05)).reduce((s, x) => s + x, 0);
    expect(topAgencies / awards).toBeGreaterThan(0.2);
    // Prices: 70–100 % of what the bidder may ask (the ceiling or its own maximum fee).
    const ratio = await n(
      a.db,
      sql`select round(100 * avg(b.price_fen::numeric / p.price_ceiling_fen))::int as n from bids b join projects p on p.id = b.project_id`,
    );
    expect(ratio).toBeGreaterThanOrEqual(60);
    expect(ratio).toBeLessThanOrEqual(100);
  });

  it("writes the trust record: reviews both ways, complaints, sanctions, breach events, credit scores", async () => {
    const dirs = new Set((await a.db.selectFrom("reviews").select("direction").distinct().execute()).map((r) => r.direction));
    expect(dirs).toEqual(new Set(["ofAgency", "ofOwner"]));
    expect(await n(a.db, sql`select count(*)::int as n from reviews where visible_from < submitted_at or submitted_at > ${NOW}`)).toBe(0);
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from reviews r join contracts c on c.id = r.contract_id where c.status not in ('completed', 'terminated')`,
      ),
    ).toBe(0);
    const complaintStates = new Set((await a.db.selectFrom("complaints").select("status").distinct().execute()).map((r) => r.status));
    expect(complaintStates.size).toBeGreaterThanOrEqual(2);
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from sanctions s where not exists (select 1 from sanction_subjects x where x.sanction_id = s.id)`,
      ),
    ).toBe(0);
    expect(await n(a.db, sql`select count(*)::int as n from sanctions`)).toBeGreaterThan(0);
    const kinds = new Set((await a.db.selectFrom("breachEvents").select("kind").distinct().execute()).map((r) => r.kind));
    for (const k of ["lateDelivery", "lateSigning"]) expect(kinds).toContain(k);
    // No bid from an agency under a restricting sanction in force at the time.
    expect(
      await n(
        a.db,
        sql`select count(*)::int as n from bids b join organizations o on o.id = b.agency_id join sanction_subjects x on x.credit_code = o.credit_code join sanctions s on s.id = x.sanction_id
        where s.type in ('suspension', 'blacklist', 'removal', 'ban') and s.starts_at <= b.submitted_at and (s.ends_at is null or s.ends_at > b.submitted_at) and (s.lifted_at is null or s.lifted_at > b.submitted_at)`,
      ),
    ).toBe(0);
    expect(await n(a.db, sql`select count(*)::int as n from credit_scores`)).toBe(SCALE.agencies);
  });

  it("refuses a second run unless appending, and appends onto the chain", async () => {
    await expect(generate(b.db, { agencies: 0, projects: 10, seed: 42, now: NOW })).rejects.toBeInstanceOf(GeneratedDataExistsError);
    const more = await generate(b.db, { agencies: 0, owners: 5, projects: 40, seed: 42, now: NOW, append: true, credit: false });
    expect(more.projects?.projects).toBe(40);
    expect(await n(b.db, sql`select count(*)::int as n from projects`)).toBe(SCALE.projects + 40);
    expect(await n(b.db, sql`select count(*)::int as n from organizations where kind = 'owner'`)).toBe(SCALE.owners + 5);
    expect((await verifyAuditChain(b.db)).ok).toBe(true);
  });
});

describe("the generator's helpers", () => {
  it("reads the command line: the full default scale, or small", () => {
    expect(parseArgs([])).toMatchObject({ agencies: 100_000, owners: 20_000, projects: 1_000_000, bidsPerProject: 5.8 });
    expect(parseArgs(["--scale", "small"])).toMatchObject({ agencies: 2_000, owners: 500, projects: 10_000 });
    expect(parseArgs(["--scale", "small", "--projects", "7", "--bids-per-project", "8"])).toMatchObject({
      agencies: 2_000,
      projects: 7,
      bidsPerProject: 8,
    });
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown option/);
  });

  it("tabulates the official calendar exactly", () => {
    const cal = new WorkCalendar(Date.UTC(2023, 0, 1), Date.UTC(2027, 0, 1));
    for (let d = WorkCalendar.dayOfIso("2024-01-01"); d < WorkCalendar.dayOfIso("2026-12-31"); d += 3) {
      const iso = WorkCalendar.iso(d);
      for (const k of [0, 1, 3, 5, 17]) expect(WorkCalendar.iso(cal.addWorkdays(d, k))).toBe(addWorkdays(iso, k));
      expect(cal.workdaysBetween(d, d + 40)).toBe(workdaysBetween(iso, WorkCalendar.iso(d + 40)));
    }
    const t = Date.UTC(2025, 9, 1, 3, 4, 5);
    expect(cal.deadlineAfterWorkdays(t, 3)).toBe(deadlineAfterWorkdays(new Date(t), 3).getTime());
    expect(cal.deadlineAfterWorkdays(t, 5, 17)).toBe(deadlineAfterWorkdays(new Date(t), 5, 17).getTime());
  });

  it("makes ordered ids that are UUIDs and sort by serial", () => {
    const ids = [orderedUuid(1, 2, 10_000), orderedUuid(1, 2, 10_100), orderedUuid(1, 3, 10_000), orderedUuid(1, 1_000_000, 10_140)];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
