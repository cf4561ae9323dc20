import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { Locale } from "~/i18n";
import type { Viewer } from "~/modules/identity/viewer";
import type { DatabaseKind } from "~/server/db.server";
import type { FileStore } from "~/server/files.server";
import type { PageCacheSlot } from "./page-cache.server";
import type { PaymentsConfig } from "~/modules/payments/payments.server";
import type { RateLimits } from "~/modules/identity/throttle.rules";

export interface SessionSettings {
  cookieSecure: boolean;
  inactivityTimeoutMs: number;
}

export interface RequestContext {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  viewer: Viewer | null;
  sessionId: string | null;
  locale: Locale;
  nonce: string;
  requestId: string;
  /** When the request reached the server (the first middleware). */
  receivedAt: Date;
  clientAddress: string;
  session: SessionSettings;
  /** Rate limits from the environment (SIGNUP_RATE_LIMIT, COMPLAINT_RATE_LIMIT). */
  limits: RateLimits;
  files: FileStore;
  payments: PaymentsConfig;
  /** Set when the page cache may keep this request's answer: the loader reports the audit head it read. */
  pageCache?: PageCacheSlot | null;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
