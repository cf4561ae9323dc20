import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/modules/audit/audit.server";
import type { Viewer } from "~/modules/identity/viewer";
import { getProjectPage } from "~/modules/procurement/project-view.server";
import { submitDelivery } from "~/modules/procurement/contracts.server";
import { beijingDate } from "~/lib/beijing-calendar";
import {
  acceptDeliveryAndRelease,
  acceptMilestone,
  connectPayoutAccount,
  getContractPayments,
  getPayoutAccount,
  handleStripeEvent,
  OFFLINE_ONLY,
  orderRefund,
  recordOfflinePayment,
  setMilestones,
  startFunding,
  terminateAndRefund,
} from "~/modules/payments/payments.server";
import { action as webhook } from "~/routes/api/stripe-webhook";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { testStripe } from "../../support/stripe";
import { expectDomainError, expectRaised } from "../../support/errors";
import { world } from "../../support/world";

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let s: ReturnType<typeof testStripe>;
let owner: Viewer;
let regJs: Viewer;
const AMOUNT = 40_000_00; // the world's contracts are at ¥40,000.00

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  s = testStripe();
  owner = await w.owner("结算测试业主有限公司");
  regJs = await w.regulator("江苏省结算测试处", "320000", "all");
});
afterAll(async () => {
  await h?.close();
});

/** A contract signed and not yet delivered, won by `agency`. */
function signedContract(agency: Viewer) {
  return w.signedContract(owner, agency, AMOUNT);
}

async function readyAgency() {
  const agency = await w.agency();
  await connectPayoutAccount(h.db, s.pay, agency, {
    refresh: "http://localhost/agency/payouts?refresh=1",
    return: "http://localhost/agency/payouts?return=1",
  });
  const account = (await getPayoutAccount(h.db, agency.org!.id))!;
  expect(account.ready).toBe(false);
  await handleStripeEvent(h.db, s.pay, await s.onboarded(account.stripeAccountId));
  expect((await getPayoutAccount(h.db, agency.org!.id))!.ready).toBe(true);
  return agency;
}

async function fundAndPay(projectId: string) {
  const funding = await startFunding(h.db, s.pay, owner, projectId);
  expect(funding.status).toBe("pending");
  await handleStripeEvent(h.db, s.pay, await s.paid(funding.paymentIntentId!));
  return funding;
}

