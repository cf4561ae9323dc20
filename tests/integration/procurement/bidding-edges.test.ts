import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/modules/identity/viewer";
import { listOpenedBids, submitBid } from "~/modules/procurement/bids.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject } from "~/modules/procurement/projects.server";
import { completeSelection, openDueProjects } from "~/modules/procurement/selection.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError } from "../../support/errors";
import { world } from "../../support/world";

// The edges of bidding against the national default policy: longest bidding period 90 days, a bid below
// 40 % of the ceiling needs a justification, a direct award may not be below 30 % of the ceiling.

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let owner: Viewer;
const agencies: Viewer[] = [];
const JUSTIFIED = "本单位已有该区域近期监测数据，可大幅降低外业成本。";

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner();
  for (let i = 0; i < 3; i++) agencies.push(await w.agency());
});
afterAll(async () => {
  await h?.close();
});

const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

describe("the longest bidding period", () => {
  it("publishes a deadline 90 days out less a minute, refuses 90 days and a minute, next to the field", async () => {
    const itemId = String(await w.itemId("eia-form"));
    const input = (deadline: Date) =>
      ProjectSchema.parse({
        title: "最长报名期测试项目",
        serviceItemId: itemId,
        regionCode: "320100",
        description: "新建厂房项目，需编制环境影响报告表并配合报批。",
        deliverables: "环境影响报告表及批复",
        priceCeiling: "50000",
        selectionMethod: "lowestPrice",
        bidDeadline: local(deadline),
        expectedDays: "20",
      });
    const now = Date.now();
    const outside = await createProject(h.db, owner, input(new Date(now + 90 * 86_400_000 + 120_000)));
    await expectDomainError(publishProject(h.db, owner, outside.id, crypto.randomUUID()), "errors.project.deadlineTooFar", "bidDeadline");
    const far = await createProject(h.db, owner, input(new Date("9999-12-31T15:59:00Z")));
    await expectDomainError(publishProject(h.db, owner, far.id, crypto.randomUUID()), "errors.project.deadlineTooFar", "bidDeadline");
    const inside = await createProject(h.db, owner, input(new Date(now + 90 * 86_400_000 - 120_000)));
    expect((await publishProject(h.db, owner, inside.id, crypto.randomUUID())).alreadyPublished).toBe(false);
  });
});

describe("an abnormally low bid", () => {
  it("needs a justification below 40 % of the ceiling, published with the bid at the opening", async () => {
    const id = await w.project(owner, { priceCeiling: "50000" });
    const [a, b, c] = agencies as [Viewer, Viewer, Viewer];
    // At the threshold (¥20,000 of ¥50,000) none is needed.
    await submitBid(h.db, a, id, { price: 20_000_00, committedDays: 10, proposal: null });
    // One fen below, it is refused next to the field, and so is a justification too short.
    await expectDomainError(
      submitBid(h.db, b, id, { price: 19_999_99, committedDays: 10, proposal: null }),
      "errors.bid.justificationRequired",
      "justification",
    );
    await expectDomainError(
      submitBid(h.db, b, id, { price: 19_999_99, committedDays: 10, proposal: null, justification: "成本低" }),
      "errors.bid.justificationRequired",
      "justification",
    );
    // The ¥0.01 bid with a justification goes in.
    await submitBid(h.db, b, id, { price: 1, committedDays: 10, proposal: null, justification: JUSTIFIED });
    await submitBid(h.db, c, id, { price: 45_000_00, committedDays: 10, proposal: null });
    expect(await listOpenedBids(h.db, id)).toEqual([]);
    await w.passDeadline(id);
    await openDueProjects(h.db);
    const opened = await listOpenedBids(h.db, id);
    expect(opened.find((x) => x.agencyId === b.org!.id)?.justification).toBe(JUSTIFIED);
    expect(opened.find((x) => x.agencyId === a.org!.id)?.justification).toBeNull();
  });
});

describe("a direct award", () => {
  it("is refused below 30 % of the ceiling, accepted at it", async () => {
    const { saveServiceListing } = await import("~/modules/agencies/services.server");
    const { ServiceListingSchema } = await import("~/modules/agencies/services.schema");
    const a = agencies[0]!;
    await saveServiceListing(
      h.db,
      a,
      ServiceListingSchema.parse({
        serviceItemId: String(await w.itemId("eia-form")),
        feeMode: "fixed",
        feeMin: "20000",
        committedDays: "12",
        pledge: "按时完成",
        active: "on",
      }),
    );
    const id = await w.project(owner, { selectionMethod: "direct", priceCeiling: "30000" });
    await expectDomainError(
      completeSelection(h.db, owner, id, { agencyId: a.org!.id, priceFen: 1 }),
      "errors.selection.belowDirectFloor",
      "price",
    );
    await expectDomainError(
      completeSelection(h.db, owner, id, { agencyId: a.org!.id, priceFen: 8_999_99 }),
      "errors.selection.belowDirectFloor",
      "price",
    );
    await completeSelection(h.db, owner, id, { agencyId: a.org!.id, priceFen: 9_000_00, reason: "熟悉本地项目" });
    const award = await h.db.selectFrom("awards").select("priceFen").where("projectId", "=", id).executeTakeFirstOrThrow();
    expect(Number(award.priceFen)).toBe(9_000_00);
  });
});
