import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CamelCasePlugin, Kysely, PostgresDialect, type PostgresPool } from "kysely";
import pg from "pg";
import type { DB } from "#db/schema";
import { lockDataDir } from "./data-dir-lock.server";
import { PGliteDialect } from "./pglite-dialect.server";

export type Database = Kysely<DB>;
export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// int8 (counts, bigint ids, money in fen) arrives as a string from both drivers; every value this
// product stores in int8 fits in a double (fen up to 9e15), so it is parsed to number on purpose.
const INT8 = 20;
const NUMERIC = 1700;
// `date` columns (validity of certificates) stay "YYYY-MM-DD" strings: no time zone can shift them.
const DATE = 1082;
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(INT8, (v) => Number(v));

export const kyselyPlugins = [new CamelCasePlugin()];

const PREPARE_MARK = "/* zjcs:prepare */ ";

/**
 * Marks a statement's text to be run as a named prepared statement on PostgreSQL: each connection parses
 * and plans it once and then reuses the plan (PostgreSQL's plan cache: custom plans for the first five
 * executions, then the generic plan when it is no worse). For a large statement run on every page view
 * the planning costs more than the execution (the project page's record: figures in db/README.md). Its
 * result columns must not depend on the schema (`select *` at the top level would break a cached plan
 * when a migration adds a column). The mark travels in the text itself (a leading comment), so it works
 * whichever copy of this module compiled the statement; PGlite runs the text as it is.
 */
export function keepPrepared(sql: string): string {
  return sql.startsWith(PREPARE_MARK) ? sql : PREPARE_MARK + sql;
}

/** The statement name of a marked text (one per distinct text), or undefined. */
const statementNames = new Map<string, string>();
function preparedName(text: unknown): string | undefined {
  if (typeof text !== "string" || !text.startsWith(PREPARE_MARK)) return undefined;
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `zjcs_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`));
  return name;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number;
}

/**
 * Whether an error means the database could not be reached or the connection broke (the server was
 * restarted, the connection was terminated, the network failed): nothing was committed, and the same
 * request may simply be tried again. SQLSTATE class 08 and 57P01–57P03, or the drivers' socket errors.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (!err || typeof err !== "object") return false;
  const code = typeof err.code === "string" ? err.code : "";
  if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03") return true;
  if (["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"].includes(code)) return true;
  const message = typeof err.message === "string" ? err.message : "";
  return /Connection terminated|connection error and is not queryable|terminating connection/i.test(message);
}

/** A read that may simply be sent again: a plain query with no write and no lock or sequence function in it. */
function isRetryableRead(text: unknown): boolean {
  if (typeof text !== "string") return false;
  const body = text.startsWith(PREPARE_MARK) ? text.slice(PREPARE_MARK.length) : text;
  return (
    /^\s*(select|with)\b/i.test(body) &&
    !/\b(insert|update|delete|merge|for\s+(update|share|no\s+key|key)|pg_advisory\w*|nextval|setval|pg_terminate_backend)\b/i.test(body)
  );
}

type PoolClient = pg.PoolClient;

const ROLLED_BACK = { command: "ROLLBACK", rowCount: null, oid: 0, rows: [], fields: [] };

/**
 * One lease of a pooled connection, as Kysely sees it. A connection-level error (the server terminated the
 * backend, the socket broke) marks the lease broken, and the connection is then discarded on release instead
 * of going back to the pool, where the same request's next statement would meet it still half-closed (pg
 * only notices when the socket's close arrives, after the release). Outside a transaction, a read that failed
 * that way is sent once more on a fresh connection: nothing was changed, so nothing can happen twice.
 */
class DiscardingClient {
  #broken = false;
  #inTransaction = false;
  constructor(
    private client: PoolClient,
    private readonly pool: pg.Pool,
  ) {}

  query(...args: unknown[]): unknown {
    const [text] = args;
    if (typeof text !== "string") return (this.client.query as (...a: unknown[]) => unknown)(...args); // a cursor (streaming)
    return this.#run(args, text);
  }