describe("funding, release and refund through Stripe", () => {
  it("funds exactly the contract amount once, however often the owner clicks, and releases it on acceptance", async () => {
    const agency = await readyAgency();
    const id = await signedContract(agency);
    const [a, b] = await Promise.all([startFunding(h.db, s.pay, owner, id), startFunding(h.db, s.pay, owner, id)]);
    expect(a.paymentIntentId).toBe(b.paymentIntentId);
    const pi = await s.stripe.paymentIntents.retrieve(a.paymentIntentId!);
    expect(pi).toMatchObject({ amount: AMOUNT, currency: "cny", transfer_group: expect.any(String) });
    expect((await getContractPayments(h.db, null, id))!.state).toBe("funding");
    await handleStripeEvent(h.db, s.pay, await s.paid(a.paymentIntentId!));
    const funded = (await getContractPayments(h.db, null, id))!;
    expect(funded).toMatchObject({ state: "funded", totals: { fundedFen: AMOUNT, heldFen: AMOUNT, releasedFen: 0 } });
    // The public record carries no client secret, card or bank data.
    expect(JSON.stringify(funded)).not.toMatch(/secret|pi_.*_secret|card/i);
    await submitDelivery(h.db, agency, id, "成果文件");
    await acceptDeliveryAndRelease(h.db, s.pay, owner, id);
    const paid = (await getContractPayments(h.db, null, id))!;
    expect(paid).toMatchObject({ state: "released", totals: { releasedFen: AMOUNT, heldFen: 0, unpaidFen: 0 } });
    expect(paid.movements.map((m) => `${m.kind}:${m.status}`)).toEqual(["funding:succeeded", "release:succeeded"]);
    if (s.fake) {
      const transfer = await h.db
        .selectFrom("paymentMovements")
        .select("stripeObjectId")
        .where("kind", "=", "release")
        .where("status", "=", "succeeded")
        .orderBy("createdAt", "desc")
        .executeTakeFirstOrThrow();
      expect(await s.stripe.transfers.retrieve(transfer.stripeObjectId!)).toMatchObject({
        amount: AMOUNT,
        destination: (await getPayoutAccount(h.db, agency.org!.id))!.stripeAccountId,
      });
    }
    const actions = (await listAuditEvents(h.db, "project", id)).map((e) => e.action).filter((x) => x === "payment.changed");
    expect(actions.length).toBeGreaterThanOrEqual(3);
    // Funding again finds the funding that succeeded: no second charge.
    expect(await startFunding(h.db, s.pay, owner, id)).toMatchObject({ status: "succeeded", clientSecret: null });
    if (s.fake) expect([...s.fake.paymentIntents.values()].filter((x) => x.transfer_group === pi.transfer_group)).toHaveLength(1);
    if (s.fake) expect([...s.fake.paymentIntents.values()].filter((x) => x.transfer_group === pi.transfer_group)).toHaveLength(1);
  });

  it("pays milestones as they are accepted; they must add up; the rest goes on final acceptance", async () => {
    const agency = await readyAgency();
    const id = await signedContract(agency);
    await expectDomainError(
      setMilestones(h.db, owner, id, [
        { title: "初稿", amountFen: 10_000_00 },
        { title: "终稿", amountFen: 20_000_00 },
      ]),
      "errors.payment.milestone.sum",
      "milestones",
    );
    await setMilestones(h.db, owner, id, [
      { title: "初稿", amountFen: 15_000_00 },
      { title: "终稿", amountFen: 25_000_00 },
    ]);
    await expectRaised(
      sql`update contract_milestones set amount_fen = 1 where seq = 1 and contract_id = (select id from contracts where project_id = ${id})`.execute(
        h.db,
      ),
      "milestones_sum",
    );
    await fundAndPay(id);
    const first = (await getContractPayments(h.db, owner, id))!.milestones[0]!;
    await acceptMilestone(h.db, s.pay, owner, id, first.id);
    await expectDomainError(acceptMilestone(h.db, s.pay, owner, id, first.id), "errors.payment.milestoneAccepted");
    expect((await getContractPayments(h.db, null, id))!).toMatchObject({
      state: "partlyReleased",
      totals: { releasedFen: 15_000_00, heldFen: 25_000_00 },
    });
    await expectDomainError(setMilestones(h.db, owner, id, [{ title: "改", amountFen: AMOUNT }]), "errors.payment.milestoneState");
    await submitDelivery(h.db, agency, id, "终稿");
    await acceptDeliveryAndRelease(h.db, s.pay, owner, id);
    expect((await getContractPayments(h.db, null, id))!).toMatchObject({ state: "released", totals: { releasedFen: AMOUNT } });
  });

  it("refunds what was not released when the contract is terminated, and never more than was held", async () => {
    const agency = await readyAgency();
    const id = await signedContract(agency);
    await setMilestones(h.db, owner, id, [
      { title: "一期", amountFen: 10_000_00 },
      { title: "二期", amountFen: 30_000_00 },
    ]);
    await fundAndPay(id);
    await acceptMilestone(h.db, s.pay, owner, id, (await getContractPayments(h.db, owner, id))!.milestones[0]!.id);
    await terminateAndRefund(h.db, s.pay, owner, id, "业主项目取消，协商终止。");
    const after = (await getContractPayments(h.db, null, id))!;
    expect(after).toMatchObject({ state: "partlyRefunded", totals: { releasedFen: 10_000_00, refundedFen: 30_000_00, heldFen: 0 } });
    // The project page reads the same ledger in its one statement, for the public and for the parties.
    for (const viewer of [null, owner, agency])
      expect((await getProjectPage(h.db, viewer, id))!.payments).toEqual(await getContractPayments(h.db, viewer, id));
    expect(after.milestones[0]!.acceptedAt).toBeInstanceOf(Date);
    if (s.fake) {
      const refund = await h.db
        .selectFrom("paymentMovements")
        .select("stripeObjectId")
        .where("kind", "=", "refund")
        .orderBy("createdAt", "desc")
        .executeTakeFirstOrThrow();
      expect(await s.stripe.refunds.retrieve(refund.stripeObjectId!)).toMatchObject({ amount: 30_000_00 });
    }
    await expectDomainError(orderRefund(h.db, s.pay, regJs, id, 1, "再退一分"), "errors.payment.aboveHeld");
  });

  it("holds a release until the agency's payout account is ready, then pays it", async () => {
    const agency = await w.agency();
    const id = await signedContract(agency);
    await fundAndPay(id);
    await submitDelivery(h.db, agency, id, "成果");
    await acceptDeliveryAndRelease(h.db, s.pay, owner, id);
    const waiting = (await getContractPayments(h.db, agency, id))!;
    expect(waiting.totals).toMatchObject({ releasingFen: AMOUNT, releasedFen: 0 });
    expect(waiting.movements.find((m) => m.kind === "release")).toMatchObject({ status: "pending", failure: "awaitingPayoutAccount" });
    await connectPayoutAccount(h.db, s.pay, agency, { refresh: "http://localhost/r", return: "http://localhost/x" });
    await handleStripeEvent(h.db, s.pay, await s.onboarded((await getPayoutAccount(h.db, agency.org!.id))!.stripeAccountId));
    expect((await getContractPayments(h.db, null, id))!).toMatchObject({ state: "released", totals: { releasedFen: AMOUNT } });
  });

  it("lets a competent regulator order a refund, with reasons", async () => {
    const agency = await readyAgency();
    const id = await signedContract(agency);
    await fundAndPay(id);
    const far = await w.regulator("上海市结算测试处", "310000", "all");
    await expectDomainError(orderRefund(h.db, s.pay, far, id, null, "越权"), "errors.trust.notCompetent");
    await orderRefund(h.db, s.pay, regJs, id, 5_000_00, "异议成立，部分服务未履行。");
    expect((await getContractPayments(h.db, null, id))!.totals).toMatchObject({ refundedFen: 5_000_00, heldFen: 35_000_00 });
  });
});

