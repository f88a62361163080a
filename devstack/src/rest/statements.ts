import { nodeSql, type Params } from './build-sql.ts';
import { ident, qident, type ReadNode } from './plan.ts';
import type { Column, Routine, Table } from './schema-cache.ts';

/**
 * The main statements PostgREST runs per request (its mainRead / mainWrite / mainCall): a CTE named
 * pgrst_source, then one row with the total count, the page count, the body as text (JSON built by
 * Postgres, never re-parsed in Node) and the response.headers / response.status GUCs.
 */

export type BodyMode = 'json' | 'json-stripped' | 'single' | 'single-stripped' | 'csv' | 'none';
export type RpcShape = 'rows' | 'scalar' | 'setof-scalar' | 'single-composite';

const GUCS =
  "nullif(current_setting('response.headers', true), '') AS response_headers, " +
  "nullif(current_setting('response.status', true), '') AS response_status";

function bodySql(mode: BodyMode, shape: RpcShape = 'rows'): string {
  if (mode === 'none') return "''::text";
  if (mode === 'csv') {
    return (
      "(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM " +
      '(SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a)' +
      " || '\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), '\n'), '')"
    );
  }
  const strip = mode === 'json-stripped' || mode === 'single-stripped';
  const s = (x: string) => (strip ? `json_strip_nulls(${x})` : x);
  const single = mode === 'single' || mode === 'single-stripped';
  if (shape === 'scalar') return `coalesce((${s('json_agg(_postgrest_t.pgrst_scalar)->0')})::text, 'null')`;
  if (shape === 'setof-scalar') {
    return single
      ? `coalesce((${s('json_agg(_postgrest_t.pgrst_scalar)->0')})::text, 'null')`
      : `coalesce(${s('json_agg(_postgrest_t.pgrst_scalar)')}, '[]')::text`;
  }
  if (single || shape === 'single-composite') return `coalesce((${s('json_agg(_postgrest_t)->0')})::text, 'null')`;
  return `coalesce(${s('json_agg(_postgrest_t)')}, '[]')::text`;
}

export interface ReadStatementOptions {
  count?: 'exact' | 'planned' | 'estimated';
  maxRows?: number;
  mode: BodyMode;
  /** For rpc: the call producing pgrst_source, and the result shape. */
  call?: { sql: string; shape: RpcShape };
}

/** GET/HEAD on a relation, or an rpc call. */
export function readStatement(p: Params, node: ReadNode, opts: ReadStatementOptions): string {
  const shape = opts.call?.shape ?? 'rows';
  const paged = shape === 'rows' || shape === 'setof-scalar';
  const main = nodeSql(p, node, { maxRows: paged ? opts.maxRows : undefined });
  let countCte = '';
  let total = 'null::bigint';
  if (opts.count === 'exact' || opts.count === 'estimated') {
    let countSql = opts.call
      ? `SELECT 1 FROM pgrst_source AS ${node.alias ? ident(node.alias) : 'pgrst_source'}`
      : nodeSql(p, node, { countOnly: true });
    if (opts.call && node.where.length) countSql = nodeSql(p, node, { countOnly: true });
    if (opts.count === 'estimated' && opts.maxRows !== undefined) countSql += ` LIMIT ${opts.maxRows + 1}`;
    countCte = `, pgrst_source_count AS (${countSql})`;
    total = '(SELECT pg_catalog.count(*) FROM pgrst_source_count)';
  }
  const pageTotal = shape === 'scalar' || shape === 'single-composite' ? '1' : 'pg_catalog.count(_postgrest_t)';
  const head = opts.call
    ? `WITH pgrst_source AS (${opts.call.sql})${countCte} `
    : `WITH pgrst_source AS ( ${main} )${countCte} `;
  const from = opts.call ? `FROM (${main}) _postgrest_t` : 'FROM ( SELECT * FROM pgrst_source ) _postgrest_t';
  return (
    `${head}SELECT ${total} AS total_result_set, ${pageTotal} AS page_total, ${bodySql(opts.mode, shape)} AS body, ` +
    `${GUCS}, NULL::bigint AS response_inserted ${from}`
  );
}

