import { isUuid } from "~/lib/ids";
import { sql, type Kysely, type Transaction } from "kysely";
import Stripe from "stripe";
import type { DB } from "#db/schema";
import { requireAgencyMember } from "~/modules/agencies/services.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, isRaised, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { decideDeliveryIn, terminateContractIn } from "~/modules/procurement/contracts.server";
import { requireOwner } from "~/modules/procurement/projects.server";
import { assertSupervises, requireRegulator } from "~/modules/trust/supervision.server";
import type { Env } from "~/server/env.server";
import {
  checkMovement,
  ledgerTotals,
  milestoneProblem,
  paymentState,
  refundable,
  releaseOnAcceptance,
  toStripeAmount,
  type MilestoneInput,
  type Movement,
} from "./payments.rules";

/** Stripe and its settings for one server (or one test): no client means offline settlement only. */
export interface PaymentsConfig {
  stripe: Stripe | null;
  currency: string;
  connectCountry: string;
  publishableKey: string | null;
  webhookSecret: string | null;
}

export function paymentsFromEnv(env: Env, httpClient?: ReturnType<typeof Stripe.createFetchHttpClient>): PaymentsConfig {
  const stripe = env.STRIPE_SECRET_KEY
    ? new Stripe(env.STRIPE_SECRET_KEY, {
        ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
        ...(env.STRIPE_API_PORT ? { port: env.STRIPE_API_PORT } : {}),
        ...(env.STRIPE_API_PROTOCOL ? { protocol: env.STRIPE_API_PROTOCOL } : {}),
        ...(httpClient ? { httpClient } : {}),
        maxNetworkRetries: 2,
        timeout: 20_000,
        appInfo: { name: "zhongjie-chaoshi" },
      })
    : null;
  return {
    stripe,
    currency: env.STRIPE_CURRENCY,
    connectCountry: env.STRIPE_CONNECT_COUNTRY,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY ?? null,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null,
  };
}

export const OFFLINE_ONLY: PaymentsConfig = {
  stripe: null,
  currency: "cny",
  connectCountry: "HK",
  publishableKey: null,
  webhookSecret: null,
};

function stripeFailure(e: unknown): DomainError {
  const err = e as { type?: string; code?: string; message?: string };
  return new DomainError(
    "stripe",
    "errors.payment.stripe",
    "_form",
    { message: err.message ?? String(e), code: err.code ?? err.type ?? "" },
    502,
  );
}

function limitError(e: unknown): never {
  if (isRaised(e, "above_contract")) throw conflict("limit", "errors.payment.aboveContract", "amount");
  if (isRaised(e, "above_funded")) throw conflict("limit", "errors.payment.aboveHeld", "amount");
  if (isRaised(e, "milestones_sum")) throw new DomainError("sum", "errors.payment.milestoneSum", "milestones", {}, 422);
  throw e;
}

async function lockContract(trx: Kysely<DB>, projectId: string) {
  if (!isUuid(projectId)) throw notFound();
  const c = await trx.selectFrom("contracts").selectAll().where("projectId", "=", projectId).forUpdate().executeTakeFirst();
  if (!c) throw notFound();
  return c;
}

async function movementsOf(trx: Kysely<DB>, contractId: string): Promise<(Movement & { id: string })[]> {
  return (await trx
    .selectFrom("paymentMovements")
    .select(["id", "kind", "method", "amountFen", "status", "milestoneId"])
    .where("contractId", "=", contractId)
    .execute()) as (Movement & { id: string })[];
}

/** Recomputes and stores the contract's payment state after a ledger change (same transaction), audited. */
async function syncState(
  trx: Transaction<DB>,
  contractId: string,
  actor: { userId: string | null; orgId: string | null },
  data: Record<string, unknown>,
) {
  const c = await trx
    .selectFrom("contracts")
    .select(["id", "projectId", "amountFen", "paymentState"])
    .where("id", "=", contractId)
    .executeTakeFirstOrThrow();
  const ms = await movementsOf(trx, contractId);
  const state = paymentState(c.amountFen, ms);
  if (state !== c.paymentState) await trx.updateTable("contracts").set({ paymentState: state }).where("id", "=", contractId).execute();
  await recordAudit(trx, {
    action: "payment.changed",
    subjectType: "project",
    subjectId: c.projectId,
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    data: { ...(data as Record<string, never>), from: c.paymentState, to: state, totals: ledgerTotals(c.amountFen, ms) as never },
  });
  return state;
}

