import { closest, pgrstError, undefinedColumn } from './errors.ts';
import type { Field, Filter, LogicTree, OrderTerm, QueryParams, Range, SelectItem } from './parse-query.ts';
import { qualified, type Relationship, type SchemaCache, type Table } from './schema-cache.ts';

/**
 * Resolves a parsed request against the schema cache into a read-plan tree: every embed gets its
 * relationship (or PGRST200/201), filters/order/ranges are attached to the node they target
 * (or PGRST108/118/120). SQL is produced from this tree by build-sql.ts.
 */

export interface Embed {
  name: string;
  alias?: string;
  /** Output key (alias or name). */
  selName: string;
  rel: Relationship;
  node: ReadNode;
  join: 'inner' | 'left';
  spread: boolean;
  aggAlias: string;
  toOne: boolean;
  /** `rel()` with nothing selected: used only for filtering. */
  empty: boolean;
  /** Referenced by an `is.null` filter on the parent. */
  nullFiltered: boolean;
}

export type Cond =
  | { kind: 'filter'; filter: Filter }
  | { kind: 'nullEmbed'; embed: Embed; isNull: boolean }
  | { kind: 'tree'; not: boolean; op: 'and' | 'or'; children: Cond[] };

export interface ReadNode {
  /** Known relation behind this node (column checks, relationships). */
  table?: Table;
  /** Name used in messages (`relName`): table or function name. */
  relName: string;
  /** SQL FROM target, already quoted. */
  from: string;
  /** SQL alias (unquoted) or undefined. */
  alias?: string;
  /** Another FROM item (the junction of a many-to-many embed). */
  extraFrom?: string;
  /** How columns are qualified in SQL, already quoted. */
  qualifier: string;
  /** Qualifier as Postgres prints it in messages. */
  msgQualifier: string;
  fields: Extract<SelectItem, { kind: 'field' } | { kind: 'star' }>[];
  embeds: Embed[];
  where: Cond[];
  order: OrderTerm[];
  range?: Range;
  depth: number;
}

export interface PlanContext {
  cache: SchemaCache;
  schema: string;
  aliases: Set<string>;
}

function uniqueAlias(ctx: PlanContext, base: string): string {
  let a = base;
  for (let i = 2; ctx.aliases.has(a); i++) a = `${base}_${i}`;
  ctx.aliases.add(a);
  return a;
}

const CARD_TEXT = { m2o: 'many-to-one', o2m: 'one-to-many', o2o: 'one-to-one', m2m: 'many-to-many' } as const;

function relDetails(r: Relationship) {
  const els = (xs: string[]) => `(${xs.join(', ')})`;
  if (r.junction) {
    const j = r.junction;
    return {
      cardinality: CARD_TEXT.m2m,
      embedding: `${r.from.name} with ${r.to.name}`,
      relationship: `${j.table.name} using ${j.constraint1}${els(j.sourceCols.map(([c]) => c))} and ${j.constraint2}${els(j.targetCols.map(([c]) => c))}`,
    };
  }
  return {
    cardinality: CARD_TEXT[r.cardinality],
    embedding: `${r.from.name} with ${r.to.name}`,
    relationship: `${r.constraint} using ${r.from.name}${els(r.cols.map(([a]) => a))} and ${r.to.name}${els(r.cols.map(([, b]) => b))}`,
  };
}

function relHint(r: Relationship): string {
  return `'${r.to.name}!${r.junction ? r.junction.table.name : r.constraint}'`;
}