/** The count query alone (for `count=planned` via EXPLAIN). */
export function countOnlySql(p: Params, node: ReadNode, call?: string): string {
  if (call) return `WITH pgrst_source AS (${call}) ${nodeSql(p, node, { countOnly: true })}`;
  return nodeSql(p, node, { countOnly: true });
}

export function mutationStatement(
  p: Params,
  mutation: string,
  read: ReadNode | undefined,
  mode: BodyMode,
  countInserted: boolean,
): string {
  const from = read && mode !== 'none' ? `(${nodeSql(p, read)})` : '(SELECT * FROM pgrst_source)';
  const inserted = countInserted ? "nullif(current_setting('pgrst.inserted', true), '')::bigint" : 'NULL::bigint';
  return (
    `WITH pgrst_source AS (${mutation}) SELECT NULL::bigint AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, ` +
    `${bodySql(mode)} AS body, ${GUCS}, ${inserted} AS response_inserted FROM ${from} _postgrest_t`
  );
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * `FROM (SELECT $n AS json_data) pgrst_payload, [defaults,] LATERAL (SELECT cols FROM
 * json_to_record(set)(...) AS _(col type, ...)) pgrst_body` — Postgres converts the JSON payload
 * to the column types exactly as PostgREST relies on.
 */
export function jsonBodyFrom(
  p: Params,
  body: string,
  cols: { name: string; type: string; default?: string }[],
  isObject: boolean,
  applyDefaults: boolean,
): string {
  const json = applyDefaults ? 'jsonb' : 'json';
  let sql = ` FROM (SELECT ${p.add(body)}::${json} AS json_data) pgrst_payload, `;
  let source = 'pgrst_payload.json_data';
  if (applyDefaults) {
    const defs = cols.filter((c) => c.default !== undefined).flatMap((c) => [lit(c.name), c.default as string]);
    const obj = `jsonb_build_object(${defs.join(', ')})`;
    sql += isObject
      ? `LATERAL (SELECT ${obj} || pgrst_payload.json_data AS val) pgrst_json_defs, `
      : `LATERAL (SELECT jsonb_agg(${obj} || elem) AS val FROM jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `;
    source = 'pgrst_json_defs.val';
  }
  if (!cols.length) {
    const src = isObject ? '(values(1)) _' : `${json}_array_elements(${source}) _`;
    return `${sql}LATERAL (SELECT FROM ${src}) pgrst_body `;
  }
  const fn = `${json}_to_record${isObject ? '' : 'set'}`;
  const names = cols.map((c) => ident(c.name)).join(', ');
  const typed = cols.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  return `${sql}LATERAL (SELECT ${names} FROM ${fn}(${source}) AS _(${typed}) ) pgrst_body `;
}

const insertedPlus =
  "set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) + 1)::text, true) <> '0'";
const insertedMinus =
  "set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) - 1)::text, true) <> '-1'";

export function returningSql(table: Table, returning: string[] | '*' | undefined): string {
  if (returning === undefined || (Array.isArray(returning) && !returning.length)) return 'RETURNING 1';
  const q = qident(table.schema, table.name);
  if (returning === '*') return `RETURNING ${q}.*`;
  return `RETURNING ${returning.map((c) => `${q}.${ident(c)}`).join(', ')}`;
}

export interface InsertOptions {
  body: string;
  isObject: boolean;
  cols: Column[];
  applyDefaults: boolean;
  onConflict?: { cols: string[]; resolution: 'merge-duplicates' | 'ignore-duplicates' };
  /** PUT: conditions on pgrst_body (payload must match the URL's primary key). */
  putWhere?: string[];
  countInserted: boolean;
  returning: string;
}

export function insertSql(p: Params, table: Table, o: InsertOptions): string {
  const q = qident(table.schema, table.name);
  const names = o.cols.map((c) => ident(c.name));
  let sql = `INSERT INTO ${q}${names.length ? `(${names.join(', ')})` : ''} `;
  sql += `SELECT ${names.map((n) => `pgrst_body.${n}`).join(', ')}`;
  sql += jsonBodyFrom(p, o.body, o.cols, o.isObject, o.applyDefaults);
  const where = [...(o.countInserted ? [insertedPlus] : []), ...(o.putWhere ?? [])];
  if (where.length) sql += `WHERE ${where.join(' AND ')} `;
  if (o.onConflict?.cols.length) {
    sql += `ON CONFLICT(${o.onConflict.cols.map(ident).join(', ')}) `;
    if (o.onConflict.resolution === 'ignore-duplicates' || !names.length) sql += 'DO NOTHING ';
    else {
      sql += `DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')} `;
      if (o.countInserted) sql += `WHERE ${insertedMinus} `;
    }
  }
  return `${sql}${o.returning}`;
}

export function updateSql(
  p: Params,
  table: Table,
  body: string,
  isObject: boolean,
  cols: Column[],
  where: string[],
  returning: string,
): string {
  const q = qident(table.schema, table.name);
  if (!cols.length) {
    // Nothing to set: select no rows (keeps the representation's columns valid).
    const ret = returning.replace(/^RETURNING /, '');
    return `SELECT ${ret === '1' ? 'NULL' : ret} FROM ${q} WHERE false`;
  }
  const set = cols.map((c) => `${ident(c.name)} = pgrst_body.${ident(c.name)}`).join(', ');
  return `UPDATE ${q} SET ${set}${jsonBodyFrom(p, body, cols, isObject, false)}${where.length ? `WHERE ${where.join(' AND ')} ` : ''}${returning}`;
}

export function deleteSql(table: Table, where: string[], returning: string): string {
  const q = qident(table.schema, table.name);
  return `DELETE FROM ${q} ${where.length ? `WHERE ${where.join(' AND ')} ` : ''}${returning}`;
}

export type CallArgs =
  | { kind: 'none' }
  | { kind: 'single'; body: string; type: string }
  | { kind: 'json'; body: string; isObject: boolean; params: Routine['params'] }
  | { kind: 'direct'; values: [Routine['params'][number], string | string[]][] };

export function callSql(p: Params, r: Routine, args: CallArgs, shape: RpcShape): string {
  const fn = qident(r.schema, r.name);
  const scalar = shape === 'scalar' || shape === 'setof-scalar';
  const callIt = (argSql: string) =>
    scalar ? `(SELECT ${fn}(${argSql}) pgrst_scalar) pgrst_call` : `${fn}(${argSql}) pgrst_call`;
  const sel = `SELECT ${scalar ? 'pgrst_call.pgrst_scalar' : 'pgrst_call.*'} `;
  switch (args.kind) {
    case 'none':
      return `${sel}FROM ${callIt('')}`;
    case 'single':
      return `${sel}FROM ${callIt(`${p.add(args.body)}::${args.type}`)}`;
    case 'direct': {
      const list = args.values.map(([prm, v]) => {
        const value = Array.isArray(v) ? `${p.add(`{${v.join(',')}}`)}::${prm.type}` : `${p.add(v)}::${prm.type}`;
        return `${prm.variadic ? 'VARIADIC ' : ''}${ident(prm.name)} := ${value}`;
      });
      return `${sel}FROM ${callIt(list.join(', '))}`;
    }
    case 'json': {
      if (!args.params.length) return `${sel}FROM ${callIt('')}`;
      const from = jsonBodyFrom(p, args.body, args.params, args.isObject, false);
      const list = args.params.map(
        (prm) => `${prm.variadic ? 'VARIADIC ' : ''}${ident(prm.name)} := pgrst_body.${ident(prm.name)}`,
      );
      return `${sel}${from.trimEnd()}, LATERAL ${callIt(list.join(', '))}`;
    }
  }
}