// ─── agencies' payout accounts ────────────────────────────────────────────────────────────────────────

/** Creates the agency's Express account once, and an onboarding link to it (Stripe hosts the form). */
export async function connectPayoutAccount(db: Kysely<DB>, pay: PaymentsConfig, viewer: Viewer, urls: { refresh: string; return: string }) {
  const agency = requireAgencyMember(viewer).org;
  if (!pay.stripe) throw conflict("offline", "errors.payment.offline");
  let row = await db.selectFrom("payoutAccounts").selectAll().where("agencyId", "=", agency.id).executeTakeFirst();
  if (!row) {
    const account = await pay.stripe.accounts
      .create(
        {
          type: "express",
          country: pay.connectCountry,
          capabilities: { transfers: { requested: true } },
          business_profile: { name: agency.name },
          metadata: { agencyId: agency.id },
        },
        { idempotencyKey: `account-${agency.id}` },
      )
      .catch((e: unknown) => {
        throw stripeFailure(e);
      });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("payoutAccounts")
        .values({
          agencyId: agency.id,
          stripeAccountId: account.id,
          requirements: JSON.stringify(account.requirements?.currently_due ?? []),
        })
        .onConflict((oc) => oc.column("agencyId").doNothing())
        .execute();
      await recordAudit(trx, {
        action: "payment.accountCreated",
        subjectType: "organization",
        subjectId: agency.id,
        actorUserId: viewer.userId,
        actorOrgId: agency.id,
        data: { stripeAccountId: account.id },
      });
    });
    row = await db.selectFrom("payoutAccounts").selectAll().where("agencyId", "=", agency.id).executeTakeFirstOrThrow();
  }
  const link = await pay.stripe.accountLinks
    .create({ account: row.stripeAccountId, refresh_url: urls.refresh, return_url: urls.return, type: "account_onboarding" })
    .catch((e: unknown) => {
      throw stripeFailure(e);
    });
  return { url: link.url };
}

/** Keeps readiness current from an Account object (account.updated, or a refresh after onboarding). */
export async function applyAccount(db: Kysely<DB>, account: Stripe.Account) {
  const transfersActive = account.capabilities?.transfers === "active";
  const r = await db
    .updateTable("payoutAccounts")
    .set({
      chargesEnabled: !!account.charges_enabled,
      payoutsEnabled: !!account.payouts_enabled,
      detailsSubmitted: !!account.details_submitted,
      transfersActive,
      requirements: JSON.stringify(account.requirements?.currently_due ?? []),
      updatedAt: sql<Date>`now()`,
    })
    .where("stripeAccountId", "=", account.id)
    .returning("agencyId")
    .executeTakeFirst();
  return r?.agencyId ?? null;
}

export async function refreshPayoutAccount(db: Kysely<DB>, pay: PaymentsConfig, viewer: Viewer) {
  const agency = requireAgencyMember(viewer).org;
  const row = await db.selectFrom("payoutAccounts").select("stripeAccountId").where("agencyId", "=", agency.id).executeTakeFirst();
  if (!row || !pay.stripe) return null;
  const account = await pay.stripe.accounts.retrieve(row.stripeAccountId).catch((e: unknown) => {
    throw stripeFailure(e);
  });
  await applyAccount(db, account);
  await settlePendingMovements(db, pay);
  return getPayoutAccount(db, agency.id);
}

export async function getPayoutAccount(db: Kysely<DB>, agencyId: string) {
  const row = await db.selectFrom("payoutAccounts").selectAll().where("agencyId", "=", agencyId).executeTakeFirst();
  if (!row) return null;
  const ready = row.payoutsEnabled && row.detailsSubmitted && (row.transfersActive || row.chargesEnabled);
  return {
    stripeAccountId: row.stripeAccountId,
    ready,
    payoutsEnabled: row.payoutsEnabled,
    detailsSubmitted: row.detailsSubmitted,
    requirements: row.requirements as string[],
    updatedAt: row.updatedAt,
  };
}

