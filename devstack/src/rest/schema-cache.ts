import type postgres from 'postgres';

/**
 * PostgREST's schema cache: relations, columns, keys, relationships and functions of the exposed
 * schemas, loaded by introspection (one round trip) and reloaded on `NOTIFY pgrst, 'reload schema'`.
 */

export interface Column {
  name: string;
  /** format_type() of the column, used in json_to_recordset() column lists. */
  type: string;
  /** Base type name (domains resolved), e.g. 'tsvector', 'jsonb'. */
  baseType: string;
  nullable: boolean;
  /** Default expression (pg_get_expr), undefined when none. */
  default?: string;
  generated: boolean;
}

export interface Table {
  oid: number;
  schema: string;
  name: string;
  isView: boolean;
  columns: Map<string, Column>;
  pk: string[];
  /** Column sets of PK and unique constraints (for one-to-one detection). */
  uniques: string[][];
  insertable: boolean;
}

export type Cardinality = 'm2o' | 'o2m' | 'o2o' | 'm2m';

export interface Junction {
  table: Table;
  constraint1: string;
  constraint2: string;
  /** [junction column, source column] */
  sourceCols: [string, string][];
  /** [junction column, target column] */
  targetCols: [string, string][];
}

export interface Relationship {
  from: Table;
  to: Table;
  cardinality: Cardinality;
  constraint: string;
  /** [column of `from`, column of `to`] */
  cols: [string, string][];
  junction?: Junction;
  isSelf: boolean;
  toIsView: boolean;
}

export interface RoutineParam {
  name: string;
  type: string;
  required: boolean;
  variadic: boolean;
}

export interface Routine {
  schema: string;
  name: string;
  params: RoutineParam[];
  returnType: string;
  returnsSet: boolean;
  /** The return type is composite (a table type, a composite type, or OUT/TABLE params). */
  returnsComposite: boolean;
  returnsVoid: boolean;
  /** The table a composite return type belongs to (enables embedding on rpc results). */
  returnTable?: Table;
  volatility: 'i' | 's' | 'v';
  settings: [string, string][];
}

export interface SchemaCache {
  tables: Map<string, Table>;
  /** Relationships by `schema.table` of their origin. */
  relationships: Map<string, Relationship[]>;
  routines: Map<string, Routine[]>;
  /** Per-role settings from pg_db_role_setting (user-settable ones only). */
  roleSettings: Map<string, [string, string][]>;
}

export const qualified = (schema: string, name: string) => `${schema}.${name}`;

const INTROSPECT = `
with
tabs as (
  select c.oid, n.nspname as schema, c.relname as name, c.relkind in ('v','m') as is_view,
         c.relkind in ('r','p') or (c.relkind = 'v' and pg_relation_is_updatable(c.oid, true) & 8 = 8) as insertable
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r','v','m','f','p') and n.nspname = any($1::text[]) and not c.relispartition
),
cols as (
  select a.attrelid as oid, json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'base', coalesce(bt.typname, t.typname),
      'nullable', not a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'generated', a.attgenerated <> '' or a.attidentity = 'a'
    ) order by a.attnum) as cols
  from pg_attribute a
  join tabs on tabs.oid = a.attrelid
  join pg_type t on t.oid = a.atttypid
  left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  where a.attnum > 0 and not a.attisdropped
  group by a.attrelid
),
keys as (
  select con.conrelid as oid, con.contype,
         array(select a.attname from unnest(con.conkey) with ordinality k(n, o)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o) as cols
  from pg_constraint con join tabs on tabs.oid = con.conrelid
  where con.contype in ('p','u')
),
fks as (
  select con.conname as name, con.conrelid as from_oid, con.confrelid as to_oid,
         array(select a.attname from unnest(con.conkey) with ordinality k(n, o)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o) as cols,
         array(select a.attname from unnest(con.confkey) with ordinality k(n, o)
               join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o) as fcols
  from pg_constraint con
  where con.contype = 'f' and con.conrelid in (select oid from tabs) and con.confrelid in (select oid from tabs)
),
viewdeps as (
  select distinct v.oid as view_oid, d.refobjid as table_oid, a.attname as col
  from tabs v
  join pg_rewrite r on r.ev_class = v.oid
  join pg_depend d on d.objid = r.oid and d.classid = 'pg_rewrite'::regclass
       and d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0 and d.refobjid <> v.oid
  join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
  where v.is_view
),
procs as (
  select p.oid, n.nspname as schema, p.proname as name, p.provolatile as volatility, p.proretset as retset,
         format_type(p.prorettype, null) as rettype, p.prorettype = 'void'::regtype as retvoid,
         (rt.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as retcomposite,
         rt.typrelid as retrelid,
         coalesce(p.proconfig, '{}') as config,
         coalesce((
           select json_agg(json_build_object(
                    'name', coalesce(x.name, ''),
                    'type', format_type(x.type, null),
                    'mode', coalesce(x.mode, 'i')) order by x.idx)
           from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                       coalesce(p.proargnames, array_fill(''::text, array[coalesce(array_length(p.proallargtypes, 1), p.pronargs)])),
                       coalesce(p.proargmodes::text[], array_fill('i'::text, array[p.pronargs])))
                with ordinality as x(type, name, mode, idx)
         ), '[]') as args,
         p.pronargs, p.pronargdefaults
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_type rt on rt.oid = p.prorettype
  where n.nspname = any($1::text[]) and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
),
rolesettings as (
  select r.rolname as role, json_agg(json_build_array(split_part(s.cfg, '=', 1), substr(s.cfg, strpos(s.cfg, '=') + 1))) as settings
  from pg_db_role_setting rs
  join pg_roles r on r.oid = rs.setrole
  cross join lateral unnest(rs.setconfig) as s(cfg)
  join pg_settings ps on ps.name = split_part(s.cfg, '=', 1) and ps.context = 'user'
  where rs.setdatabase in (0, (select oid from pg_database where datname = current_database()))
  group by r.rolname
)
select json_build_object(
  'tables', (select coalesce(json_agg(json_build_object(
      'oid', t.oid, 'schema', t.schema, 'name', t.name, 'isView', t.is_view, 'insertable', t.insertable,
      'cols', coalesce(c.cols, '[]'),
      'pk', (select k.cols from keys k where k.oid = t.oid and k.contype = 'p' limit 1),
      'uniques', (select coalesce(json_agg(k.cols), '[]') from keys k where k.oid = t.oid)
    )), '[]') from tabs t left join cols c on c.oid = t.oid),
  'fks', (select coalesce(json_agg(fks), '[]') from fks),
  'viewdeps', (select coalesce(json_agg(viewdeps), '[]') from viewdeps),
  'procs', (select coalesce(json_agg(procs), '[]') from procs),
  'roles', (select coalesce(json_agg(rolesettings), '[]') from rolesettings)
)::text as doc
`;

