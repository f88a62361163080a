import type { Field, Filter, OrderTerm } from './parse-query.ts';
import { type Cond, type Embed, ident, type ReadNode } from './plan.ts';

/**
 * Read-plan tree → parameterised SQL in PostgREST's shapes (embeds as LEFT/INNER JOIN LATERAL
 * subqueries, JSON built by Postgres). Every value is a bind parameter; identifiers come from the
 * schema cache or are double-quoted.
 */

export class Params {
  readonly values: (string | null)[] = [];
  add(v: string | null): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const SQL_OPS: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
};

const FTS_FUNCS = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
};

/** A Postgres array literal of the values, quoted so any content survives (bound as one parameter). */
export function arrayLiteral(vals: string[]): string {
  return `{${vals.map((v) => `"${v.replaceAll('\0', '').replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

export function jsonPathSql(p: Params, f: Field): string {
  let out = '';
  for (const op of f.path) out += `${op.arrow}${p.add(op.key)}${op.isIndex ? '::int' : ''}`;
  return out;
}

export function fieldSql(p: Params, qualifier: string, f: Field): string {
  if (f.name === '*') return `${qualifier}.*`;
  return `${qualifier}.${ident(f.name)}${jsonPathSql(p, f)}`;
}

/** The output key of a selected field (PostgREST's addAliases). */
export function fieldOutputName(item: { field: Field; alias?: string; cast?: string }): string {
  if (item.alias) return item.alias;
  const last = item.field.path[item.field.path.length - 1];
  if (last && !last.isIndex) return last.key;
  return item.field.name;
}

function filterSql(p: Params, node: ReadNode, f: Filter): string {
  const not = f.expr.not ? 'NOT ' : '';
  const op = f.expr.op;
  let col = fieldSql(p, node.qualifier, f.field);
  switch (op.kind) {
    case 'op': {
      let value = op.value;
      if (op.op === 'like' || op.op === 'ilike') value = value.replaceAll('*', '%');
      const v = p.add(value);
      const rhs = op.quant ? `${op.quant.toUpperCase()}(${v})` : v;
      return `${not}${col} ${SQL_OPS[op.op]} ${rhs}`;
    }
    case 'in':
      if (op.values.length === 1 && op.values[0] === '') return `${not}${col} = ANY('{}')`;
      return `${not}${col} = ANY (${p.add(arrayLiteral(op.values))})`;
    case 'is':
      return `${not}${col} IS ${op.value === 'not_null' ? 'NOT NULL' : op.value.toUpperCase()}`;
    case 'isdistinct':
      return `${not}${col} IS DISTINCT FROM ${p.add(op.value)}`;
    case 'fts': {
      const lang = op.lang !== undefined ? `${p.add(op.lang)}, ` : '';
      const column = f.field.path.length === 0 ? node.table?.columns.get(f.field.name) : undefined;
      // A column that is not a tsvector is converted with the same text search configuration.
      if (column?.baseType !== 'tsvector') col = `to_tsvector(${lang}${col})`;
      return `${not}${col} @@ ${FTS_FUNCS[op.op]}(${lang}${p.add(op.value)})`;
    }
  }
}

function condSql(p: Params, node: ReadNode, c: Cond): string {
  switch (c.kind) {
    case 'filter':
      return filterSql(p, node, c.filter);
    case 'nullEmbed':
      return `${ident(c.embed.aggAlias)} IS ${c.isNull ? 'NOT ' : ''}DISTINCT FROM NULL`;
    case 'tree':
      return `${c.not ? 'NOT ' : ''}(${c.children.map((x) => condSql(p, node, x)).join(c.op === 'and' ? ' AND ' : ' OR ')})`;
  }
}

/** The rendered WHERE conditions of a node (mutations reuse the read filters). */
export function whereConds(p: Params, node: ReadNode): string[] {
  return node.where.map((c) => condSql(p, node, c));
}

function orderSql(p: Params, node: ReadNode, terms: OrderTerm[]): string {
  if (!terms.length) return '';
  const parts = terms.map((t) => {
    let expr: string;
    if (t.relation) {
      const e = node.embeds.find((x) => x.selName === t.relation) as Embed;
      expr = fieldSql(p, ident(e.aggAlias), t.field);
    } else expr = fieldSql(p, node.qualifier, t.field);
    const dir = t.dir ? ` ${t.dir.toUpperCase()}` : '';
    const nulls = t.nulls ? ` NULLS ${t.nulls.toUpperCase()}` : '';
    return `${expr}${dir}${nulls}`;
  });
  return ` ORDER BY ${parts.join(', ')}`;
}

function limitSql(node: ReadNode, maxRows?: number): string {
  let limit = node.range?.limit;
  const offset = node.range?.offset ?? 0;
  if (maxRows !== undefined) limit = limit === undefined ? maxRows : Math.min(limit, maxRows);
  if (limit === undefined && offset === 0) return '';
  return ` LIMIT ${limit === undefined ? 'ALL' : Math.max(0, limit)} OFFSET ${Math.max(0, offset)}`;
}

function joinConditions(parent: ReadNode, e: Embed): string[] {
  const cq = e.node.qualifier;
  const pq = parent.qualifier;
  const r = e.rel;
  if (r.junction) {
    const jq = `${ident(r.junction.table.schema)}.${ident(r.junction.table.name)}`;
    return [
      ...r.junction.sourceCols.map(([j, s]) => `${jq}.${ident(j)} = ${pq}.${ident(s)}`),
      ...r.junction.targetCols.map(([j, t]) => `${jq}.${ident(j)} = ${cq}.${ident(t)}`),
    ];
  }
  return r.cols.map(([from, to]) => `${cq}.${ident(to)} = ${pq}.${ident(from)}`);
}

/** Output column names of a node (for spreads). `undefined` when a `*` makes them unknown here. */
function outputNames(node: ReadNode): string[] | undefined {
  const names: string[] = [];
  for (const f of node.fields) {
    if (f.kind === 'star') return undefined;
    names.push(isLegacyCount(node, f) ? (f.alias ?? 'count') : fieldOutputName(f));
  }
  for (const e of node.embeds) {
    if (e.empty) continue;
    if (e.spread) {
      const inner = outputNames(e.node);
      if (!inner) return undefined;
      names.push(...inner);
    } else names.push(e.selName);
  }
  return names;
}

/** `rel(count)`: a `count` column that does not exist resolves to `count(rel)` in Postgres. */
function isLegacyCount(node: ReadNode, f: { kind: 'field'; field: Field; cast?: string }): boolean {
  return f.field.name === 'count' && f.field.path.length === 0 && !!node.table && !node.table.columns.has('count');
}

function selectItemsSql(p: Params, node: ReadNode): string[] {
  const out: string[] = [];
  for (const f of node.fields) {
    if (f.kind === 'star') {
      out.push(`${node.qualifier}.*`);
      continue;
    }
    if (isLegacyCount(node, f)) {
      out.push(`pg_catalog.count(*) AS ${ident(f.alias ?? 'count')}`);
      continue;
    }
    let expr = fieldSql(p, node.qualifier, f.field);
    if (f.cast) expr = `CAST( ${expr} AS ${f.cast} )`;
    const needsAlias = f.alias || f.field.path.length || f.cast;
    out.push(needsAlias ? `${expr} AS ${ident(fieldOutputName(f))}` : expr);
  }
  return out;
}

export interface NodeSqlOptions {
  /** Only `SELECT 1` (count queries): no ordering, paging or output columns. */
  countOnly?: boolean;
  maxRows?: number;
  extraWhere?: string[];
}

/** PostgREST's readPlanToQuery. */
export function nodeSql(p: Params, node: ReadNode, opts: NodeSqlOptions = {}): string {
  const selects = opts.countOnly ? [] : selectItemsSql(p, node);
  const joins: string[] = [];
  for (const e of node.embeds) {
    if (opts.countOnly && e.join !== 'inner' && !e.nullFiltered) continue;
    const agg = ident(e.aggAlias);
    const kind = e.join === 'inner' ? 'INNER' : 'LEFT';
    const sub = nodeSql(p, e.node, { extraWhere: joinConditions(node, e) });
    if (e.toOne) {
      joins.push(` ${kind} JOIN LATERAL ( ${sub} ) AS ${agg} ON TRUE`);
      if (opts.countOnly || e.empty) continue;
      if (e.spread) {
        const names = outputNames(e.node);
        if (names === undefined) selects.push(`${agg}.*`);
        else for (const n of names) selects.push(`${agg}.${ident(n)} AS ${ident(n)}`);
      } else selects.push(`row_to_json(${agg}.*)::jsonb AS ${ident(e.selName)}`);
      continue;
    }
    const cond = e.join === 'inner' ? `${agg} IS NOT NULL` : 'TRUE';
    if (e.spread) {
      const names = outputNames(e.node) ?? [];
      const cols = names.map((n) => `COALESCE(json_agg(${agg}.${ident(n)}), '[]')::jsonb AS ${ident(n)}`);
      joins.push(
        ` ${kind} JOIN LATERAL ( SELECT json_agg(${agg})::jsonb AS ${agg}${cols.length ? ', ' : ''}${cols.join(', ')} FROM ( ${sub} ) AS ${agg} ) AS ${agg} ON ${cond}`,
      );
      if (!opts.countOnly) for (const n of names) selects.push(`${agg}.${ident(n)} AS ${ident(n)}`);
    } else {
      joins.push(
        ` ${kind} JOIN LATERAL ( SELECT json_agg(${agg})::jsonb AS ${agg} FROM ( ${sub} ) AS ${agg} ) AS ${agg} ON ${cond}`,
      );
      if (!opts.countOnly && !e.empty) selects.push(`COALESCE( ${agg}.${agg}, '[]') AS ${ident(e.selName)}`);
    }
  }
  // many-to-many: the junction joins the target in the FROM list (its conditions are in extraWhere)
  const from = ` FROM ${node.from}${node.alias ? ` AS ${ident(node.alias)}` : ''}${node.extraFrom ? `, ${node.extraFrom}` : ''}`;
  const where = [...node.where.map((c) => condSql(p, node, c)), ...(opts.extraWhere ?? [])];
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  if (opts.countOnly) return `SELECT 1${from}${joins.join('')}${whereSql}`;
  const selectList = selects.length ? selects.join(', ') : '';
  return `SELECT ${selectList}${from}${joins.join('')}${whereSql}${orderSql(p, node, node.order)}${limitSql(node, opts.maxRows)}`;
}