// ─── milestones ───────────────────────────────────────────────────────────────────────────────────────

/** The owner sets (or replaces) the milestones before any money moves; they add up to the amount. */
export async function setMilestones(db: Kysely<DB>, viewer: Viewer, projectId: string, items: MilestoneInput[]) {
  const owner = requireOwner(viewer).org;
  await db
    .transaction()
    .execute(async (trx) => {
      const c = await lockContract(trx, projectId);
      if (c.ownerOrgId !== owner.id) throw notFound();
      if (c.status !== "signed") throw conflict("state", "errors.payment.milestoneState", "milestones");
      const problem = milestoneProblem(c.amountFen, items);
      if (problem) throw new DomainError("milestones", `errors.payment.milestone.${problem}`, "milestones", {}, 422);
      const moved = (await movementsOf(trx, c.id)).some((m) => m.kind !== "funding" && m.status !== "failed" && m.status !== "canceled");
      if (moved) throw conflict("state", "errors.payment.milestoneState", "milestones");
      await trx.deleteFrom("contractMilestones").where("contractId", "=", c.id).execute();
      if (items.length)
        await trx
          .insertInto("contractMilestones")
          .values(items.map((m, i) => ({ contractId: c.id, seq: i + 1, title: m.title, amountFen: m.amountFen })))
          .execute();
      await recordAudit(trx, {
        action: "payment.milestonesSet",
        subjectType: "project",
        subjectId: projectId,
        actorUserId: viewer.userId,
        actorOrgId: owner.id,
        data: { milestones: items as never },
      });
    })
    .catch(limitError);
}

// ─── funding ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The owner funds the contract: one PaymentIntent for exactly the contract amount, in the contract's
 * transfer group. A retried click finds the pending funding (one live funding per contract, a unique
 * index) and returns the same PaymentIntent (created with the movement id as idempotency key).
 */
export async function startFunding(db: Kysely<DB>, pay: PaymentsConfig, viewer: Viewer, projectId: string) {
  const owner = requireOwner(viewer).org;
  if (!pay.stripe) throw conflict("offline", "errors.payment.offline");
  const movement = await db
    .transaction()
    .execute(async (trx) => {
      const c = await lockContract(trx, projectId);
      if (c.ownerOrgId !== owner.id) throw notFound();
      if (c.status === "terminated") throw conflict("state", "errors.payment.contractState");
      const ms = await trx.selectFrom("paymentMovements").selectAll().where("contractId", "=", c.id).execute();
      const live = ms.find((m) => m.kind === "funding" && (m.status === "pending" || m.status === "succeeded"));
      if (live) return { ...live, contract: c, existed: true };
      const problem = checkMovement(c.amountFen, c.amountFen, ms as Movement[], { kind: "funding", method: "stripe" });
      if (problem) throw conflict("limit", `errors.payment.${problem}`);
      const row = await trx
        .insertInto("paymentMovements")
        .values({
          contractId: c.id,
          kind: "funding",
          method: "stripe",
          amountFen: c.amountFen,
          currency: pay.currency,
          createdBy: viewer.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await syncState(
        trx,
        c.id,
        { userId: viewer.userId, orgId: owner.id },
        { movementId: row.id, kind: "funding", amountFen: c.amountFen },
      );
      return { ...row, contract: c, existed: false };
    })
    .catch(limitError);
  if (movement.status === "succeeded") return { movementId: movement.id, clientSecret: null, status: "succeeded" as const };
  if (movement.stripeObjectId && movement.clientSecret)
    return {
      movementId: movement.id,
      clientSecret: movement.clientSecret,
      status: "pending" as const,
      paymentIntentId: movement.stripeObjectId,
    };
  try {
    const pi = await pay.stripe.paymentIntents.create(
      {
        amount: toStripeAmount(movement.amountFen, pay.currency),
        currency: pay.currency,
        transfer_group: movement.contractId,
        description: `contract ${movement.contractId}`,
        automatic_payment_methods: { enabled: true },
        metadata: { contractId: movement.contractId, projectId, movementId: movement.id },
      },
      { idempotencyKey: `funding-${movement.id}` },
    );
    await db
      .updateTable("paymentMovements")
      .set({ stripeObjectId: pi.id, clientSecret: pi.client_secret })
      .where("id", "=", movement.id)
      .execute();
    if (pi.status === "succeeded") await applyPaymentIntent(db, pi);
    return { movementId: movement.id, clientSecret: pi.client_secret, status: "pending" as const, paymentIntentId: pi.id };
  } catch (e) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("paymentMovements")
        .set({ status: "failed", failure: (e as Error).message.slice(0, 500), settledAt: sql<Date>`now()` })
        .where("id", "=", movement.id)
        .where("status", "=", "pending")
        .execute();
      await syncState(trx, movement.contractId, { userId: viewer.userId, orgId: owner.id }, { movementId: movement.id, failed: true });
    });
    throw stripeFailure(e);
  }
}

