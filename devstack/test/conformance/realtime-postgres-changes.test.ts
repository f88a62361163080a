import type { RealtimeChannel, RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, sql } from '../helpers.ts';
import {
  closeClients,
  expectSubscribed,
  makeRoom,
  makeUser,
  RawClient,
  sleep,
  type TestUser,
  userClient,
  waitFor,
} from '../realtime-helpers.ts';

type Change = RealtimePostgresChangesPayload<Record<string, unknown>>;

function listen(
  ch: RealtimeChannel,
  filter: { event: '*' | 'INSERT' | 'UPDATE' | 'DELETE'; table: string; filter?: string; schema?: string },
) {
  const got: Change[] = [];
  ch.on('postgres_changes', { schema: 'public', ...filter } as never, (p: Change) => got.push(p));
  return got;
}

async function run(fn: (db: ReturnType<typeof sql>) => Promise<unknown>) {
  const db = sql();
  try {
    await fn(db);
  } finally {
    await db.end();
  }
}

describe('realtime: postgres_changes', () => {
  const clients: SupabaseClient[] = [];
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let room: number;
  beforeAll(async () => {
    [alice, bob, mallory] = await Promise.all([makeUser('pg-a'), makeUser('pg-b'), makeUser('pg-m')]);
    room = await makeRoom([alice, bob]);
  });
  afterAll(() => closeClients(...clients));

  it('delivers INSERT/UPDATE/DELETE with the payload shape and type coercion of realtime-js', async () => {
    const grp = `g${Date.now()}`;
    const c = client();
    clients.push(c);
    const ch = c.channel(`pg-${grp}`);
    const all = listen(ch, { event: '*', table: 'rt_items', filter: `grp=eq.${grp}` });
    const inserts = listen(ch, { event: 'INSERT', table: 'rt_items', filter: `grp=eq.${grp}` });
    const deletes = listen(ch, { event: 'DELETE', table: 'rt_items' });
    await expectSubscribed(ch);
    let id = 0;
    await run(async (db) => {
      const [r] = await db`insert into public.rt_items (grp, n, price, flag, data, labels, secret)
        values (${grp}, 7, 12.5, true, ${db.json({ k: [1, 'two'] })}, ${['a', 'b,c']}, 's3cret') returning id`;
      id = Number(r.id);
      await db`update public.rt_items set n = 8 where id = ${id}`;
      await db`delete from public.rt_items where id = ${id}`;
    });
    await waitFor(() => all.length === 2, 5000, 'insert and update');
    const del = await waitFor(() => deletes.find((d) => (d.old as { id: number }).id === id), 5000, 'delete');
    await sleep(200);
    // A DELETE only carries the primary key (replica identity default), so a filter on another column
    // never matches it: Realtime fails closed.
    expect(all).toHaveLength(2);
    expect(inserts).toHaveLength(1);
    const [ins, upd] = all;
    expect(ins).toMatchObject({
      schema: 'public',
      table: 'rt_items',
      eventType: 'INSERT',
      errors: null,
      new: { id, grp, n: 7, price: 12.5, flag: true, data: { k: [1, 'two'] }, labels: ['a', 'b,c'] },
      old: {},
    });
    expect(ins.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // anon may not SELECT `secret`: the column is left out.
    expect('secret' in (ins.new as object)).toBe(false);
    expect(upd).toMatchObject({ eventType: 'UPDATE', new: { id, n: 8 }, old: { id } });
    expect(Object.keys(upd.old)).toEqual(['id']);
    expect(del).toMatchObject({ eventType: 'DELETE', new: {}, old: { id } });
  });

  it('applies eq, neq, lt, lte, gt, gte and in filters', async () => {
    const grp = `f${Date.now()}`;
    const c = client();
    clients.push(c);
    const ch = c.channel(`pgf-${grp}`);
    const cases: Record<string, string> = {
      eq: 'n=eq.5',
      neq: 'n=neq.5',
      lt: 'n=lt.5',
      lte: 'n=lte.5',
      gt: 'n=gt.5',
      gte: 'n=gte.5',
      in: 'n=in.(1,9)',
    };
    const got: Record<string, Change[]> = {};
    for (const [k, f] of Object.entries(cases)) {
      got[k] = listen(ch, { event: 'INSERT', table: 'rt_items', filter: `grp=eq.${grp},${f}` });
    }
    await expectSubscribed(ch);
    await run(async (db) => {
      for (const n of [1, 5, 9]) await db`insert into public.rt_items (grp, n) values (${grp}, ${n})`;
    });
    await waitFor(() => got.eq.length === 1 && got.neq.length === 2, 5000, 'filtered changes');
    await sleep(300);
    const ns = (k: string) => got[k].map((p) => (p.new as { n: number }).n);
    expect(ns('eq')).toEqual([5]);
    expect(ns('neq')).toEqual([1, 9]);
    expect(ns('lt')).toEqual([1]);
    expect(ns('lte')).toEqual([1, 5]);
    expect(ns('gt')).toEqual([9]);
    expect(ns('gte')).toEqual([5, 9]);
    expect(ns('in')).toEqual([1, 9]);
  });

  it("never delivers a row the subscriber's RLS hides; DELETE carries only the primary key", async () => {
    const chans = [alice, mallory].map((u) => {
      const c = userClient(u);
      clients.push(c);
      return c.channel(`pg-rls-${u.id}`);
    });
    const [gotAlice, gotMallory] = chans.map((ch) => listen(ch, { event: '*', table: 'rt_room_messages' }));
    for (const ch of chans) await expectSubscribed(ch);
    // The RLS check runs after commit against the table, as Realtime's does: let the INSERT land first.
    let id = 0;
    await run(async (db) => {
      const [m] = await db`insert into public.rt_room_messages (room_id, user_id, body)
        values (${room}, ${bob.id}, 'secret plans') returning id`;
      id = Number(m.id);
    });
    await waitFor(() => gotAlice.length === 1, 5000, 'member insert');
    await run((db) => db`delete from public.rt_room_messages where id = ${id}`);
    await waitFor(() => gotAlice.length === 2, 5000, 'member delete');
    expect(gotAlice[0]).toMatchObject({ eventType: 'INSERT', new: { body: 'secret plans', room_id: room } });
    expect(gotAlice[1].eventType).toBe('DELETE');
    expect(Object.keys(gotAlice[1].old)).toEqual(['id']);
    await sleep(300);
    // Mallory is not a member: the INSERT is hidden; DELETEs are not RLS-checked (only the key leaks).
    expect(gotMallory.map((p) => p.eventType)).toEqual(['DELETE']);
    expect(Object.keys(gotMallory[0].old)).toEqual(['id']);
  });

  it('checks RLS once per distinct subscriber claims, not once per channel', async () => {
    // A table of its own (outside `public`, so typegen and other files never see it) whose select
    // policy counts its evaluations in a sequence: sequences are not rolled back with the probe.
    const tag = `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const table = `rt_probe.${tag}`;
    await run(async (db) => {
      await db.unsafe(`
        create schema if not exists rt_probe;
        grant usage on schema rt_probe to authenticated;
        create sequence rt_probe.${tag}_checks;
        grant usage on sequence rt_probe.${tag}_checks to authenticated;
        create function rt_probe.${tag}_counted() returns boolean language sql volatile
          as $$ select nextval('rt_probe.${tag}_checks') > 0 $$;
        create table ${table} (id bigint primary key, room_id bigint not null);
        alter table ${table} enable row level security;
        create policy members on ${table} for select to authenticated
          using (rt_probe.${tag}_counted() and public.rt_is_member(room_id));
        grant select on ${table} to authenticated;
        alter publication supabase_realtime add table ${table};
      `);
    });
    const checks = async () => {
      let n = 0;
      await run(async (db) => {
        const [r] = await db.unsafe(`select last_value, is_called from rt_probe.${tag}_checks`);
        n = r.is_called ? Number(r.last_value) : 0;
      });
      return n;
    };
    try {
      // Alice on three channels of one socket (one token, same claims), Bob and Mallory on one each.
      const ca = userClient(alice);
      const others = [bob, mallory].map((u) => userClient(u));
      clients.push(ca, ...others);
      const chans = [
        ...[1, 2, 3].map((i) => ca.channel(`pg-claims-${tag}-${i}`)),
        ...others.map((c, i) => c.channel(`pg-claims-${tag}-u${i}`)),
      ];
      const got = chans.map((ch) => listen(ch, { event: 'INSERT', schema: 'rt_probe', table: tag }));
      for (const ch of chans) await expectSubscribed(ch);
      const before = await checks();
      await run((db) => db.unsafe(`insert into ${table} (id, room_id) values (1, ${room})`));
      await waitFor(() => got.slice(0, 4).every((g) => g.length === 1), 5000, 'members receive the insert');
      await sleep(300);
      for (const g of got.slice(0, 4))
        expect(g[0]).toMatchObject({ eventType: 'INSERT', new: { id: 1, room_id: room } });
      // Mallory is no member: her probe says no.
      expect(got[4]).toEqual([]);
      // Three distinct claims (Alice, Bob, Mallory) for five channels.
      expect((await checks()) - before).toBe(3);
    } finally {
      await run((db) => db.unsafe(`alter publication supabase_realtime drop table ${table}; drop table ${table};`));
    }
  });

  it('reports bindings it cannot serve in a system message', async () => {
    const r = new RawClient();
    await r.opened;
    await r.join('realtime:pg-bad', {
      config: { postgres_changes: [{ event: '*', schema: 'public', table: 'not_published' }] },
    });
    const sys = await r.waitFor((m) => m.event === 'system');
    expect(sys.payload).toMatchObject({ extension: 'postgres_changes', status: 'error', channel: 'pg-bad' });
    expect(sys.payload.message).toMatch(
      /^Unable to subscribe to changes with given parameters\. Please check Realtime is enabled for the given connect parameters: \[event: \*, schema: public, table: not_published/,
    );
    await r.join('realtime:pg-bad2', {
      config: { postgres_changes: [{ event: '*', schema: 'public', table: 'rt_items', filter: 'nope=eq.1' }] },
    });
    const sys2 = await r.waitFor((m) => m.event === 'system' && m.topic === 'realtime:pg-bad2');
    expect(sys2.payload.message).toContain('invalid column for filter nope');
    r.close();
  });
});
