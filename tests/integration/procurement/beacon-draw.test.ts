import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { getViewer, signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { roundTime } from "~/modules/procurement/beacon.rules";
import { useDrawBeacon } from "~/modules/procurement/beacon.server";
import { DrawRng, bidCommitment, commitment, drawSeedV2, eligibleListHash, type EligibleEntry } from "~/modules/procurement/draw.rules";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject } from "~/modules/procurement/projects.server";
import { select, type SelectionSpec } from "~/modules/procurement/selection.rules";
import { drawDueBeacons, getPublishedDraw, openDueProjects } from "~/modules/procurement/selection.server";
import { checkDrawV2, isDrawInputsV2, type DrawInputsV2 } from "~/modules/procurement/verify";
import type { DatabaseHandle } from "~/server/db.server";
import { localKey, signRound, startLocalBeacon, type LocalBeacon } from "../../support/beacon";
import { createTestDatabase } from "../../support/db";
import { signUpInput } from "../../support/fixtures";

let h: DatabaseHandle;
let owner: Viewer;
let beacon: LocalBeacon;
const agencies: Viewer[] = [];
let eiaFormId: number;

function projectInput(deadline: Date) {
  const local = new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
  return ProjectSchema.parse({
    title: "测试项目环境影响报告表编制",
    serviceItemId: String(eiaFormId),
    regionCode: "320100",
    description: "新建厂房项目，需编制环境影响报告表并配合报批。",
    deliverables: "环境影响报告表及批复",
    priceCeiling: "50000",
    selectionMethod: "randomDraw",
    bidDeadline: local,
    expectedDays: "20",
  });
}