/** A PaymentIntent's state reaches the ledger (webhook or response); statuses only move forward. */
export async function applyPaymentIntent(db: Kysely<DB>, pi: Stripe.PaymentIntent) {
  const next = pi.status === "succeeded" ? "succeeded" : pi.status === "canceled" ? "canceled" : pi.last_payment_error ? "failed" : null;
  if (!next) return null;
  return db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom("paymentMovements").selectAll().where("stripeObjectId", "=", pi.id).forUpdate().executeTakeFirst();
    if (!m || m.status === next || m.status === "succeeded") return m?.status ?? null;
    if (next === "succeeded" && pi.amount_received !== m.amountFen)
      throw new Error(`PaymentIntent ${pi.id} received ${pi.amount_received}, expected ${m.amountFen}`);
    await trx
      .updateTable("paymentMovements")
      .set({ status: next, settledAt: sql<Date>`now()`, failure: pi.last_payment_error?.message?.slice(0, 500) ?? null })
      .where("id", "=", m.id)
      .execute();
    await syncState(
      trx,
      m.contractId,
      { userId: null, orgId: null },
      { movementId: m.id, kind: "funding", status: next, paymentIntentId: pi.id },
    );
    return next;
  });
}

// ─── releases, refunds, offline settlement ───────────────────────────────────────────────────────────

