import type postgres from 'postgres';
import type { Logger } from '../../log.ts';
import type { Channel } from '../channel.ts';
import type { Relation, RowChange, Tuple } from '../replication.ts';
import type { Claims } from '../tokens.ts';
import { describeParams, type Filter, parseSubscriptionParams, type SubscriptionParams } from './filters.ts';

/**
 * postgres_changes: subscriptions live in memory (Realtime keeps them in realtime.subscription); each
 * committed change of a table in `supabase_realtime` is turned into Realtime's payload (values are
 * `to_jsonb` of the column types, as walrus' realtime.cast does), matched against the filters in SQL,
 * and checked against RLS per subscriber as its role and claims. DELETEs are not RLS-checked and then
 * carry only the primary key (protocol doc 5.5).
 */

interface Column {
  name: string;
  type: string;
  fmt: string;
  pk: boolean;
}
interface RelMeta {
  ident: string;
  rls: boolean;
  columns: Column[];
  pk: Column[];
}
interface Sub {
  channel: Channel;
  id: number;
  params: SubscriptionParams;
  tables: Set<string>;
  selectKey: string;
}
type Values = Record<string, string | null>;
type Row = Record<string, unknown>;

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const MAX_RECORD_BYTES = 1024 * 1024;

/** A stable id per binding params (Realtime uses :erlang.phash2/1); never 0 (the client treats 0 as unset). */
export function bindingId(params: Record<string, unknown>): number {
  const canon = JSON.stringify(params, Object.keys(params).sort());
  let h = 0x811c9dc5;
  for (let i = 0; i < canon.length; i++) {
    h ^= canon.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % (2 ** 27 - 1)) + 1;
}

function toValues(t: Tuple | undefined): Values | null {
  if (!t) return null;
  const out: Values = {};
  for (const [k, v] of t) if (v !== undefined) out[k] = v;
  return out;
}

class Rollback extends Error {}

export class PostgresChanges {
  private sql: postgres.Sql;
  private log: Logger;
  private subs = new Map<Channel, Sub[]>();
  private meta = new Map<number, Promise<RelMeta>>();
  private privileges = new Map<string, { at: number; cols: Promise<Set<string>> }>();

  constructor(sql: postgres.Sql, log: Logger) {
    this.sql = sql;
    this.log = log;
  }

  invalidate(rel: Relation): void {
    this.meta.delete(rel.relid);
  }

  private relMeta(relid: number): Promise<RelMeta> {
    let m = this.meta.get(relid);
    if (!m) {
      m = (async () => {
        const [rel] = await this.sql<{ ident: string; rls: boolean }[]>`
          select format('%I.%I', n.nspname, c.relname) as ident, c.relrowsecurity as rls
          from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = ${relid}`;
        const columns = await this.sql<Column[]>`
          select a.attname as name, t.typname as type, format_type(a.atttypid, a.atttypmod) as fmt,
            coalesce(a.attnum = any(i.indkey::int2[]), false) as pk
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
          where a.attrelid = ${relid} and a.attnum > 0 and not a.attisdropped
          order by a.attnum`;
        if (!rel) throw new Error(`relation ${relid} not found`);
        const cols = [...columns];
        return { ident: rel.ident, rls: rel.rls, columns: cols, pk: cols.filter((c) => c.pk) };
      })();
      m.catch(() => this.meta.delete(relid));
      this.meta.set(relid, m);
    }
    return m;
  }

  /** Columns `role` may SELECT (cached briefly: grants do not show up in the replication stream). */
  private selectable(relid: number, role: string): Promise<Set<string>> {
    const key = `${relid}:${role}`;
    const hit = this.privileges.get(key);
    if (hit && Date.now() - hit.at < 2000) return hit.cols;
    const cols = this.sql<{ attname: string }[]>`
        select attname from pg_attribute
        where attrelid = ${relid} and attnum > 0 and not attisdropped
          and has_column_privilege(${role}, ${relid}::oid, attname, 'SELECT')`
      .then((rows) => new Set(rows.map((r) => r.attname)))
      .catch(() => new Set<string>());
    this.privileges.set(key, { at: Date.now(), cols });
    return cols;
  }

