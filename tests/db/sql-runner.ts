import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { Fixture } from './fixture.ts';
import { attempt, classify, type Outcome, pgCode, type Tx } from './helpers.ts';
import type { Op } from './isolation-spec.ts';

/** Column and argument types, so parameters can be cast explicitly (`$1::uuid[]`). */
export interface Catalog {
  columns: Map<string, string>;
  args: Map<string, string>;
}

export async function loadCatalog(sql: postgres.Sql): Promise<Catalog> {
  const columns = new Map<string, string>();
  for (const r of await sql<{ t: string; c: string; type: string }[]>`
    select c.relname as t, a.attname as c, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    where c.relnamespace in ('public'::regnamespace, 'storage'::regnamespace, 'realtime'::regnamespace)
      and a.attnum > 0 and not a.attisdropped`) {
    columns.set(`${r.t}.${r.c}`, r.type);
  }
  const args = new Map<string, string>();
  for (const r of await sql<{ fn: string; name: string; type: string }[]>`
    select p.proname as fn, a.name, format_type(a.type, null) as type
    from pg_proc p
    cross join lateral unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) as a(name, type)
    where p.pronamespace = 'public'::regnamespace`) {
    args.set(`${r.fn}.${r.name}`, r.type);
  }
  return { columns, args };
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

function param(v: unknown): unknown {
  if (Array.isArray(v)) return `{${v.map((x) => `"${String(x)}"`).join(',')}}`;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

function where(table: string, match: Record<string, unknown>, cat: Catalog, params: unknown[]) {
  return Object.entries(match)
    .map(([k, v]) => {
      params.push(param(v));
      return `${ident(k)} = $${params.length}::${cat.columns.get(`${table}.${k}`) ?? 'text'}`;
    })
    .join(' and ');
}

async function runOp(tx: Tx, op: Op, cat: Catalog): Promise<number> {
  const params: unknown[] = [];
  const cast = (table: string, k: string, v: unknown) => {
    params.push(param(v));
    return `$${params.length}::${cat.columns.get(`${table}.${k}`) ?? 'text'}`;
  };
  switch (op.kind) {
    case 'select': {
      const [{ n }] = await tx.unsafe(
        `select count(*)::int as n from public.${ident(op.table)} where ${where(op.table, op.match, cat, params)}`,
        params as never[],
      );
      return n;
    }
    case 'insert': {
      const cols = Object.keys(op.values);
      const vals = cols.map((k) => cast(op.table, k, op.values[k]));
      const r = await tx.unsafe(
        `insert into public.${ident(op.table)} (${cols.map(ident).join(', ')}) values (${vals.join(', ')})`,
        params as never[],
      );
      return r.count;
    }
    case 'update': {
      const sets = Object.entries(op.set).map(([k, v]) => `${ident(k)} = ${cast(op.table, k, v)}`);
      const r = await tx.unsafe(
        `update public.${ident(op.table)} set ${sets.join(', ')} where ${where(op.table, op.match, cat, params)}`,
        params as never[],
      );
      return r.count;
    }
    case 'delete': {
      const r = await tx.unsafe(
        `delete from public.${ident(op.table)} where ${where(op.table, op.match, cat, params)}`,
        params as never[],
      );
      return r.count;
    }
    case 'rpc': {
      const args = Object.entries(op.args).map(([k, v]) => {
        params.push(param(v));
        return `${ident(k)} => $${params.length}::${cat.args.get(`${op.fn}.${k}`) ?? 'text'}`;
      });
      const filter = op.filter
        ? ` where ${Object.entries(op.filter)
            .map(([k, v]) => {
              params.push(param(v));
              return `r.${ident(k)}::text = $${params.length}::text`;
            })
            .join(' and ')}`
        : '';
      const rows = await tx.unsafe(
        `select count(*)::int as n from public.${ident(op.fn)}(${args.join(', ')}) as r${filter}`,
        params as never[],
      );
      return rows[0].n;
    }
    case 'realtime': {
      await tx`select set_config('realtime.topic', ${op.topic}, true)`;
      if (op.send) {
        const r = await tx`insert into realtime.messages (topic, extension, payload, event, private)
          values (${op.topic}, ${op.extension}, '{}', 'test', true)`;
        return r.count;
      }
      const [{ n }] = await tx`select count(*)::int as n from realtime.messages
        where topic = ${op.topic} and extension = ${op.extension}`;
      return n;
    }
    case 'storage': {
      if (op.action === 'select') {
        const [{ n }] =
          await tx`select count(*)::int as n from storage.objects where bucket_id = ${op.bucket} and name = ${op.path}`;
        return n;
      }
      if (op.action === 'insert') {
        const r = await tx`insert into storage.objects (bucket_id, name, owner, owner_id)
          values (${op.bucket}, ${op.path}, auth.uid(), auth.uid()::text)`;
        return r.count;
      }
      if (op.action === 'update') {
        const r = await tx`update storage.objects set metadata = '{"overwritten":true}', owner_id = auth.uid()::text
          where bucket_id = ${op.bucket} and name = ${op.path}`;
        return r.count;
      }
      await tx`select set_config('storage.allow_delete_query', 'true', true)`;
      const r = await tx`delete from storage.objects where bucket_id = ${op.bucket} and name = ${op.path}`;
      return r.count;
    }
  }
}

/** Runs one operation as userId (null = anon) in a rolled-back transaction and classifies the outcome. */
export async function runSqlOp(sql: postgres.Sql, userId: string | null, op: Op, cat: Catalog): Promise<Outcome> {
  const setup =
    op.kind === 'realtime' && !op.send
      ? (tx: Tx) =>
          tx`insert into realtime.messages (topic, extension, payload, event, private)
             values (${op.topic}, ${op.extension}, '{}', 'probe', true)`
      : undefined;
  try {
    const n = await attempt(sql, userId, (tx) => runOp(tx, op, cat), setup);
    return n > 0 ? 'rows' : 'empty';
  } catch (err) {
    return classify(pgCode(err));
  }
}

export function userIdOf(f: Fixture, who: string): string | null {
  if (who === 'anon') return null;
  return f.user[who as keyof Fixture['user']] ?? randomUUID();
}
