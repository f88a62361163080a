import type { IncomingMessage, ServerResponse } from 'node:http';
import type postgres from 'postgres';
import type { ServiceContext } from '../context.ts';
import { Params, whereConds } from './build-sql.ts';
import {
  closest,
  columnNotFound,
  invalidBody,
  maxAffectedError,
  pgrstError,
  singularityError,
  tableNotFound,
  undefinedColumn,
} from './errors.ts';
import { type MainRow, runTransaction, type Statement, type TxPlan } from './execute.ts';
import { parseQuery, type QueryParams } from './parse-query.ts';
import { ident, type PlanContext, planRead, qident, type ReadNode, type RootSpec, tableSuggestion } from './plan.ts';
import { appliedHeader, type Preferences } from './prefer.ts';
import { type Auth, headersJson, type Media, parseCookies } from './request.ts';
import { type Column, qualified, type Routine, type SchemaCache, type Table } from './schema-cache.ts';
import {
  type BodyMode,
  type CallArgs,
  callSql,
  countOnlySql,
  deleteSql,
  insertSql,
  mutationStatement,
  type RpcShape,
  readStatement,
  returningSql,
  updateSql,
} from './statements.ts';

export interface RestRequest {
  ctx: ServiceContext;
  cache: SchemaCache;
  pool: postgres.Sql;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  schema: string;
  negotiated: boolean;
  auth: Auth;
  media: Media;
  prefer: Preferences;
  pairs: [string, string][];
  /** The raw query string (`?a=b` or ''), a cache key for parsed reads. */
  search: string;
  body: Buffer | undefined;
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Transaction setup: PostgREST's txVarQuery

const searchPaths = new Map<string, string>();
/** The setup SQL only depends on how many role/function settings and whether a timezone is set. */
const setupSqls = new Map<string, string>();

function setupSql(nRole: number, tz: boolean, nFunc: number): string {
  const key = `${nRole}/${tz ? 1 : 0}/${nFunc}`;
  let sql = setupSqls.get(key);
  if (sql) return sql;
  let i = 0;
  const $ = () => `$${++i}`;
  const calls: string[] = [];
  calls.push(`set_config('search_path', ${$()}, true)`);
  for (let k = 0; k < nRole; k++) calls.push(`set_config(${$()}, ${$()}, true)`);
  calls.push(`set_config('role', ${$()}, true)`);
  calls.push(`set_config('request.jwt.claims', ${$()}, true)`);
  calls.push(`set_config('request.method', ${$()}, true)`);
  calls.push(`set_config('request.path', ${$()}, true)`);
  calls.push(`set_config('request.headers', ${$()}, true)`);
  calls.push(`set_config('request.cookies', ${$()}, true)`);
  if (tz) calls.push(`set_config('timezone', ${$()}, true)`);
  for (let k = 0; k < nFunc; k++) calls.push(`set_config(${$()}, ${$()}, true)`);
  sql = `select ${calls.join(', ')}`;
  setupSqls.set(key, sql);
  return sql;
}

function setupStatement(r: RestRequest, funcSettings: [string, string][] = []): Statement {
  let searchPath = searchPaths.get(r.schema);
  if (searchPath === undefined) {
    searchPath = [r.schema, ...r.ctx.config.api.extraSearchPath].map(ident).join(', ');
    searchPaths.set(r.schema, searchPath);
  }
  const params: (string | null)[] = [searchPath];
  const roleSettings = r.cache.roleSettings.get(r.auth.role) ?? [];
  for (const [k, v] of roleSettings) params.push(k, v);
  const cookie = r.req.headers.cookie;
  params.push(
    r.auth.role,
    r.auth.claimsJson,
    r.method,
    r.path,
    headersJson(r.req),
    cookie ? JSON.stringify(parseCookies(cookie)) : '{}',
  );
  if (r.prefer.timezone) params.push(r.prefer.timezone);
  for (const [k, v] of funcSettings) params.push(k, v);
  return { sql: setupSql(roleSettings.length, !!r.prefer.timezone, funcSettings.length), params };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function findTable(r: RestRequest): Table {
  const t = r.cache.tables.get(qualified(r.schema, r.name));
  if (!t) throw tableNotFound(r.schema, r.name, tableSuggestion(r.cache, r.schema, r.name));
  return t;
}

function planCtx(r: RestRequest): PlanContext {
  return { cache: r.cache, schema: r.schema, aliases: new Set() };
}

function contentRange(lower: number, upper: number, total: number | undefined): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
  return `${range}/${total === undefined ? '*' : total}`;
}

/** Top-level range: limit/offset params intersected with a `Range: a-b` header (GET only). */
function topRange(r: RestRequest, q: QueryParams): void {
  const h = r.req.headers.range;
  if (r.method !== 'GET' && r.method !== 'HEAD') return;
  const m = typeof h === 'string' ? /^(\d+)-(\d*)$/.exec(h.trim()) : null;
  if (!m) return;
  const hLower = Number(m[1]);
  const hUpper = m[2] === '' ? undefined : Number(m[2]);
  const cur = q.ranges.get('') ?? { offset: 0 };
  const lower = Math.max(hLower, cur.offset);
  const uppers = [hUpper, cur.limit === undefined ? undefined : cur.offset + cur.limit - 1].filter(
    (x): x is number => x !== undefined,
  );
  const upper = uppers.length ? Math.min(...uppers) : undefined;
  q.ranges.set('', { offset: lower, limit: upper === undefined ? undefined : Math.max(0, upper - lower + 1) });
}

function countTotal(
  pref: Preferences['count'],
  row: MainRow | undefined,
  explainRows: number | undefined,
  maxRows: number,
) {
  if (!pref || !row) return undefined;
  const exact = row.total_result_set === null ? undefined : Number(row.total_result_set);
  if (pref === 'planned') return explainRows;
  if (pref === 'estimated' && exact !== undefined && exact > maxRows) {
    return Math.max(exact, explainRows ?? 0);
  }
  return exact;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** response.status / response.headers GUCs override PostgREST's status and headers. */
function applyGucs(row: MainRow | undefined, reply: Reply): Reply {
  if (!row || (row.response_status === null && row.response_headers === null)) return reply;
  let status = reply.status;
  if (row.response_status !== null) {
    const n = Number(row.response_status);
    if (!/^\d+$/.test(row.response_status.trim()) || n < 100 || n > 999) {
      throw pgrstError(500, 'PGRST112', 'response.status guc must be a valid status code');
    }
    status = n;
  }
  const headers = { ...reply.headers };
  if (row.response_headers !== null) {
    const bad = () =>
      pgrstError(
        500,
        'PGRST111',
        'response.headers guc must be a JSON array composed of objects with a single key and a string value',
      );
    let arr: unknown;
    try {
      arr = JSON.parse(row.response_headers);
    } catch {
      throw bad();
    }
    if (!Array.isArray(arr)) throw bad();
    for (const o of arr) {
      if (!o || typeof o !== 'object' || Array.isArray(o)) throw bad();
      const entries = Object.entries(o as Record<string, unknown>);
      if (entries.length !== 1 || typeof entries[0][1] !== 'string') throw bad();
      headers[entries[0][0].toLowerCase()] = entries[0][1] as string;
    }
  }
  return { status, headers, body: reply.body };
}

function send(r: RestRequest, reply: Reply): void {
  const headers = reply.headers;
  if (r.method === 'HEAD' || reply.body === undefined) {
    r.res.writeHead(reply.status, headers);
    r.res.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(reply.body));
  r.res.writeHead(reply.status, headers);
  r.res.end(reply.body);
}

function contentTypeHeaders(r: RestRequest): Record<string, string> {
  const h: Record<string, string> = { 'content-type': r.media.contentType };
  if (r.negotiated) h['content-profile'] = r.schema;
  return h;
}

function withPrefApplied(r: RestRequest, h: Record<string, string>, kinds: (keyof Preferences)[]) {
  const v = appliedHeader(r.prefer, new Set(kinds));
  if (v) h['preference-applied'] = v;
  return h;
}

function rangeReply(
  offset: number,
  pageTotal: number,
  total: number | undefined,
  body: string | Buffer | undefined,
): { status: number; range: string; body: string | Buffer | undefined } {
  const upper = offset + pageTotal - 1;
  const range = contentRange(offset, upper, total);
  if (total !== undefined && offset > total) {
    return {
      status: 416,
      range,
      body: JSON.stringify({
        code: 'PGRST103',
        details: `An offset of ${offset} was requested, but there are only ${total} rows.`,
        hint: null,
        message: 'Requested range not satisfiable',
      }),
    };
  }
  const status = total !== undefined && 1 + upper - offset < total ? 206 : 200;
  return { status, range, body };
}

function explainStatement(r: RestRequest, node: ReadNode, call?: (p: Params) => string): Statement | undefined {
  if (r.prefer.count !== 'planned' && r.prefer.count !== 'estimated') return undefined;
  const p = new Params();
  const sql = countOnlySql(p, node, call ? call(p) : undefined);
  return { sql: `EXPLAIN (FORMAT JSON) ${sql}`, params: p.values };
}

// ---------------------------------------------------------------------------------------------
// GET / HEAD on a table or view

/** What a GET/HEAD request's SQL depends on besides the schema cache: its URL shape and options. */
interface ReadShape {
  node: ReadNode;
  sql: string;
  params: (string | null)[];
  offset: number;
  contentLocation: string;
}

/**
 * Parsed, planned and built reads, per schema-cache version (a reload makes a new SchemaCache
 * object, so stale plans are dropped with it). Auth never enters the SQL: role, claims and RLS
 * are applied by Postgres from the setup statement, so the same text/params serve every user.
 */
const readShapes = new WeakMap<SchemaCache, Map<string, ReadShape>>();
const READ_SHAPES_MAX = 500;

function readShape(r: RestRequest): ReadShape {
  const mode: BodyMode = r.method === 'HEAD' ? 'none' : r.media.mode;
  const range = r.req.headers.range;
  const key = `${r.method}\0${r.schema}\0${r.name}\0${mode}\0${r.prefer.count ?? ''}\0${range ?? ''}\0${r.search}`;
  let shapes = readShapes.get(r.cache);
  const hit = shapes?.get(key);
  if (hit) return hit;
  const table = findTable(r);
  const q = parseQuery(r.pairs, false);
  topRange(r, q);
  const root: RootSpec = {
    table,
    relName: table.name,
    from: qident(table.schema, table.name),
    qualifier: qident(table.schema, table.name),
    msgQualifier: table.name,
  };
  const node = planRead(planCtx(r), root, q, { applyRanges: true });
  const p = new Params();
  const sql = readStatement(p, node, { count: r.prefer.count, maxRows: r.ctx.config.api.maxRows, mode });
  const shape: ReadShape = {
    node,
    sql,
    params: p.values,
    offset: q.ranges.get('')?.offset ?? 0,
    contentLocation: `/${r.name}${q.canonical ? `?${q.canonical}` : ''}`,
  };
  if (!shapes) {
    shapes = new Map();
    readShapes.set(r.cache, shapes);
  }
  if (shapes.size >= READ_SHAPES_MAX) shapes.delete(shapes.keys().next().value as string);
  shapes.set(key, shape);
  return shape;
}

export async function handleRead(r: RestRequest): Promise<void> {
  const shape = readShape(r);
  const maxRows = r.ctx.config.api.maxRows;
  const plan: TxPlan = {
    readOnly: true,
    setup: setupStatement(r),
    main: { sql: shape.sql, params: shape.params },
    explain: explainStatement(r, shape.node),
  };
  const { row, explainRows } = await runTransaction(r.pool, plan);
  const pageTotal = Number(row?.page_total ?? 0);
  if (isSingle(r.media) && pageTotal !== 1) throw singularityError(pageTotal);
  const total = countTotal(r.prefer.count, row, explainRows, maxRows);
  const rr = rangeReply(shape.offset, pageTotal, total, row?.body);
  const headers: Record<string, string> = {
    'content-range': rr.range,
    'content-location': shape.contentLocation,
    ...contentTypeHeaders(r),
  };
  if (rr.status === 416) headers['content-type'] = 'application/json; charset=utf-8';
  withPrefApplied(r, headers, []);
  send(r, applyGucs(row, { status: rr.status, headers, body: rr.body }));
}

function isSingle(m: Media) {
  return m.mode === 'single' || m.mode === 'single-stripped';
}

// ---------------------------------------------------------------------------------------------
// Payloads

interface Payload {
  raw: string;
  isObject: boolean;
  keys: string[];
  /** Parsed value (undefined for RawJSON with ?columns). */
  value?: unknown;
}

function contentType(r: RestRequest): string {
  const h = r.req.headers['content-type'];
  return (Array.isArray(h) ? h[0] : (h ?? 'application/json')).split(';')[0].trim().toLowerCase();
}

function parseCsv(text: string): Record<string, string | null>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let inQ = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQ) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') inQ = false;
      else cur += ch;
    } else if (ch === '"') inQ = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length) {
    row.push(cur);
    rows.push(row);
  }
  const [head, ...data] = rows;
  if (!head) return [];
  return data.map((cells) => {
    if (cells.length !== head.length) throw invalidBody('All lines must have same number of fields');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] === 'NULL' ? null : cells[i]]));
  });
}