  /** Validates and registers the channel's bindings; all or nothing, like Realtime. */
  async subscribe(ch: Channel): Promise<{ ok: true } | { ok: false; message: string }> {
    const subs: Sub[] = [];
    for (const b of ch.pgBindings) {
      let p: SubscriptionParams;
      try {
        p = parseSubscriptionParams(b.params);
      } catch (e) {
        return { ok: false, message: (e as Error).message };
      }
      const like = (s: string) => (s === '*' ? '%' : s);
      let rows: { schemaname: string; tablename: string; relid: number }[];
      try {
        rows = await this.sql`
          select p.schemaname, p.tablename, c.oid::int as relid
          from pg_publication_tables p
          join pg_namespace n on n.nspname = p.schemaname
          join pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
          where p.pubname = 'supabase_realtime'
            and p.schemaname like ${like(p.schema)} escape '' and p.tablename like ${like(p.table)} escape ''`;
        for (const r of rows) await this.validateFilters(r.relid, p.filters);
      } catch (e) {
        return {
          ok: false,
          message: `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [${describeParams(p)}]. Exception: ${(e as Error).message}`,
        };
      }
      if (rows.length === 0) {
        return {
          ok: false,
          message: `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [${describeParams(p)}]`,
        };
      }
      subs.push({
        channel: ch,
        id: b.id,
        params: p,
        tables: new Set(rows.map((r) => `${r.schemaname}.${r.tablename}`)),
        selectKey: p.select?.join(',') ?? '',
      });
    }
    if (ch.state === 'joined') this.subs.set(ch, subs);
    return { ok: true };
  }

  /** Realtime's subscription_check_filters: known column, valid `is` value, value castable to the type. */
  private async validateFilters(relid: number, filters: Filter[]): Promise<void> {
    if (!filters.length) return;
    const meta = await this.relMeta(relid);
    for (const f of filters) {
      const col = meta.columns.find((c) => c.name === f.column);
      if (!col) throw new Error(`invalid column for filter ${f.column}`);
      if (f.op === 'is') {
        if (!['null', 'true', 'false', 'unknown'].includes(f.value)) {
          throw new Error('invalid value for is filter: must be null, true, false, or unknown');
        }
        continue;
      }
      const type =
        f.op === 'in' ? `${col.fmt}[]` : ['like', 'ilike', 'match', 'imatch'].includes(f.op) ? 'text' : col.fmt;
      await this.sql.unsafe(`select $1::text::${type}`, [f.value], { prepare: false });
    }
  }

  unsubscribe(ch: Channel): void {
    this.subs.delete(ch);
  }

  get subscriptionCount(): number {
    let n = 0;
    for (const s of this.subs.values()) n += s.length;
    return n;
  }

