import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { notifyExpiringQualifications } from "~/modules/agencies/qualifications.server";
import { beijingDate } from "~/modules/agencies/regions.rules";
import { log } from "./log.server";

/**
 * Periodic housekeeping. Every job is idempotent (unique keys in the database), so several app
 * instances may each run the schedule without doubling anything.
 */
export function startScheduler(db: Kysely<DB>, intervalMs = 60 * 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const sent = await notifyExpiringQualifications(db, beijingDate(new Date()));
      if (sent) log.info("job", { name: "notifyExpiringQualifications", sent });
    } catch (e) {
      log.error("job failed", { name: "notifyExpiringQualifications", err: (e as Error).message });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