  async #run(args: unknown[], text: string): Promise<unknown> {
    const wasInTransaction = this.#inTransaction;
    if (/^\s*begin\b/i.test(text)) this.#inTransaction = true;
    else if (/^\s*(commit|rollback)\s*$/i.test(text)) this.#inTransaction = false;
    // A transaction on a connection that broke was ended by the server with it: its rollback has nothing
    // left to do, and must not replace the error that broke it.
    const isRollback = /^\s*rollback\s*$/i.test(text);
    if (isRollback && this.#broken) return ROLLED_BACK;
    try {
      if (this.#broken) throw Object.assign(new Error("Connection terminated: the connection was lost earlier"), { code: "08003" });
      return await (this.client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
      if (isRollback) {
        this.#broken = true;
        return ROLLED_BACK;
      }
      if (wasInTransaction || this.#inTransaction || !isRetryableRead(text) || this.#broken) {
        this.#broken = true;
        throw e;
      }
      // Outside a transaction the lease may move: the dead connection is dropped and the read sent once more.
      this.client.release(e as Error);
      this.client = await this.pool.connect().catch((again: unknown) => {
        this.#broken = true;
        throw again;
      });
      this.#broken = false;
      this.#retried = true;
      try {
        return await (this.client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (again) {
        if (isDatabaseUnavailable(again)) this.#broken = true;
        throw again;
      }
    }
  }

  #retried = false;
  /** Whether a read of this lease was sent again on a fresh connection (for tests and logs). */
  get retried() {
    return this.#retried;
  }

  release(): void {
    // pg-pool destroys a client released with an error; a transaction left open by a lost connection ends with it.
    this.client.release(this.#broken || this.#inTransaction ? new Error("connection discarded") : undefined);
  }
}

/** The pool Kysely uses: each lease wrapped so that a connection that broke is never handed out again. */
class DiscardingPool {
  constructor(private readonly pool: pg.Pool) {}
  async connect(): Promise<DiscardingClient> {
    return new DiscardingClient(await this.pool.connect(), this.pool);
  }
  end(): Promise<void> {
    return this.pool.end();
  }
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Every session works in UTC; display converts to Asia/Shanghai.
      // JIT compilation costs more than it saves on this application's short queries.
      options: "-c TimeZone=UTC -c jit=off",
    });
    // A dropped connection must not crash the process; the pool replaces it. An idle client's error reaches
    // the pool; a client's that is checked out (between two statements of a transaction) reaches only the
    // client, and an 'error' event nobody listens to would end the process — so every client gets a listener.
    // The call that was using it fails with the error; on release the pool discards the dead client.
    pool.on("error", (err) => console.error(JSON.stringify({ level: "error", msg: "pg pool error", err: err.message })));
    pool.on("connect", (client) => {
      client.on("error", (err) => console.error(JSON.stringify({ level: "error", msg: "pg connection lost", err: err.message })));
      // Statements marked `keepPrepared` go by name: parsed and planned once per connection.
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      client.query = ((text: unknown, ...rest: unknown[]) => {
        const name = preparedName(text);
        return name && Array.isArray(rest[0]) ? query({ name, text, values: rest[0] }, ...rest.slice(1)) : query(text, ...rest);
      }) as typeof client.query;
    });
    const db = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: new DiscardingPool(pool) as unknown as PostgresPool }),
      plugins: kyselyPlugins,
    });
    return { db, kind: "postgres", close: () => db.destroy() };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { durableOptions } = await import("./pglite-durable.server");
  const dataDir = options.dataDir ?? path.resolve(".data/pglite");
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) fs.mkdirSync(dataDir, { recursive: true });
  // One process per data directory (a second one is refused, a crashed one's lock taken over), and every
  // acknowledged commit on the disk (docs/decisions/041-embedded-durability.md).
  const lock = inMemory ? null : lockDataDir(dataDir);
  let client;
  try {
    client = await PGlite.create({
      ...(inMemory ? { dataDir } : durableOptions(dataDir)),
      extensions: { pg_trgm },
      parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => v, [DATE]: (v: string) => v },
    });
    await client.exec("set time zone 'UTC'");
  } catch (e) {
    lock?.release();
    throw e;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client), plugins: kyselyPlugins });
  return {
    db,
    kind: "pglite",
    close: async () => {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}
