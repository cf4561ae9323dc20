import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { getHomeCounts } from "~/modules/stats/home.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectUniqueViolation } from "../../support/errors";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

describe("reference and demo data", () => {
  it("loads GB/T 2260 regions and at least 30 catalogue items with legal basis, idempotently", async () => {
    const again = await seedReference(h.db);
    const regions = await h.db
      .selectFrom("regions")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(regions.n).toBe(again.regions);
    expect(regions.n).toBeGreaterThan(3000);
    const nanjing = await h.db.selectFrom("regions").selectAll().where("code", "=", "320100").executeTakeFirstOrThrow();
    expect(nanjing).toMatchObject({ name: "南京市", parentCode: "320000", level: 2 });
    const items = await h.db.selectFrom("serviceItems").selectAll().execute();
    expect(items.length).toBeGreaterThanOrEqual(30);
    for (const i of items) expect(i.legalBasisZh.length, i.code).toBeGreaterThan(4);
    expect(items.find((i) => i.code === "eia-report")?.nameZh).toContain("环境影响");
  });

  it("counts live figures for the home page, in the Beijing month", async () => {
    const empty = await getHomeCounts(h.db);
    expect(empty).toMatchObject({ agencies: 0, openProjects: 0, awardsThisMonth: 0 });
    expect(await seedDemo(h.db)).toBe(true);
    expect(await seedDemo(h.db)).toBe(false);
    const counts = await getHomeCounts(h.db);
    expect(counts.agencies).toBe(6); // five with logins, and the rigged pattern's look-alike
    expect(counts.openProjects).toBe(3);
    expect(counts.serviceItems).toBe(empty.serviceItems);

    // A project whose deadline has passed is no longer open, whatever its stored status says.
    await h.db
      .updateTable("projects")
      .set({ bidDeadline: new Date(Date.now() - 1000), publishedAt: new Date(Date.now() - 86_400_000) })
      .where("title", "like", "%S337%")
      .execute();
    expect((await getHomeCounts(h.db)).openProjects).toBe(2);
  });

  it("gives every demo project that publishes a draw commitment the secret behind it", async () => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from projects p where p.draw_commitment is not null and not exists (select 1 from project_secrets s where s.project_id = p.id)`.execute(
      h.db,
    );
    expect(rows[0]!.n).toBe(0);
    expect(
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from projects where draw_commitment is not null`.execute(h.db)).rows[0]!.n,
      ),
    ).toBeGreaterThan(3);
  });

  it("counts an award at 00:30 Beijing time on the 1st as this month, and 23:30 the day before as last month", async () => {
    const [p0, p1] = await h.db.selectFrom("projects").select("id").where("status", "=", "bidding").orderBy("id").limit(2).execute();
    const agency = await h.db.selectFrom("organizations").select("id").where("kind", "=", "agency").executeTakeFirstOrThrow();
    const now = new Date();
    const bj = new Date(now.getTime() + 8 * 3600_000); // Beijing wall clock, read with UTC getters
    const firstOfMonthBj = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), 1) - 8 * 3600_000; // 00:00 Beijing on the 1st
    // Relative to what the demo already holds (its finished contracts keep their awards).
    const base = (await getHomeCounts(h.db)).awardsThisMonth;
    const inserted: string[] = [];
    const add = async (projectId: string, at: number, status?: string) =>
      inserted.push(
        (
          await h.db
            .insertInto("awards")
            .values({ projectId, agencyOrgId: agency.id, priceFen: 100, awardedAt: new Date(at), ...(status ? { status } : {}) })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
      );
    await add(p0!.id, firstOfMonthBj + 30 * 60_000, "annulled");
    expect((await getHomeCounts(h.db)).awardsThisMonth).toBe(base);
    await add(p0!.id, firstOfMonthBj - 30 * 60_000);
    expect((await getHomeCounts(h.db)).awardsThisMonth).toBe(base);
    await add(p1!.id, firstOfMonthBj + 30 * 60_000);
    expect((await getHomeCounts(h.db)).awardsThisMonth).toBe(base + 1);
    await h.db.deleteFrom("awards").where("id", "in", inserted).execute();
  });

  it("allows one live award per project, enforced by the database", async () => {
    const award = await h.db.selectFrom("awards").selectAll().executeTakeFirstOrThrow();
    await expectUniqueViolation(
      h.db.insertInto("awards").values({ projectId: award.projectId, agencyOrgId: award.agencyOrgId, priceFen: 200 }).execute(),
      "awards_one_live_per_project",
    );
  });
});
