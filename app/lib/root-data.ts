import type { Locale } from "~/i18n";
import type { MemberRole, OrgKind } from "~/modules/identity/viewer";

/** What the document shell's loader gives every page: the language and who is looking, as far as pages need it. */
export interface RootData {
  locale: Locale;
  viewer: {
    name: string;
    orgKind: OrgKind | null;
    orgName: string | null;
    role: MemberRole | null;
    isSiteAdmin: boolean;
    mayManageRegulators: boolean;
  } | null;
}
