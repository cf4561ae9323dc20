import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { catalogue } from "./catalogue";
import { loadRegions } from "./regions";

/** Regions and the service catalogue: needed by every installation, loaded idempotently. */
export async function seedReference(db: Kysely<DB>): Promise<{ regions: number; serviceItems: number }> {
  const regions = loadRegions();
  const have = await db
    .selectFrom("regions")
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (have.n < regions.length) {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < regions.length; i += 1000) {
        await trx
          .insertInto("regions")
          .values(regions.slice(i, i + 1000))
          .onConflict((oc) => oc.column("code").doUpdateSet({ name: sql`excluded.name` }))
          .execute();
      }
    });
  }
  await db
    .insertInto("serviceItems")
    .values(
      catalogue.map((c) => ({
        code: c.code,
        category: c.category,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        approvalZh: c.approvalZh,
        legalBasisZh: c.legalBasisZh,
        statutoryDays: c.statutoryDays,
        feeBasisZh: c.feeBasisZh,
        feeBasisEn: c.feeBasisEn,
        requiredQualificationZh: c.requiredQualificationZh,
        requiredQualificationEn: c.requiredQualificationEn,
        descriptionZh: c.descriptionZh,
      })),
    )
    .onConflict((oc) =>
      oc.column("code").doUpdateSet((eb) => ({
        category: eb.ref("excluded.category"),
        nameZh: eb.ref("excluded.nameZh"),
        nameEn: eb.ref("excluded.nameEn"),
        approvalZh: eb.ref("excluded.approvalZh"),
        legalBasisZh: eb.ref("excluded.legalBasisZh"),
        statutoryDays: eb.ref("excluded.statutoryDays"),
        feeBasisZh: eb.ref("excluded.feeBasisZh"),
        feeBasisEn: eb.ref("excluded.feeBasisEn"),
        requiredQualificationZh: eb.ref("excluded.requiredQualificationZh"),
        requiredQualificationEn: eb.ref("excluded.requiredQualificationEn"),
        descriptionZh: eb.ref("excluded.descriptionZh"),
      })),
    )
    .execute();
  return { regions: regions.length, serviceItems: catalogue.length };
}