interface RawTable {
  oid: number;
  schema: string;
  name: string;
  isView: boolean;
  insertable: boolean;
  cols: { name: string; type: string; base: string; nullable: boolean; default: string | null; generated: boolean }[];
  pk: string[] | null;
  uniques: string[][];
}
interface RawFk {
  name: string;
  from_oid: number;
  to_oid: number;
  cols: string[];
  fcols: string[];
}
interface RawProc {
  oid: number;
  schema: string;
  name: string;
  volatility: 'i' | 's' | 'v';
  retset: boolean;
  rettype: string;
  retvoid: boolean;
  retcomposite: boolean;
  retrelid: number;
  config: string[];
  args: { name: string; type: string; mode: string }[];
  pronargs: number;
  pronargdefaults: number;
}

export async function loadSchemaCache(sql: postgres.Sql, schemas: string[]): Promise<SchemaCache> {
  // An empty search_path makes format_type() schema-qualify every type outside pg_catalog
  // (`public.workspace_role`), so casts stay valid when a function's own `set search_path = ''`
  // is applied to the request transaction.
  const [{ doc }] = await sql.begin(async (tx) => {
    await tx.unsafe(`set local search_path to ''`);
    return tx.unsafe<{ doc: string }[]>(INTROSPECT, [schemas]);
  });
  const raw = JSON.parse(doc) as {
    tables: RawTable[];
    fks: RawFk[];
    viewdeps: { view_oid: number; table_oid: number; col: string }[];
    procs: RawProc[];
    roles: { role: string; settings: [string, string][] }[];
  };
  return buildCache(raw);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function buildCache(raw: {
  tables: RawTable[];
  fks: RawFk[];
  viewdeps: { view_oid: number; table_oid: number; col: string }[];
  procs: RawProc[];
  roles: { role: string; settings: [string, string][] }[];
}): SchemaCache {
  const byOid = new Map<number, Table>();
  const tables = new Map<string, Table>();
  for (const t of raw.tables) {
    const columns = new Map<string, Column>();
    for (const c of t.cols) {
      columns.set(c.name, {
        name: c.name,
        type: c.type,
        baseType: c.base,
        nullable: c.nullable,
        default: c.default ?? undefined,
        generated: c.generated,
      });
    }
    const table: Table = {
      oid: t.oid,
      schema: t.schema,
      name: t.name,
      isView: t.isView,
      columns,
      pk: t.pk ?? [],
      uniques: t.uniques ?? [],
      insertable: t.insertable,
    };
    byOid.set(t.oid, table);
    tables.set(qualified(t.schema, t.name), table);
  }

  // Foreign keys between tables, plus the same keys seen through views that expose the key columns
  // under their own names (a cheap form of PostgREST's view dependency analysis).
  interface Fk {
    name: string;
    from: Table;
    to: Table;
    cols: string[];
    fcols: string[];
  }
  const fks: Fk[] = [];
  for (const f of raw.fks) {
    const from = byOid.get(f.from_oid);
    const to = byOid.get(f.to_oid);
    if (from && to) fks.push({ name: f.name, from, to, cols: f.cols, fcols: f.fcols });
  }
  const viewCols = new Map<number, Map<number, Set<string>>>();
  for (const d of raw.viewdeps) {
    const m = viewCols.get(d.view_oid) ?? new Map<number, Set<string>>();
    viewCols.set(d.view_oid, m);
    const s = m.get(d.table_oid) ?? new Set<string>();
    m.set(d.table_oid, s);
    s.add(d.col);
  }
  /** Views exposing all of `cols` of table `t` under the same names. */
  const viewsOf = (t: Table, cols: string[]): Table[] => {
    const out: Table[] = [];
    for (const [viewOid, m] of viewCols) {
      const used = m.get(t.oid);
      const view = byOid.get(viewOid);
      if (!used || !view) continue;
      if (cols.every((c) => used.has(c) && view.columns.has(c))) out.push(view);
    }
    return out;
  };
  // Views inherit the primary key of their base table when they expose it.
  for (const [viewOid, m] of viewCols) {
    const view = byOid.get(viewOid);
    if (!view || view.pk.length || m.size !== 1) continue;
    const [baseOid] = m.keys();
    const base = byOid.get(baseOid);
    if (base?.pk.length && base.pk.every((c) => m.get(baseOid)?.has(c) && view.columns.has(c))) {
      view.pk = [...base.pk];
      view.uniques = [[...base.pk]];
    }
  }
  const viewFks: Fk[] = [];
  for (const fk of fks) {
    const fromViews = viewsOf(fk.from, fk.cols);
    const toViews = viewsOf(fk.to, fk.fcols);
    for (const v of fromViews) viewFks.push({ ...fk, from: v });
    for (const v of toViews) viewFks.push({ ...fk, to: v });
    for (const a of fromViews) for (const b of toViews) viewFks.push({ ...fk, from: a, to: b });
  }
  const allFks = [...fks, ...viewFks];

  const relationships = new Map<string, Relationship[]>();
  const add = (r: Relationship) => {
    const k = qualified(r.from.schema, r.from.name);
    const l = relationships.get(k) ?? [];
    relationships.set(k, l);
    l.push(r);
  };
  const m2o: Relationship[] = [];
  for (const fk of allFks) {
    const isSelf = fk.from === fk.to;
    const oneToOne = fk.from.uniques.some((u) => sameSet(u, fk.cols));
    const pairs = fk.cols.map((c, i) => [c, fk.fcols[i]] as [string, string]);
    const forward: Relationship = {
      from: fk.from,
      to: fk.to,
      cardinality: oneToOne ? 'o2o' : 'm2o',
      constraint: fk.name,
      cols: pairs,
      isSelf,
      toIsView: fk.to.isView,
    };
    add(forward);
    if (!oneToOne) m2o.push(forward);
    add({
      from: fk.to,
      to: fk.from,
      cardinality: oneToOne ? 'o2o' : 'o2m',
      constraint: fk.name,
      cols: pairs.map(([a, b]) => [b, a]),
      isSelf,
      toIsView: fk.from.isView,
    });
  }
  // Many-to-many through a junction whose two foreign keys are part of its primary key.
  for (const a of m2o) {
    for (const b of m2o) {
      if (a.from !== b.from || a.constraint === b.constraint) continue;
      const junction = a.from;
      const jcols = [...a.cols.map(([c]) => c), ...b.cols.map(([c]) => c)];
      if (!junction.pk.length || !jcols.every((c) => junction.pk.includes(c))) continue;
      add({
        from: a.to,
        to: b.to,
        cardinality: 'm2m',
        constraint: a.constraint,
        cols: [],
        junction: {
          table: junction,
          constraint1: a.constraint,
          constraint2: b.constraint,
          sourceCols: a.cols,
          targetCols: b.cols,
        },
        isSelf: a.to === b.to,
        toIsView: b.to.isView,
      });
    }
  }

  const routines = new Map<string, Routine[]>();
  for (const p of raw.procs) {
    const inputs = p.args.filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v');
    // Functions with unnamed parameters are only callable with a single unnamed json/jsonb/text... body.
    const unnamed = inputs.filter((a) => a.name === '').length;
    if (unnamed > 1 || (unnamed === 1 && inputs.length > 1)) continue;
    const requiredCount = p.pronargs - p.pronargdefaults;
    const routine: Routine = {
      schema: p.schema,
      name: p.name,
      params: inputs.map((a, i) => ({
        name: a.name,
        type: a.type,
        required: i < requiredCount,
        variadic: a.mode === 'v',
      })),
      returnType: p.rettype,
      returnsSet: p.retset,
      returnsComposite: p.retcomposite,
      returnsVoid: p.retvoid,
      returnTable: p.retrelid ? byOid.get(p.retrelid) : undefined,
      volatility: p.volatility,
      settings: p.config.map((c) => {
        const i = c.indexOf('=');
        return [c.slice(0, i), c.slice(i + 1)] as [string, string];
      }),
    };
    const k = qualified(p.schema, p.name);
    const l = routines.get(k) ?? [];
    routines.set(k, l);
    l.push(routine);
  }
  const roleSettings = new Map<string, [string, string][]>();
  for (const r of raw.roles) roleSettings.set(r.role, r.settings);
  return { tables, relationships, routines, roleSettings };
}
