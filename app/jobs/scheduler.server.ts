import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { notifyExpiringQualifications } from "~/modules/agencies/qualifications.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { recordLateSignings } from "~/modules/procurement/contracts.server";
import { escalateOverdueObjections } from "~/modules/procurement/objections.server";
import { BID_RECEIPT_GRACE_MS } from "~/modules/procurement/bids.server";
import { openDueProjects, finalizeDueAwards, drawDueBeacons } from "~/modules/procurement/selection.server";
import { configuredBeacon } from "~/modules/procurement/beacon.server";
import { escalateOverdueShares } from "~/modules/procurement/share-draw.server";
import { recomputeDueCreditScores } from "~/modules/trust/credit.server";
import { refreshFlagHits } from "~/modules/oversight/flags.server";
import { refreshDashboardMonths } from "~/modules/oversight/dashboard.server";
import { runClaimed } from "./job-runs.server";
import { settlePendingMovements, type PaymentsConfig } from "~/modules/payments/payments.server";
import { log } from "~/server/log.server";
import { sendPendingNotificationEmails, type Mailer } from "~/server/mailer.server";

/**
 * Periodic housekeeping. Every job is idempotent (unique keys in the database), so several app
 * instances may each run the schedule without doubling anything.
 */
export function startScheduler(
  db: Kysely<DB>,
  opts: { mail?: { mailer: Mailer; publicUrl: string }; payments?: PaymentsConfig; intervalMs?: number; fastIntervalMs?: number } = {},
): () => void {
  const intervalMs = opts.intervalMs ?? 60 * 60_000;
  const fastIntervalMs = opts.fastIntervalMs ?? 5_000;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Once per interval across every instance: the first to claim the run does it (job_runs).
      const done = await runClaimed(db, "hourly", intervalMs * 0.9, async () => {
        const sent = await notifyExpiringQualifications(db, beijingDate(new Date()));
        const lateSignings = await recordLateSignings(db);
        // Scores change by themselves too: a deduction's period ends, a review is revealed, a new formula.
        const rescored = await recomputeDueCreditScores(db);
        // Red flags are re-evaluated as a whole (and under an advisory lock, for a refresh asked by hand).
        const flags = await refreshFlagHits(db);
        // The dashboards' monthly figures.
        const months = await refreshDashboardMonths(db);
        return { sent, lateSignings, rescored, flags, months };
      });
      if (done) log.info("job", { name: "hourly", ...done });
    } catch (e) {
      log.error("job failed", { name: "hourly", err: (e as Error).message });
    } finally {
      running = false;
    }
  };
  // Deadlines pass with nobody visiting: projects open and awards become final within seconds.
  let busy = false;
  const fast = async () => {
    if (busy) return;
    busy = true;
    try {
      const opened = await openDueProjects(db, new Date(), { graceMs: BID_RECEIPT_GRACE_MS });
      // zjcs-draw-v2: a draw waits, pending, until its beacon round is out and verifies.
      const beacon = configuredBeacon();
      const drawn = beacon ? await drawDueBeacons(db, beacon, new Date()) : 0;
      // zjcs-draw-v2-share: a regulator's share not revealed in time escalates the project (decision 043).
      const sharesOverdue = await escalateOverdueShares(db, new Date());
      const escalated = await escalateOverdueObjections(db);
      const finalized = await finalizeDueAwards(db);
      const emailed = opts.mail ? await sendPendingNotificationEmails(db, opts.mail.mailer, opts.mail.publicUrl) : 0;
      // Releases and refunds written but not yet sent (a crash, Stripe unreachable, a payout account not ready).
      const settled = opts.payments ? await settlePendingMovements(db, opts.payments) : 0;
      if (opened || drawn || sharesOverdue || escalated || finalized || emailed || settled)
        log.info("job", { name: "procurement", opened, drawn, sharesOverdue, escalated, finalized, emailed, settled });
    } catch (e) {
      log.error("job failed", { name: "procurement", err: (e as Error).message });
    } finally {
      busy = false;
    }
  };
  void tick();
  void fast();
  const timer = setInterval(() => void tick(), intervalMs);
  const fastTimer = setInterval(() => void fast(), fastIntervalMs);
  timer.unref();
  fastTimer.unref();
  return () => {
    clearInterval(timer);
    clearInterval(fastTimer);
  };
}
