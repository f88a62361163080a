import { parseError } from './errors.ts';

/**
 * The PostgREST URL grammar (select, filters, logic trees, order, limit/offset, columns,
 * on_conflict) parsed into an AST. Nothing here touches SQL: identifiers are resolved and quoted,
 * and values bound as parameters, by build-sql.ts.
 */

export interface JsonOp {
  arrow: '->' | '->>';
  key: string;
  isIndex: boolean;
}

export interface Field {
  name: string;
  path: JsonOp[];
}

export type SelectItem =
  | { kind: 'star' }
  | { kind: 'field'; field: Field; alias?: string; cast?: string; aggregate?: string }
  | {
      kind: 'embed';
      name: string;
      alias?: string;
      hint?: string;
      join?: 'inner' | 'left';
      spread: boolean;
      children: SelectItem[];
    };

export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

export type Operation =
  | { kind: 'op'; op: string; quant?: 'any' | 'all'; value: string }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: IsValue }
  | { kind: 'isdistinct'; value: string }
  | { kind: 'fts'; op: 'fts' | 'plfts' | 'phfts' | 'wfts'; lang?: string; value: string };

export interface OpExpr {
  not: boolean;
  op: Operation;
}

export interface Filter {
  field: Field;
  expr: OpExpr;
}

export type LogicTree =
  | { kind: 'expr'; not: boolean; op: 'and' | 'or'; children: LogicTree[] }
  | { kind: 'filter'; filter: Filter };

