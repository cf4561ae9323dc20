import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadlineAfterWorkdays } from "~/lib/beijing-calendar";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import type { DomainError } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { DRAW_ALGORITHM_V2_SHARE, DrawRng, commitment, eligibleListHash, type EligibleEntry } from "~/modules/procurement/draw.rules";
import { getPolicyFor } from "~/modules/procurement/policy.server";
import { select, type SelectionSpec } from "~/modules/procurement/selection.rules";
import { getPublishedDraw, openDueProjects, revealShare } from "~/modules/procurement/selection.server";
import { commitShare, escalateOverdueShares } from "~/modules/procurement/share-draw.server";
import { drawSeedV2Share, shareCommitment } from "~/modules/procurement/share.rules";
import { checkDrawV2Share, isDrawInputsV2Share, type DrawInputsV2Share } from "~/modules/procurement/verify";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { world as makeWorld } from "../../support/world";

let h: DatabaseHandle;
let w: ReturnType<typeof makeWorld>;
let owner: Viewer;
/** 南京市: the competent office (the most specific region covering 320100, supervising eia-form). */
let city: Viewer;
/** 江苏省: also competent for the project, but not the office asked. */
let province: Viewer;
/** 无锡市: outside the project's remit. */
let outside: Viewer;
const agencies: Viewer[] = [];

const share = () => randomBytes(32).toString("hex");

async function err(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    return e as DomainError;
  }
  throw new Error("expected a refusal");
}

/** A published share project (randomDraw) with three bids; `commit` the office's share in the bidding period. */
async function bidding(opts: { commit?: string | null } = {}) {
  const id = await w.project(owner, { selectionMethod: "randomDraw" });
  const s = opts.commit === undefined ? share() : opts.commit;
  if (s) await commitShare(h.db, city, id, shareCommitment(s));
  for (let i = 0; i < 3; i++)
    await submitBid(h.db, agencies[i]!, id, { price: (40_000 + i * 500) * 100, committedDays: 10, proposal: null });
  return { id, share: s };
}

async function opened(opts: { commit?: string | null } = {}) {
  const p = await bidding(opts);
  await w.passDeadline(p.id);
  await openDueProjects(h.db);
  return p;
}

async function drawn() {
  const p = await opened();
  await revealShare(h.db, city, p.id, p.share!);
  return p;
}

async function published(id: string): Promise<DrawInputsV2Share> {
  const inputs = await getPublishedDraw(h.db, id);
  if (!isDrawInputsV2Share(inputs)) throw new Error("expected a share draw");
  return JSON.parse(JSON.stringify(inputs)) as DrawInputsV2Share;
}

const shareRow = (id: string) => h.db.selectFrom("drawShares").selectAll().where("projectId", "=", id).executeTakeFirstOrThrow();
const status = async (id: string) =>
  (await h.db.selectFrom("projects").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
const events = (id: string, action: string) =>
  h.db.selectFrom("auditEvents").selectAll().where("subjectId", "=", id).where("action", "=", action).execute();

/** The insider's own re-draw over a list (and share) of its choosing, written where the platform keeps the draw. */
async function insiderRedraw(id: string, entries: EligibleEntry[], s?: string) {
  const row = await shareRow(id);
  const listHash = eligibleListHash(id, entries);
  const theShare = s ?? row.share!;
  const secret = (await h.db.selectFrom("projectSecrets").select("secret").where("projectId", "=", id).executeTakeFirstOrThrow()).secret;
  const sel = await h.db.selectFrom("selections").select("outcome").where("projectId", "=", id).executeTakeFirstOrThrow();
  const spec = (sel.outcome as { spec: SelectionSpec }).spec;
  const bids = entries.map((e) => ({ ...e, submittedAt: new Date(0) }));
  const outcome = {
    ...select(spec, bids, new DrawRng(drawSeedV2Share(secret, listHash, theShare))),
    algorithm: DRAW_ALGORITHM_V2_SHARE,
  };
  await h.db
    .updateTable("drawShares")
    .set({ entries: JSON.stringify(entries), listHash, share: theShare, commitment: shareCommitment(theShare) })
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
  w = makeWorld(h.db);
  // 南京市 draws with a regulator's share; the rest of the country keeps the beacon.
  const national = await getPolicyFor(h.db, "320100");
  const { id: _id, createdAt: _c, createdBy: _b, ...rest } = national;
  await h.db
    .insertInto("procedurePolicies")
    .values({
      ...rest,
      regionCode: "320100",
      version: 1,
      effectiveFrom: new Date(Date.now() - 86_400_000),
      minBidsByMethod: JSON.stringify(rest.minBidsByMethod),
      drawRandomness: "regulatorShare",
      shareRevealWorkdays: 2,
    })
    .execute();
  owner = await w.owner();
  province = await w.regulator("江苏省生态环境厅", "320000", "all");
  city = await w.regulator("南京市生态环境局", "320100", ["eia-form"]);
  outside = await w.regulator("无锡市生态环境局", "320200", ["eia-form"]);
  for (let i = 0; i < 4; i++) agencies.push(await w.agency());
});
afterAll(async () => {
  await h.close();
});

