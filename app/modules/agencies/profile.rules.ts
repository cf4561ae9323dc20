/** What makes a profile complete, in the order an agency is asked to fill it in. */
export const PROFILE_PARTS = ["details", "contact", "pledge", "services", "qualifications"] as const;
export type ProfilePart = (typeof PROFILE_PARTS)[number];

export interface ProfileFacts {
  legalRepresentative: string | null;
  address: string | null;
  businessScope: string | null;
  contactPhone: string | null;
  pledgeSignedAt: Date | null;
  activeServices: number;
  /** Listed items that legally require a qualification, and how many of them have a verified one. */
  itemsNeedingQualification: number;
  itemsWithVerifiedQualification: number;
}

export function profileCompleteness(f: ProfileFacts): { percent: number; missing: ProfilePart[] } {
  const done: Record<ProfilePart, boolean> = {
    details: !!(f.legalRepresentative && f.address && f.businessScope),
    contact: !!f.contactPhone,
    pledge: !!f.pledgeSignedAt,
    services: f.activeServices > 0,
    qualifications: f.itemsWithVerifiedQualification >= f.itemsNeedingQualification,
  };
  const missing = PROFILE_PARTS.filter((p) => !done[p]);
  return { percent: Math.round(((PROFILE_PARTS.length - missing.length) / PROFILE_PARTS.length) * 100), missing };
}