  async onChange(change: RowChange, commitTime: Date): Promise<void> {
    const rel = change.relation;
    const full = `${rel.schema}.${rel.table}`;
    const cands: Sub[] = [];
    for (const list of this.subs.values()) {
      for (const s of list) {
        if (s.tables.has(full) && (s.params.event === '*' || s.params.event === change.type)) cands.push(s);
      }
    }
    if (!cands.length) return;
    const meta = await this.relMeta(rel.relid);
    const newVals = toValues(change.new);
    let oldVals = toValues(change.old);
    if (change.type === 'UPDATE' && !oldVals && newVals) {
      oldVals = Object.fromEntries(meta.pk.filter((c) => c.name in newVals).map((c) => [c.name, newVals[c.name]]));
    }
    // Unchanged TOAST values are not in the stream: take them from the old row when we have it.
    if (newVals && change.new && oldVals) {
      for (const [k, v] of change.new) if (v === undefined && k in oldVals) newVals[k] = oldVals[k];
    }

    const filterList: Filter[] = [];
    const filterIndex = new Map<string, number>();
    for (const s of cands) {
      for (const f of s.params.filters) {
        const sig = JSON.stringify(f);
        if (!filterIndex.has(sig)) {
          filterIndex.set(sig, filterList.length);
          filterList.push(f);
        }
      }
    }
    let evaluated: { record: Row | null; old_record: Row | null; f: boolean[] };
    try {
      evaluated = await this.evaluate(meta, change.type, newVals ?? {}, oldVals ?? {}, filterList);
    } catch (e) {
      this.log.warn(`realtime: cannot evaluate change on ${full}: ${(e as Error).message}`);
      return;
    }
    const passes = (s: Sub) => s.params.filters.every((f) => evaluated.f[filterIndex.get(JSON.stringify(f)) ?? -1]);

    const byChannel = new Map<Channel, Sub[]>();
    for (const s of cands) {
      if (s.channel.state !== 'joined') continue;
      const list = byChannel.get(s.channel);
      if (list) list.push(s);
      else byChannel.set(s.channel, [s]);
    }
    const rawSize = JSON.stringify(evaluated.record ?? evaluated.old_record ?? {}).length;
    const commit = commitTime.toISOString();
    // One RLS probe per distinct claims (walrus does the same): a thousand tabs of one user cost one
    // query, not a thousand transactions queued on the pool.
    const probes = new Map<string, Promise<boolean>>();
    const rlsVisible = (claims: Claims) => {
      const key = JSON.stringify(claims);
      let probe = probes.get(key);
      if (!probe) {
        probe = this.rlsVisible(meta, newVals ?? {}, claims);
        probes.set(key, probe);
      }
      return probe;
    };
    await Promise.all(
      [...byChannel].map(async ([ch, subs]) => {
        const role = ch.claims.role;
        const selectable = await this.selectable(rel.relid, role);
        let errors: string[] | null = null;
        let visible = subs;
        if (change.type !== 'DELETE' && meta.pk.length === 0) errors = ['Error 400: Bad Request, no primary key'];
        else if (change.type !== 'DELETE' && !meta.pk.every((c) => selectable.has(c.name))) {
          errors = ['Error 401: Unauthorized'];
        } else {
          visible = subs.filter(passes);
          if (!visible.length) return;
          if (meta.rls && change.type !== 'DELETE' && !(await rlsVisible(ch.claims))) return;
          if (rawSize > MAX_RECORD_BYTES) errors = ['Error 413: Payload Too Large'];
        }
        if (ch.state !== 'joined') return;
        const groups = new Map<string, Sub[]>();
        for (const s of visible) groups.set(s.selectKey, [...(groups.get(s.selectKey) ?? []), s]);
        for (const group of groups.values()) {
          const select = group[0].params.select;
          const cols = meta.columns.filter(
            (c) => selectable.has(c.name) && (!select || select.includes(c.name) || c.pk),
          );
          const pick = (row: Row | null, pkOnly = false): Row => {
            const out: Row = {};
            if (!row) return out;
            for (const c of cols) {
              if (!(c.name in row) || (pkOnly && !c.pk)) continue;
              if (errors?.[0]?.startsWith('Error 413') && JSON.stringify(row[c.name]).length > 64) continue;
              out[c.name] = row[c.name];
            }
            return out;
          };
          const data: Record<string, unknown> = {
            schema: rel.schema,
            table: rel.table,
            commit_timestamp: commit,
            type: change.type,
            columns: cols.map((c) => ({ name: c.name, type: c.type })),
          };
          const hideRecords = errors !== null && !errors[0].startsWith('Error 413');
          if (change.type !== 'DELETE') data.record = hideRecords ? {} : pick(evaluated.record);
          if (change.type === 'UPDATE') data.old_record = hideRecords ? {} : pick(evaluated.old_record);
          if (change.type === 'DELETE') data.old_record = pick(evaluated.old_record, meta.rls);
          data.errors = errors;
          ch.socket.push(null, null, ch.topic, 'postgres_changes', { ids: group.map((s) => s.id), data });
        }
      }),
    );
  }