describe("zjcs-draw-v2-share: the competent office's share in place of the beacon", () => {
  it("asks the most specific competent office at publication, takes its commitment, fixes the list, draws on the reveal and verifies", async () => {
    const { id, share: s } = await bidding();
    const row = await shareRow(id);
    expect(row.officeId).toBe(city.org!.id);
    expect(row.commitment).toBe(shareCommitment(s!));
    const [pub] = await events(id, "project.bidding");
    expect(pub!.data).toMatchObject({ drawAlgorithm: DRAW_ALGORITHM_V2_SHARE, shareOfficeId: city.org!.id, shareAwaited: true });
    expect(pub!.data).not.toHaveProperty("designatedRound");
    const [committed] = await events(id, "draw.shareCommitted");
    expect(committed).toMatchObject({ actorOrgId: city.org!.id, data: { shareCommitment: shareCommitment(s!) } });
    // The share itself is nowhere in the database before the reveal.
    const dump = JSON.stringify(await h.db.selectFrom("auditEvents").select("data").execute()) + JSON.stringify(row);
    expect(dump).not.toContain(s!);

    await w.passDeadline(id);
    await openDueProjects(h.db);
    expect(await status(id)).toBe("selecting");
    const opened = await shareRow(id);
    expect(opened.listHash).toMatch(/^[0-9a-f]{64}$/);
    const [open] = await events(id, "project.selecting");
    expect(open!.data).toMatchObject({ listHash: opened.listHash, shareCommitment: shareCommitment(s!) });
    expect(await getPublishedDraw(h.db, id)).toBeNull();

    const result = await revealShare(h.db, city, id, s!.toUpperCase());
    expect(result.status).toBe("awarded");
    const [revealed] = await events(id, "draw.shareRevealed");
    expect(revealed!.data).toMatchObject({ share: s, officeId: city.org!.id, late: false });
    const inputs = await published(id);
    const check = checkDrawV2Share(inputs);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    const secret = inputs.secret;
    expect(inputs.outcome.seed).toBe(drawSeedV2Share(secret, opened.listHash!, s!));
    expect(inputs.commitment).toBe(commitment(secret));
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it("refuses a share other than the one committed (422, audited), a second reveal (409 with its state), and a reveal before the opening", async () => {
    const early = await bidding();
    expect(await err(revealShare(h.db, city, early.id, early.share!))).toMatchObject({
      status: 409,
      code: "notOpened",
      params: { projectStatus: "bidding" },
    });
    const { id, share: s } = await opened();
    const wrong = await err(revealShare(h.db, city, id, share()));
    expect(wrong).toMatchObject({ status: 422, code: "mismatch" });
    expect(await events(id, "draw.shareRefused")).toHaveLength(1);
    expect((await shareRow(id)).share).toBeNull();
    expect(await status(id)).toBe("selecting");
    await revealShare(h.db, city, id, s!);
    expect(await err(revealShare(h.db, city, id, s!))).toMatchObject({
      status: 409,
      code: "alreadyRevealed",
      params: { state: "revealed" },
    });
    expect(await err(commitShare(h.db, city, id, shareCommitment(share())))).toMatchObject({ status: 409 });
  });

  it("lets only the office asked commit or reveal: 403 for another competent office, 404 outside the remit, 403 for a non-regulator", async () => {
    const { id, share: s } = await bidding({ commit: null });
    const c = shareCommitment(share());
    expect(await err(commitShare(h.db, province, id, c))).toMatchObject({ status: 403 });
    expect(await err(commitShare(h.db, outside, id, c))).toMatchObject({ status: 404 });
    expect(await err(commitShare(h.db, agencies[0]!, id, c))).toMatchObject({ status: 403 });
    expect(s).toBeNull();
    const mine = share();
    await commitShare(h.db, city, id, shareCommitment(mine));
    expect(await err(commitShare(h.db, city, id, c))).toMatchObject({ status: 409, code: "alreadyCommitted" });
    await w.passDeadline(id);
    await openDueProjects(h.db);
    expect(await err(revealShare(h.db, province, id, mine))).toMatchObject({ status: 403 });
    expect(await err(revealShare(h.db, outside, id, mine))).toMatchObject({ status: 404 });
    expect(await err(revealShare(h.db, owner, id, mine))).toMatchObject({ status: 403 });
    expect((await shareRow(id)).share).toBeNull();
    await revealShare(h.db, city, id, mine);
    expect(await status(id)).toBe("awarded");
  });

  it("closes the commitment with the bidding period: none at opening escalates at once and nothing is drawn", async () => {
    const { id } = await opened({ commit: null });
    expect(await err(commitShare(h.db, city, id, shareCommitment(share())))).toMatchObject({
      status: 409,
      code: "commitClosed",
      params: { projectStatus: "selecting" },
    });
    const [esc] = await events(id, "draw.shareOverdue");
    expect(esc!.data).toMatchObject({ reason: "notCommitted" });
    expect(await err(revealShare(h.db, city, id, share()))).toMatchObject({ status: 409, code: "notCommitted" });
    expect(await status(id)).toBe("selecting");
    expect(await h.db.selectFrom("awards").select("id").where("projectId", "=", id).execute()).toHaveLength(0);
  });

  it("refuses to publish a share project where no office is competent", async () => {
    // 南京's policy asks for a share; an item no Nanjing or province office supervises (the province's items removed).
    await h.db.deleteFrom("regulatorServiceItems").where("regulatorId", "=", province.org!.id).execute();
    try {
      const e = await err(
        w.project(owner, { selectionMethod: "randomDraw", serviceItemId: String(await w.itemId("flood-impact-assessment")) }),
      );
      expect(e).toMatchObject({ code: "no_share_office" });
    } finally {
      const ids = (await h.db.selectFrom("serviceItems").select("id").execute()).map((r) => ({
        regulatorId: province.org!.id,
        serviceItemId: r.id,
      }));
      await h.db.insertInto("regulatorServiceItems").values(ids).execute();
    }
  });
});

describe("the deadline rule: a share not revealed in time escalates, and never falls back to the secret alone", () => {
  it("waits one working day inside and at the limit, escalates one working day outside, once, telling the offices and the owner", async () => {
    const { id, share: s } = await opened();
    const row = await shareRow(id);
    const due = new Date(row.revealDueAt!);
    expect(due.getTime()).toBe(deadlineAfterWorkdays(new Date(row.openedAt!), 2).getTime());
    const inside = deadlineAfterWorkdays(new Date(row.openedAt!), 1);
    const outsideDay = deadlineAfterWorkdays(new Date(row.openedAt!), 3);
    expect(await escalateOverdueShares(h.db, inside)).toBe(0);
    expect(await escalateOverdueShares(h.db, due)).toBe(0);
    expect((await shareRow(id)).escalatedAt).toBeNull();
    expect(await escalateOverdueShares(h.db, outsideDay)).toBeGreaterThanOrEqual(1);
    expect((await shareRow(id)).escalatedAt).not.toBeNull();
    const notified = await h.db
      .selectFrom("notifications")
      .select("orgId")
      .where("subjectId", "=", id)
      .where("kind", "=", "share.overdue")
      .execute();
    expect(new Set(notified.map((n) => n.orgId))).toEqual(new Set([city.org!.id, province.org!.id, owner.org!.id]));
    expect(await events(id, "draw.shareOverdue")).toHaveLength(1);
    await escalateOverdueShares(h.db, outsideDay);
    expect(await events(id, "draw.shareOverdue")).toHaveLength(1);
    // Still waiting: no selection, no award, the secret not revealed.
    expect(await status(id)).toBe("selecting");
    expect(await h.db.selectFrom("selections").select("projectId").where("projectId", "=", id).execute()).toHaveLength(0);
    // A late reveal still draws, and says it was late.
    await revealShare(h.db, city, id, s!, outsideDay);
    expect(await status(id)).toBe("awarded");
    const [revealed] = await events(id, "draw.shareRevealed");
    expect(revealed!.data).toMatchObject({ late: true });
    expect(checkDrawV2Share(await published(id)).ok).toBe(true);
  });
});

describe("npm run verify:draw checks a share record from the file alone", () => {
  it("exits 0 on the published record, 1 when the winner's agency is changed", async () => {
    const { id } = await drawn();
    const inputs = await published(id);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-share-"));
    const file = path.join(dir, "draw.json");
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile("npx", ["tsx", "scripts/verify-draw.ts", ...args], { cwd: process.cwd() }, (e, stdout) =>
          resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout }),
        ),
      );
    fs.writeFileSync(file, JSON.stringify(inputs));
    const ok = await run(["--file", file]);
    expect(ok.out).toContain("zjcs-draw-v2-share");
    expect(ok.out).not.toContain("BAD");
    expect(ok.code).toBe(0);
    const other = inputs.list.entries.find((e) => e.id !== inputs.outcome.winnerBidId)!;
    fs.writeFileSync(file, JSON.stringify({ ...inputs, outcome: { ...inputs.outcome, winnerAgencyId: other.agencyId } }));
    const bad = await run(["--file", file]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/BAD .*winner/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("the platform, with full database access, cannot change a share draw's result and still verify", () => {
  it("changes the winner (outcome and award)", async () => {
    const { id } = await drawn();
    const inputs = await published(id);
    const other = inputs.list.entries.find((e) => e.id !== inputs.outcome.winnerBidId)!;
    await h.db
      .updateTable("awards")
      .set({ bidId: other.id, agencyOrgId: other.agencyId, priceFen: other.priceFen })
      .where("projectId", "=", id)
      .execute();
    expect(checkDrawV2Share(await published(id))).toMatchObject({ ok: false, checks: { winner: false } });
  });

  it("swaps the secret and the commitment together after the reveal and re-draws", async () => {
    const { id } = await drawn();
    const row = await shareRow(id);
    const secret = "cd".repeat(32);
    await h.db.updateTable("projectSecrets").set({ secret }).where("projectId", "=", id).execute();
    await h.db.updateTable("selections").set({ secret }).where("projectId", "=", id).execute();
    await h.db
      .updateTable("projects")
      .set({ drawCommitment: commitment(secret) })
      .where("id", "=", id)
      .execute();
    await insiderRedraw(id, row.entries as unknown as EligibleEntry[]);
    expect(checkDrawV2Share(await published(id))).toMatchObject({ ok: false, checks: { commitment: false } });
  });

  it("drops a bid from the list after the reveal and re-draws", async () => {
    const { id } = await drawn();
    const entries = (await shareRow(id)).entries as unknown as EligibleEntry[];
    const inputs = await published(id);
    await insiderRedraw(
      id,
      entries.filter((e) => e.id !== inputs.outcome.winnerBidId),
    );
    const check = checkDrawV2Share(await published(id));
    expect(check).toMatchObject({ ok: false, checks: { list: false } });
  });

  it("puts a share (and commitment) of its own in place of the office's", async () => {
    const { id } = await drawn();
    const entries = (await shareRow(id)).entries as unknown as EligibleEntry[];
    await insiderRedraw(id, entries, share());
    const check = checkDrawV2Share(await published(id));
    expect(check).toMatchObject({ ok: false, checks: { share: false } });
    expect(check.checks.list).toBe(true);
  });
});
