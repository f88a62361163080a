import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture, IDENTITIES } from './fixture.ts';
import { connect } from './helpers.ts';
import { expectation, SPEC } from './isolation-spec.ts';
import { type Catalog, loadCatalog, runSqlOp, userIdOf } from './sql-runner.ts';

/**
 * The isolation matrix at the SQL level: every row of isolation-spec.ts for every identity, each in a
 * rolled-back transaction as the API role with the identity's JWT claims (what PostgREST, Storage and
 * Realtime do per request). isolation-rest.test.ts runs the same rows through supabase-js.
 */
const sql = connect(8);
let f: Fixture;
let cat: Catalog;

beforeAll(async () => {
  f = await buildFixture(sql);
  cat = await loadCatalog(sql);
});
afterAll(() => sql.end());

describe('tenant isolation matrix (SQL)', () => {
  for (const row of SPEC) {
    it(row.name, async () => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      await Promise.all(
        IDENTITIES.map(async (who) => {
          const me = userIdOf(f, who);
          const e = expectation(row, who);
          const outcome = await runSqlOp(sql, me, row.op(f, me), cat);
          got[who] = e === 'ok' && (outcome === 'rows' || outcome === 'empty') ? 'ok' : outcome;
          want[who] = e;
        }),
      );
      expect(got).toEqual(want);
    });
  }
});

describe('matrix completeness', () => {
  it('has select, insert, update and delete rows for every table in public', async () => {
    const tables = await sql<{ t: string }[]>`
      select c.relname as t from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')`;
    const missing: string[] = [];
    for (const { t } of tables) {
      for (const kind of ['select', 'insert', 'update', 'delete']) {
        const covered = SPEC.some((r) => {
          const op = r.op(f, f.user.mem);
          return op.kind === kind && 'table' in op && op.table === t;
        });
        if (!covered) missing.push(`${t} ${kind}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a row for every function in public that a client can execute', async () => {
    const fns = await sql<{ fn: string }[]>`
      select distinct p.proname as fn from pg_proc p
      where p.pronamespace = 'public'::regnamespace
        and (has_function_privilege('authenticated', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))`;
    const covered = new Set(SPEC.map((r) => r.op(f, f.user.mem)).flatMap((op) => (op.kind === 'rpc' ? [op.fn] : [])));
    expect(fns.map((r) => r.fn).filter((fn) => !covered.has(fn))).toEqual([]);
  });

  it('has rows for every storage bucket and every realtime topic kind', async () => {
    const buckets = await sql<{ id: string }[]>`select id from storage.buckets`;
    const ops = SPEC.map((r) => r.op(f, f.user.mem));
    const coveredBuckets = new Set(ops.flatMap((op) => (op.kind === 'storage' ? [op.bucket] : [])));
    expect(buckets.map((b) => b.id).filter((b) => !coveredBuckets.has(b))).toEqual([]);
    const topics = ops.flatMap((op) => (op.kind === 'realtime' ? [op.topic] : []));
    for (const prefix of [/^channel:[^:]+$/, /^channel:[^:]+:typing$/, /^workspace:/, /^user:/]) {
      expect(
        topics.some((t) => prefix.test(t)),
        String(prefix),
      ).toBe(true);
    }
  });
});