function readPayload(r: RestRequest, q: QueryParams, isRpc: boolean): Payload {
  const text = r.body?.toString('utf8') ?? '';
  const ct = contentType(r);
  let value: unknown;
  if (ct === 'application/json' || ct === 'application/vnd.pgrst.object+json' || ct === '*/*') {
    if (q.columns) {
      const first = text.trimStart()[0];
      return { raw: text, isObject: first === '{', keys: q.columns };
    }
    if (text.trim() === '' && isRpc) value = {};
    else {
      try {
        value = JSON.parse(text);
      } catch {
        throw invalidBody('Empty or invalid json');
      }
    }
  } else if (ct === 'text/csv') {
    value = parseCsv(text);
  } else if (ct === 'application/x-www-form-urlencoded') {
    value = Object.fromEntries(new URLSearchParams(text));
  } else {
    throw invalidBody(`Content-Type not acceptable: ${ct}`);
  }
  const raw = typeof value === 'string' ? text : JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return { raw: '[]', isObject: false, keys: [], value };
    const first = value[0];
    if (!first || typeof first !== 'object' || Array.isArray(first)) throw invalidBody('All object keys must match');
    const keys = Object.keys(first);
    const set = new Set(keys);
    for (const v of value) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidBody('All object keys must match');
      const k = Object.keys(v);
      if (k.length !== set.size || !k.every((x) => set.has(x))) throw invalidBody('All object keys must match');
    }
    return { raw, isObject: false, keys, value };
  }
  if (value && typeof value === 'object') return { raw, isObject: true, keys: Object.keys(value), value };
  return { raw: '[]', isObject: false, keys: [], value: [] };
}

