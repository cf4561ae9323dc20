import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { regionContains } from "~/modules/agencies/regions.rules";
import { forbidden } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";

export type RegulatorViewer = Viewer & { org: NonNullable<Viewer["org"]> };

export function requireRegulator(viewer: Viewer | null): RegulatorViewer {
  if (!viewer?.org || viewer.org.kind !== "regulator") throw forbidden();
  return viewer as RegulatorViewer;
}

/** Whether an office supervises this item in this region (its items, inside its region). */
export async function supervises(
  db: Kysely<DB>,
  office: { id: string; regionCode: string },
  matter: { serviceItemId: number; regionCode: string },
): Promise<boolean> {
  if (!regionContains(office.regionCode, matter.regionCode)) return false;
  const row = await db
    .selectFrom("regulatorServiceItems")
    .select("serviceItemId")
    .where("regulatorId", "=", office.id)
    .where("serviceItemId", "=", matter.serviceItemId)
    .executeTakeFirst();
  return !!row;
}

export async function assertSupervises(
  db: Kysely<DB>,
  office: { id: string; regionCode: string },
  matter: { serviceItemId: number; regionCode: string },
) {
  if (!(await supervises(db, office, matter))) throw forbidden("errors.trust.notCompetent");
}
