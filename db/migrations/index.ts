import type { Migration } from "kysely";
import * as m0001 from "./2026-11-23-0001-foundation";
import * as m0002 from "./2026-11-23-0002-projects-core";
import * as m0003 from "./2026-11-23-0003-agency-listing";
import * as m0004 from "./2026-11-23-0004-procurement";
import * as m0005 from "./2026-11-23-0005-directory-bigrams";
import * as m0006 from "./2026-11-23-0006-breach-once";
import * as m0007 from "./2026-11-23-0007-project-attachments";
import * as m0008 from "./2026-11-23-0008-notification-email";
import * as m0009 from "./2026-11-23-0009-min-bids-by-method";
import * as m0010 from "./2026-12-01-0010-trust";
import * as m0011 from "./2026-12-01-0011-oversight";
import * as m0012 from "./2026-12-01-0012-payments";
import * as m0013 from "./2026-12-02-0013-hardening";
import * as m0014 from "./2026-12-02-0014-scale";
import * as m0015 from "./2026-12-02-0015-bid-receipt";
import * as m0016 from "./2026-12-02-0016-risk-queue";
import * as m0017 from "./2026-12-02-0017-dashboard-levels";
import * as m0018 from "./2026-12-02-0018-page-indexes";
import * as m0019 from "./2026-12-07-0019-audit-hint";
import * as m0020 from "./2026-12-07-0020-beacon-draws";
import * as m0021 from "./2026-12-07-0021-bidding-edges";
import * as m0022 from "./2026-12-07-0022-terms-rules";
import * as m0023 from "./2026-12-08-0023-procedure-lock";
import * as m0024 from "./2026-12-08-0024-bid-documents";
import * as m0025 from "./2026-12-08-0025-reveal-shares";

/**
 * Every migration, by name, in order. Listed statically so the same list serves tsx, vitest and any
 * bundle; a unit test checks it against the files in this folder.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-23-0001-foundation": m0001,
  "2026-11-23-0002-projects-core": m0002,
  "2026-11-23-0003-agency-listing": m0003,
  "2026-11-23-0004-procurement": m0004,
  "2026-11-23-0005-directory-bigrams": m0005,
  "2026-11-23-0006-breach-once": m0006,
  "2026-11-23-0007-project-attachments": m0007,
  "2026-11-23-0008-notification-email": m0008,
  "2026-11-23-0009-min-bids-by-method": m0009,
  "2026-12-01-0010-trust": m0010,
  "2026-12-01-0011-oversight": m0011,
  "2026-12-01-0012-payments": m0012,
  "2026-12-02-0013-hardening": m0013,
  "2026-12-02-0014-scale": m0014,
  "2026-12-02-0015-bid-receipt": m0015,
  "2026-12-02-0016-risk-queue": m0016,
  "2026-12-02-0017-dashboard-levels": m0017,
  "2026-12-02-0018-page-indexes": m0018,
  "2026-12-07-0019-audit-hint": m0019,
  "2026-12-07-0020-beacon-draws": m0020,
  "2026-12-07-0021-bidding-edges": m0021,
  "2026-12-07-0022-terms-rules": m0022,
  "2026-12-08-0023-procedure-lock": m0023,
  "2026-12-08-0024-bid-documents": m0024,
  "2026-12-08-0025-reveal-shares": m0025,
};
