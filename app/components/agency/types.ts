import type { getPublicProfile } from "~/modules/agencies/profile.server";
import type { getPublicTrustRecord } from "~/modules/trust/trust-views.server";

/** What the agency's public profile page's loader read. */
export type AgencyProfile = NonNullable<Awaited<ReturnType<typeof getPublicProfile>>>;
export type AgencyTrustRecord = Awaited<ReturnType<typeof getPublicTrustRecord>>;
