/** Who is looking: the signed-in person, their organisation and their role in it (null for the public). */

export type OrgKind = "agency" | "owner" | "regulator";
export type MemberRole = "admin" | "member";

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  locale: "zh-CN" | "en";
  isSiteAdmin: boolean;
  org: { id: string; kind: OrgKind; name: string; ownerType: string | null; regionCode: string } | null;
  role: MemberRole | null;
}