/** Writes a pending release or refund in the decision's transaction; it is sent to Stripe after commit. */
async function queueMovement(
  trx: Transaction<DB>,
  c: { id: string; amountFen: number },
  input: { kind: "release" | "refund"; amountFen: number; milestoneId?: string | null; reason?: string | null; currency: string },
  actor: { userId: string | null; orgId: string | null },
) {
  const ms = await movementsOf(trx, c.id);
  const problem = checkMovement(input.amountFen, c.amountFen, ms, { kind: input.kind, method: "stripe" });
  if (problem) throw conflict("limit", `errors.payment.${problem}`, "amount");
  const row = await trx
    .insertInto("paymentMovements")
    .values({
      contractId: c.id,
      kind: input.kind,
      method: "stripe",
      amountFen: input.amountFen,
      currency: input.currency,
      milestoneId: input.milestoneId ?? null,
      reason: input.reason ?? null,
      createdBy: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await syncState(trx, c.id, actor, {
    movementId: row.id,
    kind: input.kind,
    amountFen: input.amountFen,
    milestoneId: input.milestoneId ?? null,
    reason: input.reason ?? null,
  });
  return row.id;
}

/**
 * Sends pending releases and refunds to Stripe, each with its movement id as idempotency key, so a
 * re-run (after a crash, or by another instance) never pays twice. A release waits while the agency has
 * no ready payout account. Returns how many were settled.
 */
export async function settlePendingMovements(db: Kysely<DB>, pay: PaymentsConfig, only?: string[]): Promise<number> {
  if (!pay.stripe) return 0;
  let q = db
    .selectFrom("paymentMovements as m")
    .innerJoin("contracts as c", "c.id", "m.contractId")
    .leftJoin("payoutAccounts as a", "a.agencyId", "c.agencyId")
    .select([
      "m.id",
      "m.kind",
      "m.amountFen",
      "m.currency",
      "m.contractId",
      "m.milestoneId",
      "c.agencyId",
      "c.projectId",
      "a.stripeAccountId",
      "a.payoutsEnabled",
      "a.transfersActive",
    ])
    .where("m.status", "=", "pending")
    .where("m.method", "=", "stripe")
    .where("m.kind", "in", ["release", "refund"]);
  if (only?.length) q = q.where("m.id", "in", only);
  const pending = await q.orderBy("m.createdAt").limit(100).execute();
  let done = 0;
  for (const m of pending) {
    try {
      if (m.kind === "release") {
        if (!m.stripeAccountId || !m.transfersActive) {
          await db
            .updateTable("paymentMovements")
            .set({ failure: "awaitingPayoutAccount" })
            .where("id", "=", m.id)
            .where(sql<boolean>`failure is distinct from 'awaitingPayoutAccount'`)
            .execute();
          continue;
        }
        const tr = await pay.stripe.transfers.create(
          {
            amount: toStripeAmount(m.amountFen, m.currency),
            currency: m.currency,
            destination: m.stripeAccountId,
            transfer_group: m.contractId,
            metadata: { contractId: m.contractId, movementId: m.id, milestoneId: m.milestoneId ?? "" },
          },
          { idempotencyKey: `release-${m.id}` },
        );
        await settle(db, m.id, tr.id, "succeeded");
      } else {
        const funding = await db
          .selectFrom("paymentMovements")
          .select("stripeObjectId")
          .where("contractId", "=", m.contractId)
          .where("kind", "=", "funding")
          .where("status", "=", "succeeded")
          .executeTakeFirst();
        if (!funding?.stripeObjectId) throw new Error("no succeeded funding to refund");
        const refund = await pay.stripe.refunds.create(
          {
            payment_intent: funding.stripeObjectId,
            amount: toStripeAmount(m.amountFen, m.currency),
            metadata: { contractId: m.contractId, movementId: m.id },
          },
          { idempotencyKey: `refund-${m.id}` },
        );
        await settle(
          db,
          m.id,
          refund.id,
          refund.status === "succeeded" ? "succeeded" : refund.status === "failed" || refund.status === "canceled" ? "failed" : "pending",
        );
      }
      done += 1;
    } catch (e) {
      const err = e as { type?: string; message?: string };
      // Stripe refused it (a request error): failed, visible, and its amount free again. Network errors stay pending for the next run.
      if (err.type && err.type !== "StripeConnectionError" && err.type !== "StripeAPIError")
        await settle(db, m.id, null, "failed", err.message ?? String(e));
    }
  }
  return done;
}

async function settle(
  db: Kysely<DB>,
  movementId: string,
  objectId: string | null,
  status: "succeeded" | "failed" | "pending",
  failure: string | null = null,
) {
  await db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom("paymentMovements").selectAll().where("id", "=", movementId).forUpdate().executeTakeFirstOrThrow();
    if (m.status !== "pending") return;
    await trx
      .updateTable("paymentMovements")
      .set({
        status,
        stripeObjectId: objectId ?? m.stripeObjectId,
        failure,
        ...(status === "pending" ? {} : { settledAt: sql<Date>`now()` }),
      })
      .where("id", "=", m.id)
      .execute();
    await syncState(
      trx,
      m.contractId,
      { userId: null, orgId: null },
      { movementId: m.id, kind: m.kind, status, stripeObjectId: objectId, failure },
    );
    if (status === "failed") {
      const c = await trx
        .selectFrom("contracts")
        .select(["ownerOrgId", "agencyId", "projectId"])
        .where("id", "=", m.contractId)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("notifications")
        .values({ orgId: c.ownerOrgId, kind: "payment.failed", subjectType: "project", subjectId: c.projectId, params: "{}" })
        .execute();
    }
  });
}

/** A refund's later state (refund.updated / charge.refunded) settles its movement. */
export async function applyRefund(db: Kysely<DB>, refund: Stripe.Refund) {
  const m = await db.selectFrom("paymentMovements").select(["id", "status"]).where("stripeObjectId", "=", refund.id).executeTakeFirst();
  if (!m || m.status !== "pending") return;
  if (refund.status === "succeeded") await settle(db, m.id, refund.id, "succeeded");
  if (refund.status === "failed" || refund.status === "canceled")
    await settle(db, m.id, refund.id, "failed", refund.failure_reason ?? null);
}

