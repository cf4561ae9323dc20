import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimJob, runClaimed } from "~/jobs/job-runs.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";

// Scheduled jobs are shared through the database: of several instances ticking at once, one runs the job.
let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase({ reference: false });
});
afterAll(async () => {
  await h?.close();
});

describe("job claims (job_runs)", () => {
  it("lets exactly one of many simultaneous claims win, and none again within the interval", async () => {
    const claims = await Promise.all(Array.from({ length: 12 }, () => claimJob(h.db, "race", 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimJob(h.db, "race", 60_000)).toBe(false);
  });

  it("runs the job once per interval across instances and records how it ended", async () => {
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        runClaimed(h.db, "tick", 60_000, async () => {
          runs += 1;
          return "done";
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results.filter((r) => r === "done")).toHaveLength(1);
    const row = await h.db.selectFrom("jobRuns").selectAll().where("name", "=", "tick").executeTakeFirstOrThrow();
    expect(row.ok).toBe(true);
    expect(row.finishedAt).not.toBeNull();
  });

  it("lets a run that died halfway be claimed again once the interval has passed, and marks the failure", async () => {
    await expect(runClaimed(h.db, "dies", 60_000, async () => Promise.reject(new Error("killed")))).rejects.toThrow("killed");
    const failed = await h.db.selectFrom("jobRuns").selectAll().where("name", "=", "dies").executeTakeFirstOrThrow();
    expect(failed.ok).toBe(false);
    expect(await claimJob(h.db, "dies", 60_000)).toBe(false);
    // An hour later (the claim's start moved back), the next tick takes it over.
    await sql`update job_runs set started_at = now() - interval '1 hour', finished_at = null, ok = null where name = 'dies'`.execute(h.db);
    let ran = false;
    await runClaimed(h.db, "dies", 60_000, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    const again = await h.db.selectFrom("jobRuns").selectAll().where("name", "=", "dies").executeTakeFirstOrThrow();
    expect(again.ok).toBe(true);
  });
});
