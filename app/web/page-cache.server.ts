import type express from "express";
import { CompiledQuery, type Kysely } from "kysely";
import { keepPrepared } from "~/server/db.server";
import type { DB } from "#db/schema";

/**
 * A short-lived cache of the public project page as an anonymous visitor gets it (docs/decisions/035: the page
 * is the platform's most read one, and making it costs CPU, mostly the React render). Each instance keeps
 * its own entries; nothing in it is needed by another instance, and it is never the only copy of anything.
 *
 * An entry is kept per project and language with the project's audit head (the id of its latest audit
 * event) that the page's loader read together with the record it shows (`PageCacheSlot`). A request for a
 * kept page looks the head up (one index-only lookup) and is served from the cache only if it has not
 * moved: every state change of a project is audited in the change's transaction, so a page is never served
 * older than the project's record. A request for a page not kept makes no lookup at all (the first view
 * of a project, the long tail of cold pages). What is not in the project's audit trail (an agency renaming
 * itself, the number of sealed bids) is at most `ttlMs` old. Only plain 200 HTML answers without cookies,
 * whose loader reported a head, are kept; the per-request CSP nonce in the page is replaced by the new
 * request's own, so the Content-Security-Policy still names a nonce used once.
 */
export interface PageCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

/** What the page's loader reports to the cache: the audit head of the record the page shows. */
export interface PageCacheSlot {
  auditHead: number | null;
}

interface Entry {
  at: number;
  /** The project's audit head when the page was made. */
  head: number;
  status: number;
  headers: [string, string][];
  body: string;
  nonce: string;
}

const PROJECT_PAGE = /^\/projects\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** Headers of the original answer that belong to that request only. */
const PER_REQUEST = new Set([
  "set-cookie",
  "x-request-id",
  "content-security-policy",
  "content-length",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-encoding",
  "vary",
]);

export class PageCache {
  private entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(readonly options: PageCacheOptions) {}

  get(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now - e.at > this.options.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Least recently used last out: a hit moves to the end.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, e: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, e);
    // Expired entries are dropped from the least recently used end, so the cache holds only the pages of
    // the last few seconds instead of growing to its bound (and no longer-needed pages stay in memory).
    for (const [k, old] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && e.at - old.at <= this.options.ttlMs) break;
      this.entries.delete(k);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

// Looked up before every cached page is served: prepared once per connection.
const AUDIT_HEAD = keepPrepared("select max(id) as id from audit_events where subject_type = 'project' and subject_id = $1");

/** The id of a project's latest audit event (0 when it has none). */
export async function projectAuditHead(db: Kysely<DB>, projectId: string): Promise<number> {
  const r = await db.executeQuery(CompiledQuery.raw(AUDIT_HEAD, [projectId]));
  return Number((r.rows[0] as { id: string | number | null } | undefined)?.id ?? 0);
}

/**
 * Express middleware in front of the Remix handler: serves an anonymous GET of /projects/:id from the
 * cache when the project's record has not changed, else lets the request through (with a
 * `res.locals.pageCache` slot for the loader's audit head) and keeps its answer. The session middleware
 * ran before (`res.locals.viewer`). `auditHead` is the lookup (a parameter so tests can count its calls).
 */
export function projectPageCache(db: Kysely<DB>, cache: PageCache, auditHead = projectAuditHead) {
  return async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    try {
      if (req.method !== "GET" || res.locals.viewer || req.headers.cookie?.includes("session=")) return next();
      if (req.originalUrl.includes("?")) return next();
      const m = PROJECT_PAGE.exec(req.path);
      if (!m) return next();
      const nonce = String(res.locals.nonce ?? "");
      const key = `${m[1]}|${String(res.locals.locale)}`;
      const kept = cache.get(key, Date.now());
      const hit = kept && kept.head === (await auditHead(db, m[1]!)) ? kept : undefined;
      if (hit) {
        cache.hits += 1;
        for (const [k, v] of hit.headers) res.setHeader(k, v);
        res.setHeader("X-Page-Cache", "hit");
        res.status(hit.status).send(hit.nonce && nonce ? hit.body.split(hit.nonce).join(nonce) : hit.body);
        return;
      }
      cache.misses += 1;
      res.setHeader("X-Page-Cache", "miss");
      const slot: PageCacheSlot = { auditHead: null };
      res.locals.pageCache = slot;
      const chunks: Buffer[] = [];
      let keep = true;
      const write = res.write.bind(res) as (...a: unknown[]) => boolean;
      const end = res.end.bind(res) as (...a: unknown[]) => express.Response;
      const collect = (chunk: unknown, encoding?: unknown) => {
        if (!keep || chunk == null || typeof chunk === "function") return;
        if (typeof chunk === "string")
          chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
        else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
        else keep = false;
        if (chunks.length > 2000) keep = false;
      };
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        collect(chunk, rest[0]);
        return write(chunk, ...rest);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        collect(chunk, rest[0]);
        return end(chunk, ...rest);
      }) as typeof res.end;
      res.on("finish", () => {
        const type = String(res.getHeader("content-type") ?? "");
        if (!keep || slot.auditHead === null || res.statusCode !== 200 || !type.startsWith("text/html") || res.getHeader("set-cookie"))
          return;
        const headers: [string, string][] = [];
        for (const [k, v] of Object.entries(res.getHeaders())) {
          if (PER_REQUEST.has(k.toLowerCase()) || k.toLowerCase() === "x-page-cache" || v == null) continue;
          headers.push([k, Array.isArray(v) ? v.join(", ") : String(v)]);
        }
        cache.set(key, { at: Date.now(), head: slot.auditHead, status: 200, headers, body: Buffer.concat(chunks).toString("utf8"), nonce });
      });
      next();
    } catch (e) {
      next(e);
    }
  };
}