/** PostgREST's findRel: the relationship `target[!hint]` names from `origin`. */
export function findRelationship(ctx: PlanContext, origin: Table, target: string, hint?: string): Relationship {
  const rels = ctx.cache.relationships.get(qualified(origin.schema, origin.name)) ?? [];
  const single = (r: Relationship, which: 0 | 1, v: string) =>
    !r.junction && r.cols.length === 1 && r.cols[0][which] === v;
  const matches = rels.filter((r) => {
    if (r.to.schema !== ctx.schema && r.to.schema !== origin.schema) return false;
    if (r.isSelf && !r.junction) {
      if (hint === undefined) {
        return (
          (target === r.to.name && r.cardinality === 'o2m') ||
          (single(r, 0, target) && (r.cardinality === 'm2o' || r.cardinality === 'o2o'))
        );
      }
      return target === r.to.name && r.cardinality === 'o2m' && single(r, 1, hint);
    }
    if (hint === undefined) {
      return (
        target === r.to.name ||
        (!r.junction && r.constraint === target && !r.toIsView) ||
        (single(r, 0, target) && !r.toIsView)
      );
    }
    return (
      target === r.to.name &&
      ((!r.junction && r.constraint === hint) ||
        single(r, 0, hint) ||
        single(r, 1, hint) ||
        r.junction?.table.name === hint)
    );
  });
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw pgrstError(
      300,
      'PGRST201',
      `Could not embed because more than one relationship was found for '${origin.name}' and '${target}'`,
      matches.map(relDetails),
      `Try changing '${target}' to one of the following: ${matches.map(relHint).join(', ')}. Find the desired relationship in the 'details' key.`,
    );
  }
  const suggestion = closest(
    target,
    rels.map((r) => r.to.name),
    0.5,
  );
  throw pgrstError(
    400,
    'PGRST200',
    `Could not find a relationship between '${origin.name}' and '${target}' in the schema cache`,
    `Searched for a foreign key relationship between '${origin.name}' and '${target}'${hint ? ` using the hint '${hint}'` : ''} in the schema '${ctx.schema}', but no matches were found.`,
    suggestion && suggestion !== target ? `Perhaps you meant '${suggestion}' instead of '${target}'.` : null,
  );
}

export interface RootSpec {
  table?: Table;
  relName: string;
  from: string;
  alias?: string;
  extraFrom?: string;
  qualifier: string;
  msgQualifier: string;
}

export const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
export const qident = (schema: string, name: string) => `${ident(schema)}.${ident(name)}`;

function buildNode(ctx: PlanContext, spec: RootSpec, items: SelectItem[], depth: number): ReadNode {
  const node: ReadNode = { ...spec, fields: [], embeds: [], where: [], order: [], depth };
  for (const item of items) {
    if (item.kind !== 'embed') {
      if (item.kind === 'field' && item.aggregate) {
        throw pgrstError(400, 'PGRST123', 'Use of aggregate functions is not allowed');
      }
      node.fields.push(item);
      continue;
    }
    if (!node.table) {
      throw pgrstError(
        400,
        'PGRST200',
        `Could not find a relationship between '${node.relName}' and '${item.name}' in the schema cache`,
        `Searched for a foreign key relationship between '${node.relName}' and '${item.name}' in the schema '${ctx.schema}', but no matches were found.`,
      );
    }
    const rel = findRelationship(ctx, node.table, item.name, item.hint);
    const target = rel.to;
    const childAlias = uniqueAlias(ctx, `${target.name}_${depth + 1}`);
    const selName = item.alias ?? item.name;
    const aggAlias = uniqueAlias(ctx, `${node.relName}_${selName}_${depth + 1}`);
    const child = buildNode(
      ctx,
      {
        table: target,
        relName: target.name,
        from: qident(target.schema, target.name),
        alias: childAlias,
        qualifier: ident(childAlias),
        msgQualifier: childAlias,
        extraFrom: rel.junction ? qident(rel.junction.table.schema, rel.junction.table.name) : undefined,
      },
      item.children,
      depth + 1,
    );
    node.embeds.push({
      name: item.name,
      alias: item.alias,
      selName,
      rel,
      node: child,
      join: item.join ?? 'left',
      spread: item.spread,
      aggAlias,
      toOne: rel.cardinality === 'm2o' || rel.cardinality === 'o2o',
      empty: item.children.length === 0,
      nullFiltered: false,
    });
  }
  return node;
}