describe("the database holds the line", () => {
  it("refuses any movement above the contract or above what is held, whatever the caller", async () => {
    const agency = await w.agency();
    const id = await signedContract(agency);
    const c = await h.db.selectFrom("contracts").select("id").where("projectId", "=", id).executeTakeFirstOrThrow();
    await expectRaised(
      h.db
        .insertInto("paymentMovements")
        .values({ contractId: c.id, kind: "funding", method: "stripe", amountFen: AMOUNT + 1, currency: "cny" })
        .execute(),
      "above_contract",
    );
    await expectRaised(
      h.db
        .insertInto("paymentMovements")
        .values({ contractId: c.id, kind: "release", method: "stripe", amountFen: 1, currency: "cny" })
        .execute(),
      "above_funded",
    );
    await expectRaised(
      h.db
        .insertInto("paymentMovements")
        .values({
          contractId: c.id,
          kind: "release",
          method: "offline",
          amountFen: AMOUNT + 1,
          currency: "cny",
          status: "succeeded",
          paidOn: "2026-12-01",
          reference: "X",
        })
        .execute(),
      "above_contract",
    );
  });

  it("settles offline (the treasury) within the same limits, shown the same way, with no Stripe at all", async () => {
    const agency = await w.agency();
    const id = await signedContract(agency);
    await expectDomainError(startFunding(h.db, OFFLINE_ONLY, owner, id), "errors.payment.offline");
    await recordOfflinePayment(h.db, owner, id, {
      amountFen: 30_000_00,
      paidOn: beijingDate(new Date()),
      reference: "国库支付 2026-1201-001",
    });
    await expectDomainError(
      recordOfflinePayment(h.db, owner, id, { amountFen: 10_000_01, paidOn: beijingDate(new Date()), reference: "超付" }),
      "errors.payment.aboveUnpaid",
      "amount",
    );
    await expectDomainError(
      recordOfflinePayment(h.db, agency, id, { amountFen: 1, paidOn: beijingDate(new Date()), reference: "机构自记" }),
      "errors.forbidden",
    );
    await recordOfflinePayment(h.db, owner, id, {
      amountFen: 10_000_00,
      paidOn: beijingDate(new Date()),
      reference: "国库支付 2026-1201-002",
    });
    const p = (await getContractPayments(h.db, null, id))!;
    expect(p).toMatchObject({ state: "released", totals: { releasedFen: AMOUNT, fundedFen: 0 } });
    expect(p.movements.every((m) => m.method === "offline" && !("reference" in m))).toBe(true); // the reference is for the parties
    expect((await getContractPayments(h.db, agency, id))!.movements[0]).toMatchObject({ reference: "国库支付 2026-1201-001" });
  });
});

describe("webhooks", () => {
  const post = (payload: string, header: string | null) =>
    webhook({
      request: new Request("http://localhost/api/stripe/webhook", {
        method: "POST",
        body: payload,
        headers: header ? { "stripe-signature": header, "content-type": "application/json" } : {},
      }),
      context: { db: h.db, payments: s.pay } as never,
      params: {},
    });

  it("verify the signature, apply an event once, and ignore replays and tampering", async () => {
    const agency = await readyAgency();
    const id = await signedContract(agency);
    const funding = await startFunding(h.db, s.pay, owner, id);
    const event = await s.paid(funding.paymentIntentId!);
    const { payload, header } = s.sign(event);
    const tampered = payload.replace(`"amount_received":${AMOUNT}`, `"amount_received":${AMOUNT * 10}`);
    expect(tampered).not.toBe(payload);
    expect((await post(tampered, header)).status).toBe(400);
    expect((await post(payload, null)).status).toBe(400);
    expect((await getContractPayments(h.db, null, id))!.state).toBe("funding");
    const first = await post(payload, header);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, outcome: "applied" });
    const replay = await post(payload, s.sign(event).header);
    expect(await replay.json()).toMatchObject({ outcome: "duplicate" });
    expect((await getContractPayments(h.db, null, id))!.state).toBe("funded");
    expect(await h.db.selectFrom("stripeEvents").select("id").where("id", "=", event.id).execute()).toHaveLength(1);
  });

  it("are harmless out of order: a late failure never undoes a success", async () => {
    const agency = await readyAgency();
    const id = await signedContract(agency);
    const funding = await startFunding(h.db, s.pay, owner, id);
    const succeeded = await s.paid(funding.paymentIntentId!);
    const failed = {
      ...succeeded,
      id: `${succeeded.id}_late`,
      type: "payment_intent.payment_failed",
      data: {
        object: { ...(succeeded.data.object as object), status: "requires_payment_method", last_payment_error: { message: "declined" } },
      },
    };
    expect(await handleStripeEvent(h.db, s.pay, succeeded)).toBe("applied");
    expect(await handleStripeEvent(h.db, s.pay, failed as never)).toBe("applied");
    expect((await getContractPayments(h.db, null, id))!.state).toBe("funded");
  });
});