/** A published project with three bids, opened: its list fixed, its draw waiting for the round. */
async function opened(): Promise<string> {
  const { id } = await createProject(h.db, owner, projectInput(new Date(Date.now() + 20 * 86_400_000)));
  await publishProject(h.db, owner, id, crypto.randomUUID());
  for (let i = 0; i < 3; i++)
    await submitBid(h.db, agencies[i]!, id, { price: (40_000 + i * 500) * 100, committedDays: 10, proposal: null });
  await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() - interval '1 second' where id = ${id}`.execute(
    h.db,
  );
  await openDueProjects(h.db);
  return id;
}

async function beaconRow(id: string) {
  return h.db.selectFrom("drawBeacons").selectAll().where("projectId", "=", id).executeTakeFirstOrThrow();
}

/** Lets the beacon's clock pass the project's draw round and runs the job. */
async function drawNow(id: string) {
  const row = await beaconRow(id);
  beacon.now = new Date(new Date(row.drawRoundAt!).getTime() + 1000);
  return drawDueBeacons(h.db, beacon.config, beacon.now);
}

async function published(id: string): Promise<DrawInputsV2> {
  const inputs = await getPublishedDraw(h.db, id);
  if (!isDrawInputsV2(inputs)) throw new Error("expected a v2 draw");
  // Exactly what a verifier downloads: JSON, nothing else.
  return JSON.parse(JSON.stringify(inputs)) as DrawInputsV2;
}

const verify = (inputs: DrawInputsV2) => checkDrawV2(inputs, { pinnedChains: [beacon.chain] });

/** The insider's own re-draw over a list of its choosing, written where the platform keeps the draw. */
async function insiderRedraw(id: string, entries: EligibleEntry[], signature?: string) {
  const row = await beaconRow(id);
  const listHash = eligibleListHash(id, entries);
  const randomness = signature ? (await import("~/modules/procurement/beacon.rules")).beaconRandomness(signature) : row.beaconRandomness!;
  const secret = (await h.db.selectFrom("projectSecrets").select("secret").where("projectId", "=", id).executeTakeFirstOrThrow()).secret;
  const sel = await h.db.selectFrom("selections").select("outcome").where("projectId", "=", id).executeTakeFirstOrThrow();
  const spec = (sel.outcome as { spec: SelectionSpec }).spec;
  const bids = entries.map((e) => ({ ...e, submittedAt: new Date(0) }));
  const outcome = { ...select(spec, bids, new DrawRng(drawSeedV2(secret, listHash, randomness))), algorithm: "zjcs-draw-v2" as const };
  await h.db
    .updateTable("drawBeacons")
    .set({ entries: JSON.stringify(entries), listHash, ...(signature ? { beaconSignature: signature, beaconRandomness: randomness } : {}) })
    .where("projectId", "=", id)
    .execute();
  await h.db
    .updateTable("selections")
    .set({ outcome: JSON.stringify(outcome), seed: outcome.seed })
    .where("projectId", "=", id)
    .execute();
  const winner = entries.find((e) => e.id === outcome.winnerBidId)!;
  await h.db
    .updateTable("awards")
    .set({ bidId: winner.id, agencyOrgId: winner.agencyId, priceFen: winner.priceFen })
    .where("projectId", "=", id)
    .execute();
}

beforeAll(async () => {
  h = await createTestDatabase();
  beacon = await startLocalBeacon();
  useDrawBeacon(beacon.config);
  const items = await h.db.selectFrom("serviceItems").select(["id", "code"]).execute();
  eiaFormId = items.find((i) => i.code === "eia-form")!.id;
  owner = (await getViewer(
    h.db,
    (await signUp(h.db, signUpInput({ kind: "owner", ownerType: "enterprise", orgName: "测试业主开发有限公司" }))).userId,
  ))!;
  for (let i = 0; i < 4; i++)
    agencies.push((await getViewer(h.db, (await signUp(h.db, signUpInput({ orgName: `测试环评机构${i}有限公司` }))).userId))!);
});
afterAll(async () => {
  useDrawBeacon(undefined);
  await beacon?.close();
  await h?.close();
});

describe("zjcs-draw-v2: a beacon round nobody knows when the list is fixed", () => {
  it("designates a round at publication, fixes the list before it, waits for it, then awards verifiably", async () => {
    const id = await opened();
    const row = await beaconRow(id);
    const audit = await h.db.selectFrom("auditEvents").selectAll().where("subjectId", "=", id).orderBy("id").execute();
    const pub = audit.find((e) => e.action === "project.bidding")!;
    const open = audit.find((e) => e.action === "project.selecting")!;
    // Publication audits the commitment, the pinned chain and the designated round.
    expect(pub.data).toMatchObject({ drawAlgorithm: "zjcs-draw-v2", designatedRound: row.designatedRound, beaconChain: beacon.chain });
    const project = await h.db
      .selectFrom("projects")
      .select(["drawCommitment", "bidDeadline", "status"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect((pub.data as { drawCommitment: string }).drawCommitment).toBe(project.drawCommitment);
    // Opening: the list hash is audited before the round's time; every entry carries its preimage.
    expect(open.data).toMatchObject({ listHash: row.listHash, drawRound: row.drawRound, drawDelayed: false });
    expect(new Date(open.occurredAt).getTime()).toBeLessThan(roundTime(beacon.chain, Number(row.drawRound)).getTime());
    const entries = row.entries as unknown as EligibleEntry[];
    expect(entries).toHaveLength(3);
    for (const e of entries) expect(bidCommitment({ projectId: id, ...e })).toBe(e.hash);
    // Pending until the round is out: one second before its time, nothing is drawn or even asked.
    expect(project.status).toBe("selecting");
    beacon.now = new Date(new Date(row.drawRoundAt!).getTime() - 1000);
    expect(await drawDueBeacons(h.db, beacon.config, beacon.now)).toBe(0);
    expect(await getPublishedDraw(h.db, id)).toBeNull();
    // At its time it is fetched, verified, and the draw is made.
    expect(await drawNow(id)).toBe(1);
    expect((await h.db.selectFrom("projects").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("awarded");
    expect(await drawNow(id)).toBe(0); // never twice
    const inputs = await published(id);
    const check = verify(inputs);
    expect(check.problems).toEqual([]);
    expect(check).toMatchObject({ ok: true, delayed: false });
    expect(check.recomputedWinnerBidId).toBe(inputs.award!.bidId);
    // A verifier that pins only drand quicknet refuses a record naming another chain.
    expect(checkDrawV2(inputs).checks.chain).toBe(false);
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it("moves a draw whose opening missed the designated round to the first round after it, and says so", async () => {
    // Published 30 days ago with a deadline 10 days ago: the designated round passed before anyone opened.
    const deadline = new Date(Date.now() + 20 * 86_400_000);
    const { id } = await createProject(h.db, owner, projectInput(deadline));
    await sql`update projects set bid_deadline = now() - interval '10 days' where id = ${id}`.execute(h.db);
    await publishProject(h.db, owner, id, crypto.randomUUID(), new Date(Date.now() - 30 * 86_400_000));
    for (let i = 0; i < 3; i++) {
      await sql`update projects set bid_deadline = now() + interval '1 hour' where id = ${id}`.execute(h.db);
      await submitBid(h.db, agencies[i]!, id, { price: (41_000 + i) * 100, committedDays: 10, proposal: null });
    }
    await sql`update projects set bid_deadline = now() - interval '1 second' where id = ${id}`.execute(h.db);
    await openDueProjects(h.db);
    const row = await beaconRow(id);
    expect(row.delayed).toBe(true);
    expect(Number(row.drawRound)).toBeGreaterThan(Number(row.designatedRound));
    expect(new Date(row.drawRoundAt!).getTime()).toBeGreaterThanOrEqual(new Date(row.openedAt!).getTime() + 60_000);
    const moved = await h.db
      .selectFrom("auditEvents")
      .select("data")
      .where("subjectId", "=", id)
      .where("action", "=", "draw.roundMoved")
      .executeTakeFirst();
    expect(moved?.data).toMatchObject({ designatedRound: row.designatedRound, drawRound: row.drawRound });
    expect(await drawNow(id)).toBe(1);
    const check = verify(await published(id));
    expect(check).toMatchObject({ ok: true, delayed: true });
  });

  it("never uses a round whose signature does not verify: the relay's forgery leaves the draw pending", async () => {
    const id = await opened();
    beacon.forgeWith(localKey("someone else's key").secretKey);
    try {
      expect(await drawNow(id)).toBe(0);
      expect((await beaconRow(id)).beaconSignature).toBeNull();
    } finally {
      beacon.forgeWith(null);
    }
    expect(await drawNow(id)).toBe(1);
  });
});

describe("npm run verify:draw checks a v2 record from the file alone", () => {
  function run(args: string[]): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      execFile("npx", ["tsx", "scripts/verify-draw.ts", ...args], { cwd: process.cwd() }, (err, stdout) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout }),
      );
    });
  }

  it("exits 0 on the published record with the chain pinned, 1 when the winner's agency is changed or the chain is not pinned", async () => {
    const id = await opened();
    await drawNow(id);
    const inputs = await published(id);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-draw-"));
    const file = path.join(dir, "draw.json");
    const chain = path.join(dir, "chain.json");
    fs.writeFileSync(file, JSON.stringify(inputs));
    fs.writeFileSync(chain, JSON.stringify(beacon.chain));
    const ok = await run(["--file", file, "--chain", chain]);
    expect(ok.out).not.toContain("BAD");
    expect(ok.code).toBe(0);
    expect((await run(["--file", file])).code).toBe(1); // only quicknet is trusted without --chain
    const other = inputs.list.entries.find((e) => e.id !== inputs.outcome.winnerBidId)!;
    fs.writeFileSync(file, JSON.stringify({ ...inputs, outcome: { ...inputs.outcome, winnerAgencyId: other.agencyId } }));
    const bad = await run(["--file", file, "--chain", chain]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/BAD .*winner/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("an insider with full database access cannot make a steered draw verify", () => {
  it("changes the winner (outcome and award)", async () => {
    const id = await opened();
    await drawNow(id);
    const inputs = await published(id);
    const other = inputs.list.entries.find((e) => e.id !== inputs.outcome.winnerBidId)!;
    await h.db
      .updateTable("awards")
      .set({ bidId: other.id, agencyOrgId: other.agencyId, priceFen: other.priceFen })
      .where("projectId", "=", id)
      .execute();
    expect(verify(await published(id)).checks.winner).toBe(false);
    // Only the agency of the winning entry, the rest unchanged.
    const forged = { ...inputs, outcome: { ...inputs.outcome, winnerAgencyId: other.agencyId } };
    expect(verify(forged)).toMatchObject({ ok: false, checks: { winner: false } });
  });

  it("swaps the secret and the commitment together before the draw", async () => {
    const id = await opened();
    const secret = "ab".repeat(32);
    await h.db.updateTable("projectSecrets").set({ secret }).where("projectId", "=", id).execute();
    await h.db
      .updateTable("projects")
      .set({ drawCommitment: commitment(secret) })
      .where("id", "=", id)
      .execute();
    await drawNow(id);
    const check = verify(await published(id));
    expect(check).toMatchObject({ ok: false, checks: { commitment: false } });
  });

  it("adds, drops or re-rolls a bid after the list is fixed", async () => {
    for (const attack of ["add", "drop", "reroll"] as const) {
      const id = await opened();
      const row = await beaconRow(id);
      let entries = [...(row.entries as unknown as EligibleEntry[])];
      if (attack === "drop") entries = entries.slice(1);
      if (attack === "reroll") {
        const e = entries[0]!;
        const nonce = "0f".repeat(16);
        entries[0] = { ...e, nonce, hash: bidCommitment({ projectId: id, ...e, nonce }) };
      }
      if (attack === "add") {
        const a = agencies[3]!.org!.id;
        const p = { projectId: id, agencyId: a, priceFen: 30_000_00, version: 1, nonce: "1e".repeat(16) };
        entries.push({ id: crypto.randomUUID(), ...p, hash: bidCommitment(p), creditScore: 80 });
      }
      // The stored list and its hash rewritten consistently, before the round.
      await h.db
        .updateTable("drawBeacons")
        .set({ entries: JSON.stringify(entries), listHash: eligibleListHash(id, entries) })
        .where("projectId", "=", id)
        .execute();
      // An added entry that wins has no bid row to award: that draw cannot even be written.
      const drawn = await drawNow(id).catch(() => 0);
      if (drawn === 0) expect(attack).toBe("add");
      else expect(verify(await published(id)), attack).toMatchObject({ ok: false, checks: { list: false } });
    }
  });

  it("chooses which bids are valid after seeing the beacon", async () => {
    const id = await opened();
    await drawNow(id);
    const inputs = await published(id);
    // Drop the winner and re-draw with the real round: the list is no longer the one published at opening.
    await insiderRedraw(
      id,
      inputs.list.entries.filter((e) => e.id !== inputs.outcome.winnerBidId),
    );
    const check = verify(await published(id));
    expect(check).toMatchObject({ ok: false, checks: { list: false, ranking: true } });
  });

  it("uses a beacon signature of its own making", async () => {
    const id = await opened();
    await drawNow(id);
    const inputs = await published(id);
    await insiderRedraw(id, inputs.list.entries, signRound(localKey("insider").secretKey, inputs.beacon.round));
    const check = verify(await published(id));
    expect(check).toMatchObject({ ok: false, checks: { signature: false, seed: true, list: true } });
  });
});