/** Finds the node an embed path (`a.b`) points at; PGRST108 when it is not embedded. */
function nodeAt(root: ReadNode, path: string[]): ReadNode {
  let node = root;
  for (const p of path) {
    const e = node.embeds.find((x) => (x.alias ?? x.name) === p);
    if (!e) {
      const aliased = node.embeds.find((x) => x.alias && x.name === p);
      if (aliased) {
        throw pgrstError(
          400,
          'PGRST108',
          `'${p}' is not an embedded resource in this request`,
          'Target names are not allowed in filters if they have an alias',
          `Change '${p}' to '${aliased.alias}' in filters, orders or limits.`,
        );
      }
      throw pgrstError(
        400,
        'PGRST108',
        `'${p}' is not an embedded resource in this request`,
        null,
        `Verify that '${p}' is included in the 'select' query parameter.`,
      );
    }
    node = e.node;
  }
  return node;
}

/** Checks a column reference against the cache (42703 as Postgres would report it). */
export function checkColumn(node: ReadNode, f: Field): void {
  if (!node.table || f.name === '*') return;
  if (!node.table.columns.has(f.name)) throw undefinedColumn(node.msgQualifier, f.name);
}

function toCond(node: ReadNode, f: Filter): Cond {
  const embed =
    f.field.path.length === 0 && !node.table?.columns.has(f.field.name)
      ? node.embeds.find((e) => e.selName === f.field.name)
      : undefined;
  if (embed) {
    if (f.expr.op.kind === 'is' && f.expr.op.value === 'null') {
      embed.nullFiltered = true;
      return { kind: 'nullEmbed', embed, isNull: !f.expr.not };
    }
    throw pgrstError(
      400,
      'PGRST120',
      `Bad operator on the '${embed.selName}' embedded resource`,
      'Only is null or not is null filters are allowed on embedded resources',
    );
  }
  checkColumn(node, f.field);
  return { kind: 'filter', filter: f };
}

function treeToCond(node: ReadNode, t: LogicTree): Cond {
  if (t.kind === 'filter') return toCond(node, t.filter);
  return { kind: 'tree', not: t.not, op: t.op, children: t.children.map((c) => treeToCond(node, c)) };
}

/** Builds the read-plan tree and attaches filters, logic trees, orders and ranges. */
export function planRead(ctx: PlanContext, root: RootSpec, q: QueryParams, opts: { applyRanges: boolean }): ReadNode {
  const tree = buildNode(ctx, root, q.select, 0);
  for (const { path, filter } of q.filters) {
    const n = nodeAt(tree, path);
    n.where.push(toCond(n, filter));
  }
  for (const { path, tree: t } of q.logic) {
    const n = nodeAt(tree, path);
    n.where.push(treeToCond(n, t));
  }
  for (const { path, terms } of q.order) {
    const n = nodeAt(tree, path);
    for (const term of terms) {
      if (term.relation) {
        const e = n.embeds.find((x) => x.selName === term.relation);
        if (!e) {
          throw pgrstError(
            400,
            'PGRST108',
            `'${term.relation}' is not an embedded resource in this request`,
            null,
            `Verify that '${term.relation}' is included in the 'select' query parameter.`,
          );
        }
        if (!e.toOne) {
          throw pgrstError(
            400,
            'PGRST118',
            `A related order on '${e.selName}' is not possible`,
            `'${n.relName}' and '${e.selName}' do not form a many-to-one or one-to-one relationship`,
          );
        }
        checkColumn(e.node, term.field);
      } else checkColumn(n, term.field);
      n.order.push(term);
    }
  }
  if (opts.applyRanges) {
    for (const [key, range] of q.ranges) {
      const n = nodeAt(tree, key ? key.split('.') : []);
      n.range = range;
    }
  }
  return tree;
}

export function tableSuggestion(cache: SchemaCache, schema: string, name: string): string | undefined {
  const names = [...cache.tables.values()].filter((t) => t.schema === schema).map((t) => t.name);
  return closest(name, names);
}