export interface OrderTerm {
  relation?: string;
  field: Field;
  dir?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

export interface Range {
  offset: number;
  limit?: number;
}

export interface QueryParams {
  select: SelectItem[];
  filters: { path: string[]; filter: Filter }[];
  logic: { path: string[]; tree: LogicTree }[];
  order: { path: string[]; terms: OrderTerm[] }[];
  /** Keyed by the embed path joined with '.', '' for the top level. */
  ranges: Map<string, Range>;
  columns?: string[];
  onConflict?: string[];
  /** GET rpc: query params that are not filters (`?a=1`). */
  rpcArgs: [string, string][];
  /** Sorted, re-encoded query string (PostgREST's Content-Location). */
  canonical: string;
}

const SIMPLE_OPS = ['neq', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj'];
const QUANT_OPS = ['eq', 'gte', 'gt', 'lte', 'lt', 'like', 'ilike', 'match', 'imatch'];

/** A parse failure. Not an Error: backtracking creates many, and stack traces are costly. */
class Fail {
  readonly pos: number;
  readonly details: string;
  constructor(pos: number, details: string) {
    this.pos = pos;
    this.details = details;
  }
}

/** A tiny backtracking cursor with parsec-like error positions. */
class Cursor {
  readonly s: string;
  i = 0;
  constructor(s: string) {
    this.s = s;
  }
  get eof() {
    return this.i >= this.s.length;
  }
  peek(n = 0) {
    return this.s[this.i + n];
  }
  startsWith(t: string) {
    return this.s.startsWith(t, this.i);
  }
  eat(t: string): boolean {
    if (this.s.startsWith(t, this.i)) {
      this.i += t.length;
      return true;
    }
    return false;
  }
  expect(t: string, what = `"${t}"`) {
    if (!this.eat(t)) this.fail(`expecting ${what}`);
  }
  ws() {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\n') this.i++;
  }
  fail(expecting: string): never {
    const c = this.peek();
    const unexpected = c === undefined ? 'end of input' : JSON.stringify(c);
    throw new Fail(this.i, `unexpected ${unexpected} ${expecting}`.trim());
  }
  /** Runs `fn`; on failure restores the position and returns undefined. */
  try<T>(fn: () => T): T | undefined {
    const save = this.i;
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      this.i = save;
      return undefined;
    }
  }
}

function run<T>(what: string, input: string, fn: (c: Cursor) => T): T {
  const c = new Cursor(input);
  try {
    const v = fn(c);
    if (!c.eof) c.fail('expecting end of input');
    return v;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    throw parseError(`"failed to parse ${what} (${input})" (line 1, column ${e.pos + 1})`, e.details);
  }
}

const IDENT_CHAR = /[\p{L}\p{N}_ $]/u;

function quoted(c: Cursor): string {
  c.expect('"');
  let out = '';
  for (;;) {
    const ch = c.peek();
    if (ch === undefined) c.fail('expecting "\\"" (end of quoted value)');
    c.i++;
    if (ch === '"') return out;
    if (ch === '\\') {
      const n = c.peek();
      if (n === undefined) c.fail('expecting escaped character');
      out += n;
      c.i++;
    } else out += ch;
  }
}

function identifier(c: Cursor): string {
  const start = c.i;
  while (!c.eof && IDENT_CHAR.test(c.peek())) c.i++;
  if (c.i === start) c.fail('expecting field name (* or [a..z0..9_$])');
  return c.s.slice(start, c.i).trim();
}

/** Field names: quoted, or identifiers joined by dashes (`-` not followed by `>`). */
function fieldName(c: Cursor): string {
  if (c.peek() === '"') return quoted(c);
  let name = identifier(c);
  while (c.peek() === '-' && c.peek(1) !== '>') {
    c.i++;
    name += `-${identifier(c)}`;
  }
  return name;
}

function jsonPath(c: Cursor): JsonOp[] {
  const ops: JsonOp[] = [];
  for (;;) {
    let arrow: '->' | '->>';
    if (c.eat('->>')) arrow = '->>';
    else if (c.eat('->')) arrow = '->';
    else return ops;
    const idx = c.try(() => {
      const start = c.i;
      c.eat('-');
      const d = c.i;
      while (!c.eof && /[0-9]/.test(c.peek())) c.i++;
      if (c.i === d) c.fail('expecting digit');
      if (!(c.eof || c.startsWith('->') || c.startsWith('::') || c.startsWith('.') || c.startsWith(','))) {
        c.fail('expecting "->", "::", "." or ","');
      }
      return c.s.slice(start, c.i);
    });
    if (idx !== undefined) {
      ops.push({ arrow, key: idx, isIndex: true });
      continue;
    }
    let key: string;
    if (c.peek() === '"') key = quoted(c);
    else {
      const start = c.i;
      while (!c.eof && !'(-:.,>)'.includes(c.peek())) c.i++;
      if (c.i === start) c.fail('expecting any non reserved character different from: .,>()');
      key = c.s.slice(start, c.i).trim();
      while (c.peek() === '-' && c.peek(1) !== '>') {
        c.i++;
        const s2 = c.i;
        while (!c.eof && !'(-:.,>)'.includes(c.peek())) c.i++;
        key += `-${c.s.slice(s2, c.i).trim()}`;
      }
    }
    ops.push({ arrow, key, isIndex: false });
  }
}

function field(c: Cursor): Field {
  c.ws();
  const name = fieldName(c);
  const path = jsonPath(c);
  c.ws();
  return { name, path };
}

function castName(c: Cursor): string {
  const start = c.i;
  while (!c.eof && /[\p{L}\p{N}_ $]/u.test(c.peek())) c.i++;
  if (c.i === start) c.fail('expecting letter or digit');
  let t = c.s.slice(start, c.i).trim();
  if (c.eat('[]')) t += '[]';
  return t;
}

function selectEnd(c: Cursor) {
  if (!(c.eof || c.peek() === ')' || c.peek() === ',')) c.fail('expecting ")", "," or end of input');
}

function aliasPrefix(c: Cursor): string | undefined {
  return c.try(() => {
    const a = fieldName(c);
    if (!(c.peek() === ':' && c.peek(1) !== ':')) c.fail('expecting ":"');
    c.i++;
    return a;
  });
}

function embedParams(c: Cursor): { hint?: string; join?: 'inner' | 'left' } {
  const out: { hint?: string; join?: 'inner' | 'left' } = {};
  for (let k = 0; k < 2 && c.peek() === '!'; k++) {
    c.i++;
    if (c.startsWith('inner') && !IDENT_CHAR.test(c.peek(5) ?? '')) {
      c.i += 5;
      out.join ??= 'inner';
    } else if (c.startsWith('left') && !IDENT_CHAR.test(c.peek(4) ?? '')) {
      c.i += 4;
      out.join ??= 'left';
    } else out.hint ??= fieldName(c);
  }
  return out;
}

function selectForest(c: Cursor): SelectItem[] {
  const items: SelectItem[] = [];
  c.ws();
  if (c.eof || c.peek() === ')') return items;
  for (;;) {
    items.push(selectItem(c));
    c.ws();
    if (!c.eat(',')) return items;
    c.ws();
  }
}

function embedChildren(c: Cursor): SelectItem[] {
  c.expect('(');
  const children = selectForest(c);
  c.expect(')', '")"');
  return children;
}

function selectItem(c: Cursor): SelectItem {
  c.ws();
  const spread = c.try(() => {
    c.expect('...');
    const name = fieldName(c);
    const p = embedParams(c);
    if (c.peek() !== '(') c.fail('expecting "("');
    return { name, ...p };
  });
  if (spread) {
    return { kind: 'embed', spread: true, ...spread, children: embedChildren(c) };
  }
  const rel = c.try(() => {
    const alias = aliasPrefix(c);
    const name = fieldName(c);
    if (name === 'count' && !alias && c.startsWith('()')) c.fail('');
    const p = embedParams(c);
    if (c.peek() !== '(') c.fail('expecting "("');
    return { name, alias, ...p };
  });
  if (rel) {
    return { kind: 'embed', spread: false, ...rel, children: embedChildren(c) };
  }
  if (c.peek() === '*') {
    c.i++;
    c.ws();
    selectEnd(c);
    return { kind: 'star' };
  }
  const alias = aliasPrefix(c);
  if (c.eat('count()')) {
    const aggCast = c.eat('::') ? castName(c) : undefined;
    c.ws();
    selectEnd(c);
    return { kind: 'field', field: { name: '*', path: [] }, alias, aggregate: 'count', cast: aggCast };
  }
  const f = field(c);
  const cast = c.eat('::') ? castName(c) : undefined;
  let aggregate: string | undefined;
  const agg = c.try(() => {
    c.expect('.');
    for (const a of ['sum', 'avg', 'count', 'max', 'min']) if (c.eat(`${a}()`)) return a;
    return c.fail('expecting aggregate function');
  });
  if (agg) {
    aggregate = agg;
    if (c.eat('::')) castName(c);
  }
  c.ws();
  selectEnd(c);
  return { kind: 'field', field: f, alias, cast, aggregate };
}

/**
 * Parsed select lists by their text: an app sends the same few on every request, and parsing one
 * backtracks (by throwing) through every item. The items are shared between requests, so nothing
 * downstream may mutate them (the planner only reads them). Lists that fail to parse are not kept.
 */
const selects = new Map<string, SelectItem[]>();
const SELECTS_MAX = 500;

export function parseSelect(s: string): SelectItem[] {
  let items = selects.get(s);
  if (!items) {
    items = run('select parameter', s, selectForest);
    if (selects.size >= SELECTS_MAX) selects.delete(selects.keys().next().value as string);
    selects.set(s, items);
  }
  return items;
}

function isValue(c: Cursor): IsValue {
  for (const v of ['null', 'not_null', 'true', 'false', 'unknown'] as const) {
    if (c.s.slice(c.i, c.i + v.length).toLowerCase() === v) {
      c.i += v.length;
      return v;
    }
  }
  return c.fail('expecting isVal: (null, not_null, true, false, unknown)');
}

function listVal(c: Cursor): string[] {
  c.ws();
  c.expect('(');
  c.ws();
  const out: string[] = [];
  for (;;) {
    const q = c.try(() => {
      const v = quoted(c);
      if (!(c.peek() === ',' || c.peek() === ')')) c.fail('expecting "," or ")"');
      return v;
    });
    if (q !== undefined) out.push(q);
    else {
      const start = c.i;
      while (!c.eof && c.peek() !== ',' && c.peek() !== ')') c.i++;
      out.push(c.s.slice(start, c.i));
    }
    if (!c.eat(',')) break;
  }
  c.ws();
  c.expect(')', '")"');
  c.ws();
  return out;
}

/** `[not.]op.value`; `singleVal` reads the value (rest of input at top level, delimited inside trees). */
function opExpr(c: Cursor, singleVal: (c: Cursor) => string): OpExpr {
  const not = c.eat('not.');
  const delim = () => c.expect('.', 'delimiter (.)');
  if (c.startsWith('in.')) {
    c.i += 3;
    return { not, op: { kind: 'in', values: listVal(c) } };
  }
  if (c.startsWith('is.')) {
    c.i += 3;
    return { not, op: { kind: 'is', value: isValue(c) } };
  }
  if (c.startsWith('isdistinct.')) {
    c.i += 11;
    return { not, op: { kind: 'isdistinct', value: singleVal(c) } };
  }
  for (const f of ['plfts', 'phfts', 'wfts', 'fts'] as const) {
    if (!c.startsWith(f)) continue;
    const save = c.i;
    c.i += f.length;
    let lang: string | undefined;
    if (c.peek() === '(') {
      const l = c.try(() => {
        c.expect('(');
        const v = identifier(c);
        c.expect(')');
        return v;
      });
      if (l === undefined) {
        c.i = save;
        break;
      }
      lang = l;
    }
    if (c.peek() !== '.') {
      c.i = save;
      break;
    }
    delim();
    return { not, op: { kind: 'fts', op: f, lang, value: singleVal(c) } };
  }
  for (const op of SIMPLE_OPS) {
    if (c.startsWith(`${op}.`)) {
      c.i += op.length + 1;
      return { not, op: { kind: 'op', op, value: singleVal(c) } };
    }
  }
  for (const op of QUANT_OPS) {
    if (!c.startsWith(op)) continue;
    const after = c.s.slice(c.i + op.length);
    let quant: 'any' | 'all' | undefined;
    let skip = op.length;
    if (after.startsWith('(any)')) {
      quant = 'any';
      skip += 5;
    } else if (after.startsWith('(all)')) {
      quant = 'all';
      skip += 5;
    }
    if (c.s[c.i + skip] !== '.') continue;
    c.i += skip + 1;
    return { not, op: { kind: 'op', op, quant, value: singleVal(c) } };
  }
  return c.fail('expecting "not" or operator (eq, gt, ...)');
}

const restOfInput = (c: Cursor) => {
  const v = c.s.slice(c.i);
  c.i = c.s.length;
  return v;
};

/** A value inside a logic tree: quoted, a `{...}` array literal, or up to the next `,` or `)`. */
function logicVal(c: Cursor): string {
  const q = c.try(() => {
    const v = quoted(c);
    if (!(c.eof || c.peek() === ',' || c.peek() === ')')) c.fail('expecting "," or ")"');
    return v;
  });
  if (q !== undefined) return q;
  if (c.peek() === '{') {
    const end = c.s.indexOf('}', c.i);
    const inner = end < 0 ? -1 : c.s.slice(c.i + 1, end).indexOf('{');
    if (end > 0 && inner < 0) {
      const v = c.s.slice(c.i, end + 1);
      c.i = end + 1;
      return v;
    }
  }
  const start = c.i;
  while (!c.eof && c.peek() !== ',' && c.peek() !== ')') c.i++;
  return c.s.slice(start, c.i);
}

function logicTree(c: Cursor): LogicTree {
  const stmt = c.try(() => {
    const f = field(c);
    c.expect('.', 'delimiter (.)');
    return { kind: 'filter' as const, filter: { field: f, expr: opExpr(c, logicVal) } };
  });
  if (stmt) return stmt;
  c.ws();
  const not = c.eat('not.');
  let op: 'and' | 'or';
  if (c.eat('and')) op = 'and';
  else if (c.eat('or')) op = 'or';
  else c.fail('expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)');
  c.ws();
  c.expect('(');
  const children: LogicTree[] = [];
  for (;;) {
    c.ws();
    children.push(logicTree(c));
    c.ws();
    if (!c.eat(',')) break;
  }
  c.expect(')', '")"');
  c.ws();
  return { kind: 'expr', not, op, children };
}

function orderTerms(c: Cursor): OrderTerm[] {
  const terms: OrderTerm[] = [];
  for (;;) {
    c.ws();
    const rel = c.try(() => {
      const name = fieldName(c);
      c.expect('(');
      const f = field(c);
      c.expect(')');
      return { name, f };
    });
    const term: OrderTerm = rel ? { relation: rel.name, field: rel.f } : { field: field(c) };
    if (c.startsWith('.asc') && !IDENT_CHAR.test(c.peek(4) ?? '')) {
      c.i += 4;
      term.dir = 'asc';
    } else if (c.startsWith('.desc')) {
      c.i += 5;
      term.dir = 'desc';
    }
    if (c.eat('.nullsfirst')) term.nulls = 'first';
    else if (c.eat('.nullslast')) term.nulls = 'last';
    c.ws();
    if (!(c.eof || c.peek() === ',')) {
      c.fail(
        term.dir ? 'expecting "nullsfirst" or "nullslast"' : 'expecting "asc", "desc", "nullsfirst" or "nullslast"',
      );
    }
    terms.push(term);
    if (!c.eat(',')) return terms;
  }
}

function columnList(c: Cursor): string[] {
  const out: string[] = [];
  for (;;) {
    c.ws();
    out.push(fieldName(c));
    c.ws();
    if (!c.eat(',')) return out;
  }
}

function treePath(k: string): { path: string[]; field: Field } {
  return run('tree path', k, (c) => {
    const names = [fieldName(c)];
    while (c.eat('.')) names.push(fieldName(c));
    const path = jsonPath(c);
    return { path: names.slice(0, -1), field: { name: names[names.length - 1], path } };
  });
}

const RESERVED = new Set(['select', 'columns', 'on_conflict']);
const EMBEDDABLE = new Set(['order', 'limit', 'offset', 'and', 'or']);

/** Decodes a query string form-style (`+` is a space), as PostgREST does. */
export function decodeQuery(search: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of new URLSearchParams(search)) out.push([k, v]);
  return out;
}

