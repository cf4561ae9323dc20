import type pg from "pg";

/**
 * The migrated schema as text, read from PostgreSQL's catalog: extensions, enum types, sequences, tables
 * (columns, defaults, constraints, indexes, triggers), views and functions with their bodies. Every list
 * is sorted by name in the "C" collation and no OID, owner or server version is printed, so two databases
 * built by the same migrations give the same text. What the catalog holds and this does not print yet
 * (a policy, a domain, a partitioned table …) is refused, so the text never leaves something out quietly.
 * Rows are not printed: the migration bookkeeping tables appear by their definition only.
 */
export async function schemaSql(client: pg.Client): Promise<string> {
  // Names visible on the search path print unqualified; the same setting everywhere gives the same text.
  await client.query("set search_path = public");
  const q = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await client.query<R>(text, values)).rows;
  const out: string[] = [
    "-- The schema the migrations build, read from PostgreSQL's catalog by `npm run db:schema`;",
    "-- `npm run db:schema -- --verify` checks it. Generated: change a migration, never this file.",
  ];

  const unprinted = await q<{ what: string }>(`
    select format('%s %s', case c.relkind when 'p' then 'partitioned table' when 'I' then 'partitioned index'
             when 'f' then 'foreign table' else 'composite type' end, c.relname) as what
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('p', 'I', 'f', 'c')
    union all
    select format('type %s (%s)', t.typname, t.typtype) from pg_type t
     where t.typnamespace = 'public'::regnamespace and t.typtype in ('d', 'r', 'm')
       and not exists (select 1 from pg_depend d where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
    union all
    select format('policy %s on %s', p.polname, p.polrelid::regclass) from pg_policy p
    union all
    select format('rule %s on %s', r.rulename, r.ev_class::regclass) from pg_rewrite r join pg_class c on c.oid = r.ev_class
     where c.relnamespace = 'public'::regnamespace and r.rulename <> '_RETURN'
    union all
    select format('%s %s', case p.prokind when 'a' then 'aggregate' else 'window function' end, p.proname) from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.prokind in ('a', 'w')
       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    union all
    select format('event trigger %s', evtname) from pg_event_trigger
    union all
    select format('schema %s', nspname) from pg_namespace
     where nspname not in ('public', 'information_schema') and nspname not like 'pg\\_%'`);
  if (unprinted.length) throw new Error(`db/schema.sql cannot print yet: ${unprinted.map((r) => r.what).join(", ")}`);

  for (const e of await q<{ extname: string }>(
    `select extname from pg_extension where extname <> 'plpgsql' order by extname collate "C"`,
  )) {
    out.push("", `CREATE EXTENSION ${e.extname};`);
  }

  for (const t of await q<{ name: string; labels: string[] }>(`
    select t.typname as name, array_agg(e.enumlabel order by e.enumsortorder) as labels
      from pg_type t join pg_enum e on e.enumtypid = t.oid
     where t.typnamespace = 'public'::regnamespace group by t.typname order by t.typname collate "C"`)) {
    out.push("", `CREATE TYPE ${t.name} AS ENUM (${t.labels.map((l) => `'${l.replaceAll("'", "''")}'`).join(", ")});`);
  }

  for (const s of await q<{
    name: string;
    type: string;
    start: string;
    increment: string;
    min: string;
    max: string;
    cache: string;
    cycle: boolean;
    owned: string | null;
  }>(`
    select c.relname as name, format_type(s.seqtypid, null) as type, s.seqstart::text as start, s.seqincrement::text as increment,
           s.seqmin::text as min, s.seqmax::text as max, s.seqcache::text as cache, s.seqcycle as cycle,
           (select format('%s.%s', d.refobjid::regclass, a.attname) from pg_depend d
              join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
             where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')) as owned
      from pg_class c join pg_sequence s on s.seqrelid = c.oid
     where c.relnamespace = 'public'::regnamespace and c.relkind = 'S' order by c.relname collate "C"`)) {
    out.push(
      "",
      `CREATE SEQUENCE ${s.name} AS ${s.type} START ${s.start} INCREMENT ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? " CYCLE" : ""}${s.owned ? ` OWNED BY ${s.owned}` : ""};`,
    );
  }

  const tables = await q<{ oid: number; name: string; options: string[] | null; rls: boolean; comment: string | null }>(`
    select c.oid, c.relname as name, c.reloptions as options, c.relrowsecurity as rls, obj_description(c.oid, 'pg_class') as comment
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by c.relname collate "C"`);
  for (const t of tables) {
    const columns = await q<{
      name: string;
      type: string;
      notnull: boolean;
      def: string | null;
      identity: string;
      generated: string;
      collation: string | null;
      comment: string | null;
    }>(
      `
      select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
             pg_get_expr(d.adbin, d.adrelid) as def, a.attidentity as identity, a.attgenerated as generated,
             case when a.attcollation <> 0 and a.attcollation <> ty.typcollation then quote_ident(co.collname) end as collation,
             col_description(a.attrelid, a.attnum) as comment
        from pg_attribute a join pg_type ty on ty.oid = a.atttypid
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        left join pg_collation co on co.oid = a.attcollation
       where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [t.oid],
    );
    const constraints = await q<{ name: string; def: string }>(
      `select conname as name, pg_get_constraintdef(oid, true) as def from pg_constraint
        where conrelid = $1 and contype not in ('n', 't') order by conname collate "C"`,
      [t.oid],
    );
    const lines = columns.map((c) => {
      let line = `  ${c.name} ${c.type}`;
      if (c.collation) line += ` COLLATE ${c.collation}`;
      if (c.generated === "s") line += ` GENERATED ALWAYS AS (${c.def}) STORED`;
      else if (c.identity) line += ` GENERATED ${c.identity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
      else if (c.def != null) line += ` DEFAULT ${c.def}`;
      if (c.notnull) line += " NOT NULL";
      return line;
    });
    for (const c of constraints) lines.push(`  CONSTRAINT ${c.name} ${c.def}`);
    out.push("", `CREATE TABLE ${t.name} (`, lines.join(",\n"), ");");
    if (t.options?.length) out.push(`ALTER TABLE ${t.name} SET (${[...t.options].sort().join(", ")});`);
    if (t.rls) out.push(`ALTER TABLE ${t.name} ENABLE ROW LEVEL SECURITY;`);
    if (t.comment != null) out.push(`COMMENT ON TABLE ${t.name} IS ${literal(t.comment)};`);
    for (const c of columns) if (c.comment != null) out.push(`COMMENT ON COLUMN ${t.name}.${c.name} IS ${literal(c.comment)};`);
    out.push(...(await indexesOf(q, t.oid)), ...(await triggersOf(q, t.oid)));
  }

  for (const v of await q<{ oid: number; name: string; materialized: boolean; def: string }>(`
    select c.oid, c.relname as name, c.relkind = 'm' as materialized, pg_get_viewdef(c.oid, true) as def
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('v', 'm') order by c.relname collate "C"`)) {
    out.push("", `CREATE ${v.materialized ? "MATERIALIZED " : ""}VIEW ${v.name} AS`, v.def.trimEnd().replace(/;?$/, ";"));
    out.push(...(await indexesOf(q, v.oid)), ...(await triggersOf(q, v.oid)));
  }

  for (const f of await q<{ def: string }>(`
    select pg_get_functiondef(p.oid) as def from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.prokind in ('f', 'p')
       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
     order by p.proname collate "C", pg_get_function_identity_arguments(p.oid) collate "C"`)) {
    out.push("", `${f.def.trimEnd()};`);
  }

  return `${out.join("\n")}\n`;
}

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;

/** The relation's indexes, except those a primary key, unique or exclusion constraint made (printed with it). */
async function indexesOf(q: Query, oid: number): Promise<string[]> {
  const rows = await q<{ def: string }>(
    `select pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = $1
        and not exists (select 1 from pg_constraint k where k.conrelid = i.indrelid and k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
      order by c.relname collate "C"`,
    [oid],
  );
  return rows.map((r) => `${r.def};`);
}

async function triggersOf(q: Query, oid: number): Promise<string[]> {
  const rows = await q<{ def: string }>(
    `select pg_get_triggerdef(oid, true) as def from pg_trigger where tgrelid = $1 and not tgisinternal order by tgname collate "C"`,
    [oid],
  );
  return rows.map((r) => `${r.def};`);
}

function literal(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
