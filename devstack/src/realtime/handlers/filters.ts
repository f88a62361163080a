/**
 * postgres_changes subscription parameters, parsed as Realtime's
 * PostgresCdcRls.Subscriptions.parse_subscription_params does (PostgREST-style filters).
 */

export const FILTER_OPS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct',
];

export interface Filter {
  column: string;
  op: string;
  /** For `in`, a Postgres array literal `{a,b}`. */
  value: string;
  negate: boolean;
}

export interface SubscriptionParams {
  event: '*' | 'INSERT' | 'UPDATE' | 'DELETE';
  schema: string;
  table: string;
  filters: Filter[];
  select: string[] | null;
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  let prev = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\' && i + 1 < s.length) {
        cur += c + s[++i];
        prev = s[i];
        continue;
      }
      if (c === '"') quoted = false;
      cur += c;
      prev = c;
      continue;
    }
    if (c === '"' && (prev === '.' || prev === '(' || prev === ',')) quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      prev = '';
      continue;
    }
    cur += c;
    prev = c;
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  let acc = '';
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    if (c === '"') return i === v.length - 1 ? acc : v;
    if (c === '\\' && i + 1 < v.length) acc += v[++i];
    else acc += c;
  }
  return v;
}

/** Elixir's inspect of the parts, for error messages. */
const inspectList = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

export function parseFilters(filter: string): Filter[] {
  const trimmed = filter.trim();
  if (trimmed === '') return [];
  return splitTopLevel(trimmed).map((segment) => {
    const seg = segment.trim();
    if (seg === '') throw new Error('filter must not contain empty segments (check for extra commas)');
    const eq = seg.indexOf('=');
    if (eq < 0) throw new Error(inspectList([seg]));
    const column = seg.slice(0, eq);
    let rest = seg.slice(eq + 1);
    const negate = rest.startsWith('not.');
    if (negate) rest = rest.slice(4);
    const dot = rest.indexOf('.');
    if (dot < 0) throw new Error(inspectList([rest]));
    const op = rest.slice(0, dot);
    const value = rest.slice(dot + 1);
    if (!FILTER_OPS.includes(op)) throw new Error(inspectList([op, value]));
    if (op === 'in') {
      if (value.length < 2 || !value.startsWith('(') || !value.endsWith(')')) {
        throw new Error('`in` filter value must be wrapped by parentheses');
      }
      return { column, op, value: `{${value.slice(1, -1)}}`, negate };
    }
    return { column, op, value: unquote(value), negate };
  });
}

export function describeParams(p: SubscriptionParams): string {
  const filters = `[${p.filters.map((f) => `{${JSON.stringify(f.column)}, ${JSON.stringify(f.op)}, ${JSON.stringify(f.value)}, ${f.negate}}`).join(', ')}]`;
  const select = p.select ? inspectList(p.select) : 'nil';
  return `event: ${p.event}, schema: ${p.schema}, table: ${p.table}, filters: ${filters}, select: ${select}`;
}

export function parseSubscriptionParams(params: Record<string, unknown>): SubscriptionParams {
  const ev = params.event;
  const upper = typeof ev === 'string' ? ev.toUpperCase() : '*';
  const event = upper === 'INSERT' || upper === 'UPDATE' || upper === 'DELETE' ? upper : '*';
  let select: string[] | null = null;
  if (typeof params.select === 'string') {
    throw new Error(
      'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]',
    );
  }
  if (Array.isArray(params.select)) {
    const cols = params.select.filter((c): c is string => typeof c === 'string');
    select = cols.length ? cols : null;
  }
  const { schema, table, filter } = params;
  const has = (k: string) => k in params && params[k] !== undefined;
  let out: SubscriptionParams;
  if (typeof schema === 'string' && typeof table === 'string' && typeof filter === 'string') {
    let filters: Filter[];
    try {
      filters = parseFilters(filter);
    } catch (e) {
      throw new Error(`Error parsing \`filter\` params: ${(e as Error).message}`);
    }
    out = { event, schema, table, filters, select };
  } else if (typeof schema === 'string' && typeof table === 'string' && !has('filter')) {
    out = { event, schema, table, filters: [], select };
  } else if (typeof schema === 'string' && !has('table') && !has('filter')) {
    out = { event, schema, table: '*', filters: [], select };
  } else if (typeof table === 'string' && !has('schema') && !has('filter')) {
    out = { event, schema: 'public', table, filters: [], select };
  } else {
    throw new Error(
      `No subscription params provided. Please provide at least a \`schema\` or \`table\` to subscribe to: ${JSON.stringify(params)}`,
    );
  }
  if (select && (out.schema === '*' || out.table === '*')) {
    throw new Error(
      'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.',
    );
  }
  return out;
}