export function parseQuery(pairs: [string, string][], isRpcRead: boolean): QueryParams {
  const params: QueryParams = {
    select: [{ kind: 'star' }],
    filters: [],
    logic: [],
    order: [],
    ranges: new Map(),
    rpcArgs: [],
    canonical: [...pairs]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&'),
  };
  const limits = new Map<string, number | undefined>();
  const offsets = new Map<string, number>();
  for (const [k, v] of pairs) {
    if (k === 'select') {
      params.select = parseSelect(v);
      continue;
    }
    if (k === 'columns') {
      params.columns = run('columns parameter', v, columnList);
      continue;
    }
    if (k === 'on_conflict') {
      params.onConflict = run('on_conflict parameter', v, columnList);
      continue;
    }
    if (v === '' || RESERVED.has(k)) continue;
    const parts = k.split('.');
    const last = parts[parts.length - 1];
    if (EMBEDDABLE.has(last)) {
      const pathKey = parts.slice(0, -1);
      if (last === 'order') {
        const path = pathKey.length ? treePath(`${pathKey.join('.')}.x`).path : [];
        params.order.push({ path, terms: run('order', v, orderTerms) });
      } else if (last === 'limit' || last === 'offset') {
        const n = /^-?\d+$/.test(v) ? Number(v) : undefined;
        const key = pathKey.join('.');
        if (last === 'limit') limits.set(key, n);
        else if (n !== undefined) offsets.set(key, n);
      } else {
        // and/or, possibly `not.` and an embed path: a.b.not.or=(...)
        const not = pathKey.includes('not');
        const path = pathKey.filter((p) => p !== 'not');
        const tree = run('logic tree', `${not ? 'not.' : ''}${last}${v}`, (c) => logicTree(c));
        params.logic.push({ path, tree });
      }
      continue;
    }
    const { path, field: fld } = treePath(k);
    if (isRpcRead && path.length === 0 && fld.path.length === 0) {
      const c = new Cursor(v);
      let expr: OpExpr | undefined;
      try {
        expr = opExpr(c, restOfInput);
      } catch (e) {
        if (!(e instanceof Fail)) throw e;
      }
      if (!expr) {
        params.rpcArgs.push([k, v]);
        continue;
      }
      params.filters.push({ path, filter: { field: fld, expr } });
      continue;
    }
    const expr = run('filter', v, (c) => opExpr(c, restOfInput));
    params.filters.push({ path, filter: { field: fld, expr } });
  }
  for (const key of new Set([...limits.keys(), ...offsets.keys()])) {
    params.ranges.set(key, { offset: offsets.get(key) ?? 0, limit: limits.get(key) });
  }
  return params;
}