function payloadColumns(table: Table, keys: string[]): Column[] {
  return keys.map((k) => {
    const c = table.columns.get(k);
    if (!c) throw columnNotFound(table.name, k);
    return c;
  });
}

/** Columns the representation needs from RETURNING (`*` when a star is selected). */
function returningColumns(node: ReadNode, table: Table): string[] | '*' {
  if (node.fields.some((f) => f.kind === 'star')) return '*';
  const cols = new Set<string>();
  for (const f of node.fields) {
    if (f.kind === 'field' && table.columns.has(f.field.name)) cols.add(f.field.name);
  }
  for (const e of node.embeds) {
    if (e.rel.junction) for (const [, s] of e.rel.junction.sourceCols) cols.add(s);
    else for (const [from] of e.rel.cols) cols.add(from);
  }
  for (const t of node.order) if (!t.relation && table.columns.has(t.field.name)) cols.add(t.field.name);
  if (!cols.size && !node.embeds.length && !node.fields.length) return '*';
  return [...cols];
}

function splitRoot(q: QueryParams): { mutation: QueryParams; read: QueryParams } {
  return {
    mutation: {
      ...q,
      select: [],
      filters: q.filters.filter((f) => f.path.length === 0),
      logic: q.logic.filter((l) => l.path.length === 0),
      order: [],
      ranges: new Map(),
    },
    read: {
      ...q,
      filters: q.filters.filter((f) => f.path.length > 0),
      logic: q.logic.filter((l) => l.path.length > 0),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// POST / PATCH / PUT / DELETE on a table or view

export async function handleMutation(r: RestRequest): Promise<void> {
  const table = findTable(r);
  const q = parseQuery(r.pairs, false);
  const { mutation: mq, read: rq } = splitRoot(q);
  const ctx = planCtx(r);
  const q0 = qident(table.schema, table.name);
  const mutNode = planRead(ctx, { table, relName: table.name, from: q0, qualifier: q0, msgQualifier: table.name }, mq, {
    applyRanges: false,
  });
  const rep = r.prefer.return ?? 'minimal';
  const single = isSingle(r.media);
  const mode: BodyMode = rep === 'representation' ? r.media.mode : rep === 'headers-only' ? 'json' : 'none';
  const readQ: QueryParams =
    rep === 'headers-only'
      ? { ...rq, select: table.pk.map((c) => ({ kind: 'field', field: { name: c, path: [] } })) }
      : rq;
  const readNode =
    mode === 'none'
      ? undefined
      : planRead(
          ctx,
          {
            table,
            relName: table.name,
            from: 'pgrst_source',
            alias: table.name,
            qualifier: ident(table.name),
            msgQualifier: table.name,
          },
          readQ,
          { applyRanges: false },
        );
  const returning = returningSql(table, readNode ? returningColumns(readNode, table) : undefined);
  const p = new Params();
  let mutSql: string;
  let countInserted = false;
  const method = r.method;
  if (method === 'POST') {
    const payload = readPayload(r, q, false);
    const cols = payloadColumns(table, payload.keys);
    let onConflict: { cols: string[]; resolution: 'merge-duplicates' | 'ignore-duplicates' } | undefined;
    if (r.prefer.resolution) {
      const oc = q.onConflict ?? table.pk;
      for (const c of oc) if (!table.columns.has(c)) throw undefinedColumn(table.name, c);
      onConflict = { cols: oc, resolution: r.prefer.resolution };
      countInserted = r.prefer.resolution === 'merge-duplicates';
    } else if (q.onConflict) {
      for (const c of q.onConflict) if (!table.columns.has(c)) throw undefinedColumn(table.name, c);
    }
    mutSql = insertSql(p, table, {
      body: payload.raw,
      isObject: payload.isObject,
      cols,
      applyDefaults: r.prefer.missing === 'default',
      onConflict,
      countInserted,
      returning,
    });
  } else if (method === 'PATCH') {
    const payload = readPayload(r, q, false);
    const cols = payloadColumns(table, payload.keys);
    if (!mutNode.where.length && cols.length) throw safeUpdate('UPDATE');
    mutSql = updateSql(p, table, payload.raw, payload.isObject, cols, whereConds(p, mutNode), returning);
  } else if (method === 'DELETE') {
    if (!mutNode.where.length) throw safeUpdate('DELETE');
    mutSql = deleteSql(table, whereConds(p, mutNode), returning);
  } else {
    // PUT: single-row upsert identified by all and only the primary key columns with eq filters.
    if (q.ranges.size) {
      throw pgrstError(400, 'PGRST114', 'limit/offset querystring parameters are not allowed for PUT');
    }
    const filters = mq.filters;
    const pkOk =
      table.pk.length > 0 &&
      !mq.logic.length &&
      filters.length === table.pk.length &&
      filters.every(
        (f) =>
          !f.filter.expr.not &&
          f.filter.expr.op.kind === 'op' &&
          f.filter.expr.op.op === 'eq' &&
          !f.filter.expr.op.quant &&
          f.filter.field.path.length === 0,
      ) &&
      table.pk.every((c) => filters.some((f) => f.filter.field.name === c));
    if (!pkOk) {
      throw pgrstError(405, 'PGRST105', "Filters must include all and only primary key columns with 'eq' operators");
    }
    const payload = readPayload(r, q, false);
    const value = payload.value;
    if (Array.isArray(value) && value.length !== 1) {
      throw pgrstError(400, 'PGRST115', 'Payload values do not match URL in primary key column(s)');
    }
    const cols = payloadColumns(table, payload.keys);
    const putWhere = filters.map((f) => {
      const op = f.filter.expr.op as { value: string };
      return `pgrst_body.${ident(f.filter.field.name)} = ${p.add(op.value)}`;
    });
    countInserted = true;
    mutSql = insertSql(p, table, {
      body: payload.raw,
      isObject: payload.isObject,
      cols,
      applyDefaults: false,
      onConflict: { cols: table.pk, resolution: 'merge-duplicates' },
      putWhere,
      countInserted,
      returning,
    });
  }
  const sql = mutationStatement(p, mutSql, readNode, mode, countInserted);
  const strictMax = r.prefer.handling === 'strict' && r.prefer.maxAffected !== undefined;
  let failure: Error | undefined;
  const mayRollback =
    method === 'PUT' ||
    single ||
    (strictMax && (method === 'PATCH' || method === 'DELETE')) ||
    r.prefer.tx === 'rollback';
  const plan: TxPlan = {
    readOnly: false,
    setup: setupStatement(r),
    main: { sql, params: p.values },
    decide: !mayRollback
      ? undefined
      : (row) => {
          const n = Number(row?.page_total ?? 0);
          if (method === 'PUT' && n !== 1) {
            failure = pgrstError(400, 'PGRST115', 'Payload values do not match URL in primary key column(s)');
            return 'rollback';
          }
          if (single && n !== 1) {
            failure = singularityError(n);
            return 'rollback';
          }
          if (strictMax && (method === 'PATCH' || method === 'DELETE') && n > (r.prefer.maxAffected as number)) {
            failure = maxAffectedError(n);
            return 'rollback';
          }
          return r.prefer.tx === 'rollback' ? 'rollback' : 'commit';
        },
  };
  const { row } = await runTransaction(r.pool, plan);
  if (failure) throw failure;
  const n = Number(row?.page_total ?? 0);
  const counted = r.prefer.count === 'exact' || r.prefer.count === 'estimated' || r.prefer.count === 'planned';
  const headers: Record<string, string> = {};
  let status: number;
  let body: Buffer | undefined;
  const repBody = rep === 'representation' ? row?.body : undefined;
  if (method === 'POST') {
    const inserted =
      row?.response_inserted === null || row?.response_inserted === undefined
        ? undefined
        : Number(row.response_inserted);
    status = countInserted && inserted !== undefined && inserted <= 0 ? 200 : 201;
    if (rep === 'headers-only' && n === 1 && row?.body && table.pk.length) {
      const obj = JSON.parse(row.body.toString('utf8'))[0] as Record<string, unknown>;
      const qs = table.pk
        .map(
          (c) => `${encodeURIComponent(c)}=${obj[c] === null ? 'is.null' : encodeURIComponent(`eq.${String(obj[c])}`)}`,
        )
        .join('&');
      headers.location = `/${table.name}?${qs}`;
    }
    headers['content-range'] = contentRange(1, 0, counted ? n : undefined);
    body = repBody;
  } else if (method === 'PATCH') {
    headers['content-range'] = contentRange(0, n - 1, counted ? n : undefined);
    status = rep === 'representation' ? 200 : 204;
    body = repBody;
  } else if (method === 'DELETE') {
    headers['content-range'] = contentRange(1, 0, counted ? n : undefined);
    status = rep === 'representation' ? 200 : 204;
    body = repBody;
  } else {
    const inserted = Number(row?.response_inserted ?? 0);
    status = rep === 'representation' ? (inserted > 0 ? 201 : 200) : 204;
    body = repBody;
  }
  if (body !== undefined) Object.assign(headers, contentTypeHeaders(r));
  withPrefApplied(r, headers, ['resolution', 'missing', 'return', 'maxAffected']);
  if (body === undefined && status !== 204) headers['content-length'] = '0';
  send(r, applyGucs(row, { status, headers, body }));
}

function safeUpdate(kind: 'UPDATE' | 'DELETE') {
  return pgrstError(400, '21000', `${kind} requires a WHERE clause`);
}

// ---------------------------------------------------------------------------------------------
// /rpc/<function>

function noRpc(r: RestRequest, keys: string[], isPost: boolean, overloads: Routine[]): never {
  const func = `${r.schema}.${r.name}`;
  const sorted = [...keys].sort();
  const prms = sorted.join(', ');
  const fmt = (s: string) => (sorted.length ? s : ' without parameters');
  const details =
    `Searched for the function ${func}` +
    (isPost
      ? `${fmt(` with parameter${sorted.length > 1 ? 's' : ''} ${prms}`)} or with a single unnamed json/jsonb parameter`
      : fmt(` with parameter${sorted.length > 1 ? 's' : ''} ${prms}`)) +
    ', but no matches were found in the schema cache.';
  let hint: string | null = null;
  if (!overloads.length) {
    const names = [...r.cache.routines.values()]
      .flat()
      .filter((x) => x.schema === r.schema)
      .map((x) => x.name);
    const s = closest(r.name, names);
    if (s) hint = `Perhaps you meant to call the function ${r.schema}.${s}`;
  } else {
    const lists = overloads.map(
      (o) =>
        `(${o.params
          .map((x) => x.name)
          .sort()
          .join(', ')})`,
    );
    const s = closest(`(${prms})`, lists, 0.33);
    if (s) hint = `Perhaps you meant to call the function ${func}${s}`;
  }
  throw pgrstError(
    404,
    'PGRST202',
    `Could not find the function ${func}${sorted.length ? `(${prms})` : ' without parameters'} in the schema cache`,
    details,
    hint,
  );
}

export async function handleRpc(r: RestRequest): Promise<void> {
  const method = r.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    throw pgrstError(405, 'PGRST101', `Cannot use the ${method} method on RPC`);
  }
  const isPost = method === 'POST';
  const q = parseQuery(r.pairs, !isPost);
  topRange(r, q);
  const overloads = r.cache.routines.get(qualified(r.schema, r.name)) ?? [];
  let payload: Payload | undefined;
  let keys: string[];
  if (isPost) {
    payload = readPayload(r, q, true);
    keys = payload.keys;
  } else keys = [...new Set(q.rpcArgs.map(([k]) => k))];
  const matches = overloads.filter((fn) => {
    if (isPost && fn.params.length === 1 && fn.params[0].name === '' && /^jsonb?$/.test(fn.params[0].type)) return true;
    if (fn.params.some((x) => x.name === '')) return false;
    const names = new Set(fn.params.map((x) => x.name));
    return keys.every((k) => names.has(k)) && fn.params.every((x) => !x.required || keys.includes(x.name));
  });
  let fn: Routine;
  if (matches.length === 1) fn = matches[0];
  else if (matches.length === 0) noRpc(r, keys, isPost, overloads);
  else {
    // Prefer named matches over the single-unnamed-json fallback.
    const named = matches.filter((m) => !(m.params.length === 1 && m.params[0].name === ''));
    if (named.length === 1) fn = named[0];
    else {
      throw pgrstError(
        300,
        'PGRST203',
        `Could not choose the best candidate function between: ${matches
          .map((m) => `${m.schema}.${m.name}(${m.params.map((x) => `${x.name} => ${x.type}`).join(', ')})`)
          .join(', ')}`,
        null,
        'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      );
    }
  }
  const shape: RpcShape = fn.returnsVoid
    ? 'scalar'
    : fn.returnsComposite
      ? fn.returnsSet
        ? 'rows'
        : 'single-composite'
      : fn.returnsSet
        ? 'setof-scalar'
        : 'scalar';
  const strictMax = r.prefer.handling === 'strict' && r.prefer.maxAffected !== undefined;
  if (strictMax && !fn.returnsSet) {
    throw pgrstError(
      400,
      'PGRST128',
      'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
    );
  }
  let args: CallArgs;
  if (isPost && fn.params.length === 1 && fn.params[0].name === '') {
    args = { kind: 'single', body: payload?.raw ?? '{}', type: fn.params[0].type };
  } else if (!fn.params.length) args = { kind: 'none' };
  else if (isPost) {
    args = {
      kind: 'json',
      body: payload?.raw ?? '{}',
      isObject: payload?.isObject ?? true,
      params: fn.params.filter((x) => keys.includes(x.name)),
    };
  } else {
    args = {
      kind: 'direct',
      values: fn.params
        .filter((x) => keys.includes(x.name))
        .map((x) => {
          const vals = q.rpcArgs.filter(([k]) => k === x.name).map(([, v]) => v);
          return [
            x,
            x.variadic && vals.length > 1 ? vals.map((v) => `"${v.replaceAll('"', '\\"')}"`) : vals[vals.length - 1],
          ];
        }),
    };
  }
  const alias = fn.name;
  const table = shape === 'rows' ? fn.returnTable : undefined;
  const root: RootSpec = {
    table,
    relName: alias,
    from: 'pgrst_source',
    alias,
    qualifier: ident(alias),
    msgQualifier: alias,
  };
  const scalarish = shape === 'scalar' || shape === 'setof-scalar';
  const planQ: QueryParams = scalarish ? { ...q, select: [{ kind: 'star' }] } : q;
  const node = planRead(planCtx(r), root, planQ, { applyRanges: true });
  const p = new Params();
  const call = callSql(p, fn, args, shape);
  const readOnly = !isPost || fn.volatility !== 'v';
  const mode: BodyMode = method === 'HEAD' ? 'none' : r.media.mode;
  const maxRows = r.ctx.config.api.maxRows;
  const sql = readStatement(p, node, { count: r.prefer.count, maxRows, mode, call: { sql: call, shape } });
  const single = isSingle(r.media);
  let failure: Error | undefined;
  const mayRollback = single || strictMax || r.prefer.tx === 'rollback';
  const plan: TxPlan = {
    readOnly,
    setup: setupStatement(r, fn.settings),
    main: { sql, params: p.values },
    explain: explainStatement(r, node, (ep) => callSql(ep, fn, args, shape)),
    decide: !mayRollback
      ? undefined
      : (row) => {
          const n = Number(row?.page_total ?? 0);
          if (single && n !== 1) {
            failure = singularityError(n);
            return 'rollback';
          }
          if (strictMax && n > (r.prefer.maxAffected as number)) {
            failure = maxAffectedError(n);
            return 'rollback';
          }
          return r.prefer.tx === 'rollback' ? 'rollback' : 'commit';
        },
  };
  const { row, explainRows } = await runTransaction(r.pool, plan);
  if (failure) throw failure;
  const pageTotal = Number(row?.page_total ?? 0);
  if (readOnly && single && pageTotal !== 1) throw singularityError(pageTotal);
  if (readOnly && strictMax && pageTotal > (r.prefer.maxAffected as number)) {
    throw maxAffectedError(pageTotal);
  }
  const total = countTotal(r.prefer.count, row, explainRows, maxRows);
  const offset = q.ranges.get('')?.offset ?? 0;
  const rr = rangeReply(offset, pageTotal, total, row?.body);
  const headers: Record<string, string> = { 'content-range': rr.range };
  withPrefApplied(r, headers, ['maxAffected']);
  if (fn.returnsVoid) {
    send(r, applyGucs(row, { status: 204, headers }));
    return;
  }
  Object.assign(headers, contentTypeHeaders(r));
  if (rr.status === 416) headers['content-type'] = 'application/json; charset=utf-8';
  send(r, applyGucs(row, { status: rr.status, headers, body: rr.body }));
}