  /** One query: the new and old rows as to_jsonb of their column types, and every filter's verdict. */
  private async evaluate(
    meta: RelMeta,
    type: RowChange['type'],
    newVals: Values,
    oldVals: Values,
    filters: Filter[],
  ): Promise<{ record: Row | null; old_record: Row | null; f: boolean[] }> {
    const params: string[] = [JSON.stringify(newVals), JSON.stringify(oldVals)];
    const rowExpr = (src: 'n' | 'o', vals: Values) => {
      const cols = meta.columns.filter((c) => c.name in vals);
      if (!cols.length) return `'{}'::jsonb`;
      const list = cols.map((c) => `(${src}->>${lit(c.name)})::${c.fmt} as ${ident(c.name)}`).join(', ');
      return `(select to_jsonb(r) from (select ${list}) r)`;
    };
    const src = type === 'DELETE' ? 'o' : 'n';
    const vals = type === 'DELETE' ? oldVals : newVals;
    const exprs = filters.map((f) => {
      const col = meta.columns.find((c) => c.name === f.column);
      // Fail closed: a filter on a column the change does not carry never matches.
      if (!col || !(col.name in vals)) return 'false';
      const v = `(${src}->>${lit(col.name)})::${col.fmt}`;
      if (f.op === 'is') return `coalesce(${v} ${f.negate ? 'is not' : 'is'} ${f.value.toUpperCase()}, false)`;
      params.push(f.value);
      const p = `$${params.length}::text`;
      let e: string;
      switch (f.op) {
        case 'isdistinct':
          return `coalesce(${v} ${f.negate ? 'is not distinct from' : 'is distinct from'} ${p}::${col.fmt}, false)`;
        case 'in':
          e = `${v} = any(${p}::${col.fmt}[])`;
          break;
        case 'like':
        case 'ilike':
          e = `${v}::text ${f.op} ${p}`;
          break;
        case 'match':
          e = `${v}::text ~ ${p}`;
          break;
        case 'imatch':
          e = `${v}::text ~* ${p}`;
          break;
        default: {
          const op = { eq: '=', neq: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' }[f.op] ?? '=';
          e = `${v} ${op} ${p}::${col.fmt}`;
        }
      }
      return f.negate ? `coalesce(not (${e}), false)` : `coalesce(${e}, false)`;
    });
    const text = `select ${type === 'DELETE' ? 'null::jsonb' : rowExpr('n', newVals)} as record,
      ${type === 'INSERT' ? 'null::jsonb' : rowExpr('o', oldVals)} as old_record,
      array[${exprs.join(', ')}]::bool[] as f
      from (select $1::text::jsonb as n, $2::text::jsonb as o) s`;
    const [row] = await this.sql.unsafe(text, params, { prepare: false });
    return row as unknown as { record: Row | null; old_record: Row | null; f: boolean[] };
  }

  /** Whether the subscriber's RLS lets it SELECT the row (walrus' prepared statement, as its role). */
  private async rlsVisible(meta: RelMeta, newVals: Values, claims: Claims): Promise<boolean> {
    const where = meta.pk.map((c) => `${ident(c.name)} = ($1::text::jsonb->>${lit(c.name)})::${c.fmt}`).join(' and ');
    let ok = false;
    try {
      await this.sql.begin(async (tx) => {
        await tx`select set_config('role', ${claims.role}, true),
          set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
          set_config('request.jwt.claim.sub', ${typeof claims.sub === 'string' ? claims.sub : ''}, true),
          set_config('request.jwt.claim.role', ${claims.role}, true)`;
        const [r] = await tx.unsafe(`select exists(select 1 from ${meta.ident} where ${where}) as ok`, [
          JSON.stringify(newVals),
        ]);
        ok = r.ok === true;
        throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) return false;
    }
    return ok;
  }
}