/** The owner accepts the delivery: the contract completes, and what the agency has not been paid is released. */
export async function acceptDeliveryAndRelease(
  db: Kysely<DB>,
  pay: PaymentsConfig,
  viewer: Viewer,
  projectId: string,
  reason: string | null = null,
) {
  // One transaction: the acceptance and the pending release commit together, so a crash (or a dropped
  // connection) between them can never complete a contract whose payment was not queued.
  const { result, id } = await db.transaction().execute(async (trx) => {
    const result = await decideDeliveryIn(trx, viewer, projectId, "accept", reason);
    const c = await lockContract(trx, projectId);
    const amount = releaseOnAcceptance(c.amountFen, await movementsOf(trx, c.id), null);
    const id =
      amount > 0
        ? await queueMovement(
            trx,
            c,
            { kind: "release", amountFen: amount, currency: pay.currency },
            { userId: viewer.userId, orgId: viewer.org!.id },
          )
        : null;
    return { result, id };
  });
  if (id) await settlePendingMovements(db, pay, [id]);
  return result;
}

/** The owner accepts one milestone: its amount is released. */
export async function acceptMilestone(db: Kysely<DB>, pay: PaymentsConfig, viewer: Viewer, projectId: string, milestoneId: string) {
  const owner = requireOwner(viewer).org;
  if (!isUuid(milestoneId)) throw notFound();
  const id = await db
    .transaction()
    .execute(async (trx) => {
      const c = await lockContract(trx, projectId);
      if (c.ownerOrgId !== owner.id) throw notFound();
      if (c.status !== "signed" && c.status !== "delivered") throw conflict("state", "errors.payment.contractState");
      const ms = await trx
        .selectFrom("contractMilestones")
        .selectAll()
        .where("id", "=", milestoneId)
        .where("contractId", "=", c.id)
        .executeTakeFirst();
      if (!ms) throw notFound();
      if (ms.acceptedAt) throw conflict("state", "errors.payment.milestoneAccepted");
      await trx
        .updateTable("contractMilestones")
        .set({ acceptedAt: sql<Date>`now()` })
        .where("id", "=", ms.id)
        .execute();
      const amount = releaseOnAcceptance(c.amountFen, await movementsOf(trx, c.id), ms.amountFen);
      if (amount <= 0) throw conflict("unfunded", "errors.payment.aboveHeld");
      return queueMovement(
        trx,
        c,
        { kind: "release", amountFen: amount, milestoneId: ms.id, currency: pay.currency },
        { userId: viewer.userId, orgId: owner.id },
      );
    })
    .catch(limitError);
  await settlePendingMovements(db, pay, [id]);
}

/** The owner terminates the contract: everything held and not released goes back. */
export async function terminateAndRefund(db: Kysely<DB>, pay: PaymentsConfig, viewer: Viewer, projectId: string, reason: string) {
  // The termination and the pending refund commit together (see acceptDeliveryAndRelease).
  const id = await db.transaction().execute(async (trx) => {
    await terminateContractIn(trx, viewer, projectId, reason);
    const c = await lockContract(trx, projectId);
    const amount = refundable(c.amountFen, await movementsOf(trx, c.id));
    return amount > 0
      ? queueMovement(
          trx,
          c,
          { kind: "refund", amountFen: amount, reason: "contractTerminated", currency: pay.currency },
          { userId: viewer.userId, orgId: viewer.org!.id },
        )
      : null;
  });
  if (id) await settlePendingMovements(db, pay, [id]);
}

