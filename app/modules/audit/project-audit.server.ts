import { isUuid } from "~/lib/ids";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { Viewer } from "~/modules/identity/viewer";
import { bidsUnsealed } from "~/modules/procurement/sealing.rules";
import { chainHash, eventBody, type ChainedEvent } from "./audit.rules";

/**
 * Events whose bodies would name an objector or a complainant (their identity is not public): the
 * public sees their hashes, not their bodies; regulators see everything.
 */
const WITHHELD = new Set([
  "objection.filed",
  "objection.answered",
  "objection.escalated",
  "objection.upheld",
  "objection.dismissed",
  "complaint.filed",
  "complaint.upheld",
  "complaint.dismissed",
]);

/**
 * Until the opening nobody may learn who bid or how many (招标投标法 第二十二条): a bid's own events are left
 * out of the trail, and the body of an event that counts bids (a revision voiding them) is withheld — the
 * hash stays, so the body, shown from the opening on, can be checked against it then.
 */
const bidEvent = (action: string) => action.startsWith("bid.");
const COUNTS_BIDS = ["voidedBids", "bids", "bidCount", "bidders"];
const countsBids = (data: unknown) => !!data && typeof data === "object" && COUNTS_BIDS.some((k) => k in (data as object));

/**
 * A project's part of the audit chain, for anyone to check: each event with its hashes and, where it may
 * be published, the exact body that was hashed — so SHA-256(prevHash + "\n" + canonicalJson(body)) can be
 * recomputed by the reader; `ok` is the server's own recomputation.
 */
export async function projectAuditTrail(db: Kysely<DB>, viewer: Viewer | null, projectId: string, now = new Date()) {
  if (!isUuid(projectId)) return null;
  const project = await db
    .selectFrom("projects")
    .select(["id", "title", "status", "ownerOrgId", "bidDeadline"])
    .where("id", "=", projectId)
    .executeTakeFirst();
  if (!project || (project.status === "draft" && viewer?.org?.id !== project.ownerOrgId)) return null;
  const rows = (await db
    .selectFrom("auditEvents")
    .selectAll()
    .where("subjectType", "=", "project")
    .where("subjectId", "=", projectId)
    .orderBy("id")
    .execute()) as ChainedEvent[];
  const regulator = viewer?.org?.kind === "regulator";
  const sealed = !bidsUnsealed(project, now);
  return {
    project: { id: project.id, title: project.title },
    events: rows
      .filter((e) => !(sealed && bidEvent(e.action)))
      .map((e) => {
        const body = eventBody(e);
        const withheld = (!regulator && WITHHELD.has(e.action)) || (sealed && countsBids(e.data));
        return {
          id: e.id,
          occurredAt: e.occurredAt,
          action: e.action,
          prevHash: e.prevHash,
          hash: e.hash,
          ok: chainHash(e.prevHash, body) === e.hash,
          body: withheld ? null : body,
        };
      }),
  };
}
