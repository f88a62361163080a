import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture, IDENTITIES, type Identity } from './fixture.ts';
import { ANON_KEY, apiUrl, classify, connect, JWT_SECRET, type Outcome } from './helpers.ts';
import { expectation, type Op, SPEC } from './isolation-spec.ts';
import { userIdOf } from './sql-runner.ts';

/**
 * The same isolation matrix through supabase-js and /rest/v1, as real signed-in users (HS256 access
 * tokens signed with the project's JWT secret, as Supabase Auth issues them). Table and RPC rows run
 * here: every cell of read operations, and every denied cell of writes (a successful write commits
 * and would change the fixture for the next cell; those cells run in the rolled-back SQL runner).
 * Realtime and storage rows run at the SQL level until those services are exercised end to end.
 * Skipped (with a notice) while the REST service answers 501.
 */
const sql = connect(2);
let f: Fixture;
let restReady = false;
const clients = new Map<Identity, SupabaseClient>();

async function token(userId: string) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: userId, role: 'authenticated', aud: 'authenticated', email: `${userId}@example.com` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

beforeAll(async () => {
  const url = apiUrl();
  if (!url) return;
  const probe = await fetch(`${url}/rest/v1/workspaces?select=id&limit=1`, { headers: { apikey: ANON_KEY } }).catch(
    () => undefined,
  );
  restReady = !!probe && probe.status !== 501 && probe.status !== 404;
  if (!restReady) {
    console.warn(`[db] REST at ${url} is not available (status ${probe?.status}); supabase-js matrix skipped`);
    return;
  }
  f = await buildFixture(sql);
  for (const who of IDENTITIES) {
    const me = userIdOf(f, who);
    const headers: Record<string, string> = me ? { Authorization: `Bearer ${await token(me)}` } : {};
    clients.set(
      who,
      createClient(url, ANON_KEY, { global: { headers }, auth: { persistSession: false, autoRefreshToken: false } }),
    );
  }
});
afterAll(() => sql.end());

async function runRest(c: SupabaseClient, op: Op): Promise<Outcome> {
  const done = (error: { code?: string } | null, n: number): Outcome =>
    error ? classify(error.code) : n > 0 ? 'rows' : 'empty';
  switch (op.kind) {
    case 'select': {
      // Only the filtered columns: some tables grant SELECT on a subset (workspace_invites.token_hash).
      const { data, error } = await c.from(op.table).select(Object.keys(op.match).join(',')).match(op.match);
      return done(error, data?.length ?? 0);
    }
    case 'insert': {
      const { error, count } = await c.from(op.table).insert(op.values, { count: 'exact' });
      return done(error, count ?? 0);
    }
    case 'update': {
      const { error, count } = await c.from(op.table).update(op.set, { count: 'exact' }).match(op.match);
      return done(error, count ?? 0);
    }
    case 'delete': {
      const { error, count } = await c.from(op.table).delete({ count: 'exact' }).match(op.match);
      return done(error, count ?? 0);
    }
    case 'rpc': {
      let q = c.rpc(op.fn, op.args);
      for (const [k, v] of Object.entries(op.filter ?? {})) q = q.eq(k, v as string);
      const { data, error } = await q;
      return done(error, Array.isArray(data) ? data.length : data === null ? 0 : 1);
    }
    default:
      throw new Error(`not a REST operation: ${op.kind}`);
  }
}

const READ_RPCS = new Set([
  'fetch_messages',
  'fetch_message_changes',
  'list_thread',
  'channel_unreads',
  'search_messages',
]);
const isRead = (op: Op) => op.kind === 'select' || (op.kind === 'rpc' && READ_RPCS.has(op.fn));

describe('tenant isolation matrix (supabase-js through /rest/v1)', () => {
  for (const row of SPEC) {
    const sample = row.op({ user: {} } as unknown as Fixture, null);
    if (sample.kind === 'realtime' || sample.kind === 'storage') continue;
    it(row.name, async (ctx) => {
      if (!restReady) ctx.skip();
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of IDENTITIES) {
        const e = expectation(row, who);
        // Writes commit through REST, so successful writes would change the fixture under the next
        // cells: only reads and denied writes run here; successful writes are covered by the SQL runner.
        if (!isRead(sample) && (e === 'rows' || e === 'ok')) continue;
        const outcome = await runRest(clients.get(who)!, row.op(f, userIdOf(f, who)));
        got[who] = e === 'ok' && (outcome === 'rows' || outcome === 'empty') ? 'ok' : outcome;
        want[who] = e;
      }
      expect(got).toEqual(want);
    });
  }
});