/** A regulator (competent for the project) orders a refund of up to what is held, with reasons (e.g. an upheld objection). */
export async function orderRefund(
  db: Kysely<DB>,
  pay: PaymentsConfig,
  viewer: Viewer,
  projectId: string,
  amountFen: number | null,
  reason: string,
) {
  const office = requireRegulator(viewer).org;
  const id = await db
    .transaction()
    .execute(async (trx) => {
      const c = await lockContract(trx, projectId);
      const p = await trx
        .selectFrom("projects")
        .select(["serviceItemId", "regionCode"])
        .where("id", "=", projectId)
        .executeTakeFirstOrThrow();
      await assertSupervises(trx, office, p);
      const amount = amountFen ?? refundable(c.amountFen, await movementsOf(trx, c.id));
      return queueMovement(
        trx,
        c,
        { kind: "refund", amountFen: amount, reason, currency: pay.currency },
        { userId: viewer.userId, orgId: office.id },
      );
    })
    .catch(limitError);
  await settlePendingMovements(db, pay, [id]);
}

/**
 * Departments often pay through the treasury: the owner records a payment made outside the platform
 * (date, amount, reference, document). Same limits: never more than the agency has yet to be paid.
 */
export async function recordOfflinePayment(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  input: { amountFen: number; paidOn: string; reference: string },
  documentFileId: string | null = null,
) {
  const owner = requireOwner(viewer).org;
  await db
    .transaction()
    .execute(async (trx) => {
      const c = await lockContract(trx, projectId);
      if (c.ownerOrgId !== owner.id) throw notFound();
      // The same payment recorded twice (a double-clicked form): a bank or treasury reference is recorded once per contract.
      const same = await trx
        .selectFrom("paymentMovements")
        .select("id")
        .where("contractId", "=", c.id)
        .where("method", "=", "offline")
        .where("reference", "=", input.reference)
        .where("status", "=", "succeeded")
        .executeTakeFirst();
      if (same) throw conflict("duplicate", "errors.payment.duplicateReference", "reference");
      const ms = await movementsOf(trx, c.id);
      const problem = checkMovement(input.amountFen, c.amountFen, ms, { kind: "release", method: "offline" });
      if (problem) throw conflict("limit", `errors.payment.${problem}`, "amount");
      const row = await trx
        .insertInto("paymentMovements")
        .values({
          contractId: c.id,
          kind: "release",
          method: "offline",
          amountFen: input.amountFen,
          currency: "cny",
          status: "succeeded",
          paidOn: input.paidOn,
          reference: input.reference,
          documentFileId,
          createdBy: viewer.userId,
          settledAt: sql<Date>`now()`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await syncState(
        trx,
        c.id,
        { userId: viewer.userId, orgId: owner.id },
        { movementId: row.id, kind: "release", method: "offline", ...input },
      );
      await trx
        .insertInto("notifications")
        .values({ orgId: c.agencyId, kind: "payment.offline", subjectType: "project", subjectId: projectId, params: "{}" })
        .execute();
    })
    .catch(limitError);
}

// ─── webhooks ────────────────────────────────────────────────────────────────────────────────────────

/**
 * One verified Stripe event: recorded once by its id (a replay is acknowledged and ignored), then
 * applied from the object it carries. Handlers only move states forward, so events arriving out of
 * order are harmless: a late "processing" never undoes "succeeded".
 */
export async function handleStripeEvent(
  db: Kysely<DB>,
  pay: PaymentsConfig,
  event: Stripe.Event,
): Promise<"applied" | "duplicate" | "ignored"> {
  const obj = event.data.object as { id?: string; object?: string };
  const inserted = await db
    .insertInto("stripeEvents")
    .values({ id: event.id, type: event.type, objectId: obj.id ?? null })
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return "duplicate";
  let outcome: "applied" | "ignored" = "applied";
  switch (event.type) {
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
    case "payment_intent.canceled":
      await applyPaymentIntent(db, event.data.object as Stripe.PaymentIntent);
      // Held money may now pay releases that were waiting for it.
      await settlePendingMovements(db, pay);
      break;
    case "account.updated":
      await applyAccount(db, event.data.object as Stripe.Account);
      await settlePendingMovements(db, pay);
      break;
    case "refund.updated":
    case "refund.created":
      await applyRefund(db, event.data.object as Stripe.Refund);
      break;
    case "charge.refunded": {
      const charge = event.data.object as Stripe.Charge;
      for (const r of charge.refunds?.data ?? []) await applyRefund(db, r);
      break;
    }
    default:
      outcome = "ignored";
  }
  await db.updateTable("stripeEvents").set({ outcome }).where("id", "=", event.id).execute();
  return outcome;
}

// ─── what the contract page shows ─────────────────────────────────────────────────────────────────────

const MOVEMENT_COLUMNS = [
  "m.id",
  "m.kind",
  "m.method",
  "m.amountFen",
  "m.currency",
  "m.status",
  "m.milestoneId",
  "m.reason",
  "m.reference",
  "m.paidOn",
  "m.documentFileId",
  "m.failure",
  "m.createdAt",
  "m.settledAt",
  "m.clientSecret",
  "m.stripeObjectId",
] as const;

/** A project's payment movements (through its contract), oldest first; `contractPaymentsOf` decides what is shown. */
export function projectMovementsQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("paymentMovements as m")
    .innerJoin("contracts as c", "c.id", "m.contractId")
    .select(MOVEMENT_COLUMNS)
    .where("c.projectId", "=", projectId)
    .orderBy("m.createdAt");
}

export function projectMilestonesQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("contractMilestones as m")
    .innerJoin("contracts as c", "c.id", "m.contractId")
    .select(["m.id", "m.seq", "m.title", "m.amountFen", "m.acceptedAt"])
    .where("c.projectId", "=", projectId)
    .orderBy("m.seq");
}

