import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GeneratedDataExistsError, generate, generatedSerial, mulberry32, shortPlaceName } from "../../../scripts/generate";
import { DirectoryQuerySchema } from "~/modules/agencies/directory.schema";
import { searchAgencies } from "~/modules/agencies/directory.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { usccProblem } from "~/modules/identity/uscc";
import type { Database, DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";

const NOW = new Date("2026-11-20T00:00:00Z");
const AGENCIES = 200;

let a: DatabaseHandle;
let b: DatabaseHandle;
let progress: { done: number; total: number }[] = [];

/** Everything the generator wrote, in a stable order, for comparing two runs. */
async function dump(db: Database) {
  return {
    organizations: await db.selectFrom("organizations").selectAll().orderBy("id").execute(),
    services: await db.selectFrom("agencyServices").selectAll().orderBy("id").execute(),
    versions: await db
      .selectFrom("agencyServiceVersions")
      .select([
        "agencyServiceId",
        "version",
        "feeMode",
        "feeMinFen",
        "feeMaxFen",
        "feeRateBp",
        "feeBasis",
        "committedDays",
        "pledge",
        "regions",
        "createdAt",
      ])
      .orderBy("agencyServiceId")
      .execute(),
    qualifications: await db.selectFrom("qualifications").selectAll().orderBy("id").execute(),
    users: await db.selectFrom("users").select(["id", "email", "name"]).orderBy("id").execute(),
  };
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  progress = [];
  await generate(a.db, { agencies: AGENCIES, seed: 42, now: NOW, batchSize: 64, onProgress: (p) => progress.push(p) });
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe("the data generator", () => {
  it("writes the requested agencies, each with 1–5 listings, their version rows and some certificates", async () => {
    const count = async (t: "agencyServices" | "agencyServiceVersions" | "qualifications") =>
      Number(
        (
          await a.db
            .selectFrom(t)
            .select((e) => e.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const agencies = await a.db
      .selectFrom("organizations")
      .select(["id", "creditCode", "name", "pledgeVersion", "pledgeSignedAt", "createdAt"])
      .where("kind", "=", "agency")
      .execute();
    expect(agencies).toHaveLength(AGENCIES);
    const services = await count("agencyServices");
    expect(services).toBeGreaterThanOrEqual(AGENCIES);
    expect(services).toBeLessThanOrEqual(AGENCIES * 5);
    expect(await count("agencyServiceVersions")).toBe(services);
    expect(await count("qualifications")).toBeGreaterThan(0);
    const perAgency = await a.db
      .selectFrom("agencyServices")
      .select((e) => [e.fn.countAll<number>().as("n")])
      .groupBy("agencyId")
      .execute();
    expect(perAgency).toHaveLength(AGENCIES);
    for (const r of perAgency) {
      expect(Number(r.n)).toBeGreaterThanOrEqual(1);
      expect(Number(r.n)).toBeLessThanOrEqual(5);
    }

    const threeYearsAgo = NOW.getTime() - 3 * 366 * 86_400_000;
    for (const o of agencies) {
      expect(usccProblem(o.creditCode!), o.creditCode!).toBeNull();
      expect(o.pledgeVersion).toBe("2026-11");
      expect(o.pledgeSignedAt!.getTime()).toBeGreaterThanOrEqual(o.createdAt.getTime());
      expect(o.createdAt.getTime()).toBeGreaterThan(threeYearsAgo);
      expect(o.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(o.name).toMatch(/(有限公司|有限责任公司|（特殊普通合伙）|（普通合伙）)$/);
    }
    expect(new Set(agencies.map((o) => o.creditCode)).size).toBe(AGENCIES);
    expect(progress.at(-1)).toMatchObject({ done: AGENCIES, total: AGENCIES });
    expect(progress.length).toBeGreaterThanOrEqual(4); // 0, then one per batch of 64
  });

  it("keeps every committed time within the item's statutory days and every listing consistent with its version 1", async () => {
    const over = await a.db
      .selectFrom("agencyServices as s")
      .innerJoin("serviceItems as i", "i.id", "s.serviceItemId")
      .select(["s.id", "s.committedDays", "i.statutoryDays"])
      .where("i.statutoryDays", "is not", null)
      .whereRef("s.committedDays", ">", "i.statutoryDays")
      .execute();
    expect(over).toEqual([]);
    const unmatched = await a.db
      .selectFrom("agencyServices as s")
      .leftJoin("agencyServiceVersions as v", (j) =>
        j
          .onRef("v.agencyServiceId", "=", "s.id")
          .onRef("v.version", "=", "s.version")
          .onRef("v.committedDays", "=", "s.committedDays")
          .onRef("v.feeMode", "=", "s.feeMode"),
      )
      .select("s.id")
      .where("v.id", "is", null)
      .execute();
    expect(unmatched).toEqual([]);
    const versionOne = await a.db.selectFrom("agencyServices").select("id").where("version", "<>", 1).execute();
    expect(versionOne).toEqual([]);
    // Regions named by listings exist; certificates only for items that require one, reviewed when not pending.
    const badRegions = await sql<{
      n: number;
    }>`select count(*)::int as n from agency_services s, unnest(s.regions) r where not exists (select 1 from regions g where g.code = r)`.execute(
      a.db,
    );
    expect(badRegions.rows[0]!.n).toBe(0);
    const quals = await a.db
      .selectFrom("qualifications as q")
      .innerJoin("serviceItems as i", "i.id", "q.serviceItemId")
      .innerJoin("agencyServices as s", (j) => j.onRef("s.agencyId", "=", "q.agencyId").onRef("s.serviceItemId", "=", "q.serviceItemId"))
      .select(["q.status", "q.reviewedBy", "i.requiredQualificationZh"])
      .execute();
    expect(quals.length).toBeGreaterThan(0);
    for (const q of quals) {
      expect(q.requiredQualificationZh).not.toBeNull();
      expect(q.status === "pending" || q.reviewedBy !== null).toBe(true);
    }
    expect(new Set(quals.map((q) => q.status)).has("verified")).toBe(true);
  });

  it("gives the same rows for the same seed, and refuses a second run unless appending", async () => {
    await generate(b.db, { agencies: AGENCIES, seed: 42, now: NOW, batchSize: 500 });
    const [da, db] = await Promise.all([dump(a.db), dump(b.db)]);
    expect(db.organizations.length).toBe(da.organizations.length);
    expect(db).toEqual(da);

    await expect(generate(b.db, { agencies: 10, seed: 42, now: NOW })).rejects.toBeInstanceOf(GeneratedDataExistsError);
    const more = await generate(b.db, { agencies: 10, seed: 42, now: NOW, append: true });
    expect(more).toMatchObject({ agencies: 10, firstSerial: AGENCIES + 1 });
    const codes = await b.db.selectFrom("organizations").select("creditCode").where("kind", "=", "agency").execute();
    expect(codes).toHaveLength(AGENCIES + 10);
    expect(new Set(codes.map((c) => c.creditCode)).size).toBe(AGENCIES + 10);
  });

  it("produces agencies the directory finds by text, item and region", async () => {
    const s = await a.db
      .selectFrom("agencyServices as s")
      .innerJoin("organizations as o", "o.id", "s.agencyId")
      .select(["o.id", "o.name", "o.regionCode", "s.serviceItemId"])
      .where(sql<boolean>`cardinality(s.regions) = 0`)
      .orderBy("o.id")
      .executeTakeFirstOrThrow();
    const q = DirectoryQuerySchema.parse({ q: s.name, item: String(s.serviceItemId), region: s.regionCode, sort: "price" });
    const page = await searchAgencies(a.db, q, beijingDate(NOW));
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.results.map((r) => r.id)).toContain(s.id);

    // A common word of the generated names finds many agencies.
    const broad = await searchAgencies(a.db, DirectoryQuerySchema.parse({ q: "环境" }), beijingDate(NOW));
    expect(broad.total).toBeGreaterThan(10);
  });

  it("has deterministic helpers", () => {
    const r1 = mulberry32(1);
    const r2 = mulberry32(1);
    const xs = Array.from({ length: 5 }, () => r1());
    expect(Array.from({ length: 5 }, () => r2())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(generatedSerial(1).toString(36).toUpperCase()).toBe("G000001");
    expect(shortPlaceName("南京市")).toBe("南京");
    expect(shortPlaceName("延边朝鲜族自治州")).toBe("延边");
    expect(shortPlaceName("广西壮族自治区")).toBe("广西");
    expect(shortPlaceName("江宁区")).toBe("江宁");
  });
});
