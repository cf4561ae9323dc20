import { CompiledQuery, type Kysely } from "kysely";
import type { DB } from "#db/schema";

/** PostgreSQL's limit of bind parameters per statement. */
const MAX_PARAMETERS = 65_535;
const texts = new Map<string, string>();

/** Time spent per statement kind (GEN_PROFILE=1 prints it at the end of a run). */
export const statementTimes = new Map<string, { ms: number; rows: number; statements: number }>();
async function timed(key: string, rows: number, f: () => Promise<unknown>): Promise<void> {
  if (!process.env.GEN_PROFILE) {
    await f();
    return;
  }
  const t0 = performance.now();
  await f();
  const e = statementTimes.get(key) ?? { ms: 0, rows: 0, statements: 0 };
  e.ms += performance.now() - t0;
  e.rows += rows;
  e.statements += 1;
  statementTimes.set(key, e);
}

function valuesText(table: string, columns: readonly string[], rows: number, casts?: readonly (string | null)[]): string {
  const key = `${table}|${columns.join(",")}|${rows}|${casts?.join(",") ?? ""}`;
  let text = texts.get(key);
  if (!text) {
    const tuples: string[] = [];
    let p = 1;
    for (let r = 0; r < rows; r++) {
      const cells: string[] = [];
      for (let c = 0; c < columns.length; c++) cells.push(casts?.[c] ? `$${p++}::${casts[c]}` : `$${p++}`);
      tuples.push(`(${cells.join(",")})`);
    }
    text = `insert into ${table} (${columns.join(", ")}) values ${tuples.join(",")}`;
    texts.set(key, text);
  }
  return text;
}

/**
 * Multi-row INSERTs of at most `maxRows` rows each (and never above the parameter limit), sent as plain
 * parameterised SQL: the query builder's per-value objects cost more than the database's work at this
 * scale. Columns are snake_case names; values as the pg / PGlite drivers take them (Date, string[] for
 * arrays, JSON text for jsonb).
 */
export async function insertRows(
  db: Kysely<DB>,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  maxRows = 1000,
): Promise<void> {
  const per = Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const r of chunk) for (const v of r) params.push(v);
    await timed(table, chunk.length, () => db.executeQuery(CompiledQuery.raw(valuesText(table, columns, chunk.length), params)));
  }
}

/**
 * `update <table> set <col> = v.<col>, … from (values …) v where <table>.id = v.id`, in chunks. The first
 * column is the id; `casts` are the SQL types of the columns (a VALUES list outside an INSERT has no
 * target columns to take its types from).
 */
export async function updateRows(
  db: Kysely<DB>,
  table: string,
  columns: readonly string[],
  casts: readonly string[],
  rows: readonly (readonly unknown[])[],
  maxRows = 1000,
): Promise<void> {
  const per = Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const r of chunk) for (const v of r) params.push(v);
    const key = `update|${table}|${columns.join(",")}|${chunk.length}`;
    let text = texts.get(key);
    if (!text) {
      const tuples: string[] = [];
      let p = 1;
      for (let r = 0; r < chunk.length; r++) tuples.push(`(${columns.map((_, c) => `$${p++}::${casts[c]}`).join(",")})`);
      const sets = columns
        .slice(1)
        .map((c) => `${c} = v.${c}`)
        .join(", ");
      text = `update ${table} as t set ${sets} from (values ${tuples.join(",")}) as v(${columns.join(", ")}) where t.${columns[0]} = v.${columns[0]}`;
      texts.set(key, text);
    }
    await timed(`update ${table}`, chunk.length, () => db.executeQuery(CompiledQuery.raw(text!, params)));
  }
}

export type Columns = readonly (readonly [name: string, type: string])[];

const QUOTED = /[\\"]/g;
const BARE = new Set(["uuid", "integer", "bigint", "smallint", "boolean", "date"]);

/**
 * Column `c` of `rows` as the text of a PostgreSQL array literal: what the drivers would make of a JS
 * array, built in one pass (the drivers' generic escaping of every element costs more than the
 * database's work here). Instants (Date or epoch milliseconds) go as ISO strings, exact to the ms.
 */
function arrayLiteral(rows: readonly (readonly unknown[])[], from: number, to: number, c: number, type: string): string {
  const parts: string[] = [];
  const bare = BARE.has(type);
  const instant = type === "timestamptz";
  for (let i = from; i < to; i++) {
    const v = rows[i]![c];
    let out: string;
    if (v === null || v === undefined) out = "NULL";
    else if (instant) out = (v instanceof Date ? v : new Date(v as number)).toISOString();
    else if (bare) out = String(v);
    else out = `"${String(v).replace(QUOTED, "\\$&")}"`;
    parts.push(out);
  }
  return `{${parts.join(",")}}`;
}

/** A statement ready to send: its parameters are built ahead, while the previous batch is being written. */
export interface Prepared {
  label: string;
  rows: number;
  text: string;
  params: unknown[];
}

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `insert into <table> (<columns>) select * from unnest($1::<type>[], …)`: one array parameter per
 * column, so a statement stays small however many rows it carries (a VALUES list of 1,000 rows has
 * 10,000+ parameters to parse and plan). Rows keep the order of `rows`. Yields between statements.
 */
export async function prepareInsert(
  table: string,
  columns: Columns,
  rows: readonly (readonly unknown[])[],
  maxRows = 5000,
): Promise<Prepared[]> {
  const text = `insert into ${table} (${columns.map((c) => c[0]).join(", ")}) select * from unnest(${columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ")})`;
  const out: Prepared[] = [];
  for (let i = 0; i < rows.length; i += maxRows) {
    const to = Math.min(rows.length, i + maxRows);
    out.push({ label: table, rows: to - i, text, params: columns.map((col, c) => arrayLiteral(rows, i, to, c, col[1])) });
    await yieldNow();
  }
  return out;
}

/**
 * `update <table> set <col> = v.<col>, … from unnest(…) v where <table>.<first column> = v.<first column>`,
 * one array parameter per column, in chunks.
 */
export async function prepareUpdate(
  table: string,
  columns: Columns,
  rows: readonly (readonly unknown[])[],
  maxRows = 5000,
): Promise<Prepared[]> {
  const names = columns.map((c) => c[0]);
  const sets = names
    .slice(1)
    .map((c) => `${c} = v.${c}`)
    .join(", ");
  const text = `update ${table} as t set ${sets} from unnest(${columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ")}) as v(${names.join(", ")}) where t.${names[0]} = v.${names[0]}`;
  const out: Prepared[] = [];
  for (let i = 0; i < rows.length; i += maxRows) {
    const to = Math.min(rows.length, i + maxRows);
    out.push({ label: `update ${table}`, rows: to - i, text, params: columns.map((col, c) => arrayLiteral(rows, i, to, c, col[1])) });
    await yieldNow();
  }
  return out;
}

/** Sends prepared statements one after the other on the caller's connection (a transaction's). */
export async function runPrepared(db: Kysely<DB>, statements: readonly Prepared[]): Promise<void> {
  for (const st of statements) await timed(st.label, st.rows, () => db.executeQuery(CompiledQuery.raw(st.text, st.params)));
}

/** Prepares and runs at once, for the small phases. */
export async function insertColumns(
  db: Kysely<DB>,
  table: string,
  columns: Columns,
  rows: readonly (readonly unknown[])[],
  maxRows = 5000,
): Promise<void> {
  await runPrepared(db, await prepareInsert(table, columns, rows, maxRows));
}