type MovementRow = Awaited<ReturnType<ReturnType<typeof projectMovementsQuery>["execute"]>>[number];
type MilestoneRow = Awaited<ReturnType<ReturnType<typeof projectMilestonesQuery>["execute"]>>[number];

/** Funded, released and refunded amounts and dates, milestones, and (for the parties) the method and reference. Never card or bank data. */
export async function getContractPayments(db: Kysely<DB>, viewer: Viewer | null, projectId: string) {
  if (!isUuid(projectId)) return null;
  const c = await db
    .selectFrom("contracts")
    .select(["id", "amountFen", "paymentState", "ownerOrgId", "agencyId", "status"])
    .where("projectId", "=", projectId)
    .executeTakeFirst();
  if (!c) return null;
  const [movements, milestones] = await Promise.all([
    projectMovementsQuery(db, projectId).execute(),
    projectMilestonesQuery(db, projectId).execute(),
  ]);
  return contractPaymentsOf(c, movements, milestones, viewer);
}

/** What the project page shows of a contract's money, from its rows: the pure half of `getContractPayments`. */
export function contractPaymentsOf(
  c: { amountFen: number; paymentState: string; ownerOrgId: string; agencyId: string; status: string },
  movements: MovementRow[],
  milestones: MilestoneRow[],
  viewer: Viewer | null,
) {
  const party = viewer?.org?.id === c.ownerOrgId || viewer?.org?.id === c.agencyId || viewer?.org?.kind === "regulator";
  const isOwner = viewer?.org?.id === c.ownerOrgId;
  const totals = ledgerTotals(c.amountFen, movements as Movement[]);
  const pendingFunding = movements.find((m) => m.kind === "funding" && m.status === "pending");
  return {
    state: c.paymentState,
    amountFen: c.amountFen,
    totals,
    milestones: milestones.map((m) => ({ id: m.id, seq: m.seq, title: m.title, amountFen: m.amountFen, acceptedAt: m.acceptedAt })),
    movements: movements
      .filter((m) => m.status !== "failed" || party)
      .map((m) => ({
        id: m.id,
        kind: m.kind,
        method: m.method,
        amountFen: m.amountFen,
        status: m.status,
        milestoneId: m.milestoneId,
        date: m.paidOn ?? m.settledAt ?? m.createdAt,
        reason: m.reason,
        ...(party ? { reference: m.reference, documentFileId: m.documentFileId, failure: m.failure } : {}),
      })),
    /** Only for the owner, only while its funding is pending: to confirm it with Stripe.js. */
    ...(isOwner && pendingFunding?.clientSecret ? { clientSecret: pendingFunding.clientSecret } : {}),
    canFund: isOwner && c.status !== "terminated" && totals.fundedFen + totals.fundingPendingFen === 0 && totals.releasedFen === 0,
  };
}
