import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, apiUrl, client, SERVICE_ROLE_KEY, sql } from '../helpers.ts';
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

// biome-ignore lint/suspicious/noExplicitAny: broadcast payloads are arbitrary JSON
type Msg = { event: string; payload: any; meta?: { id: string } };

function collect(ch: RealtimeChannel, event = '*'): Msg[] {
  const got: Msg[] = [];
  ch.on('broadcast', { event }, (m) => got.push(m as unknown as Msg));
  return got;
}

describe('realtime: broadcast between clients', () => {
  const clients: SupabaseClient[] = [];
  const mk = (vsn?: string) => {
    const c = vsn ? createClient(apiUrl(), ANON_KEY, { realtime: { vsn } }) : client();
    clients.push(c);
    return c;
  };
  afterAll(() => closeClients(...clients));

  it('reaches the other subscribers, not the sender unless self is set, and acks on request', async () => {
    const topic = `bc-${Date.now()}`;
    const [a, b, c] = [mk(), mk(), mk()];
    const chA = a.channel(topic, { config: { broadcast: { ack: true } } });
    const chB = b.channel(topic);
    const chC = c.channel(topic, { config: { broadcast: { self: true } } });
    const [gotA, gotB, gotC] = [collect(chA), collect(chB), collect(chC, 'hello')];
    for (const ch of [chA, chB, chC]) await expectSubscribed(ch);

    expect(await chA.send({ type: 'broadcast', event: 'hello', payload: { n: 1, text: 'héllo ✓' } })).toBe('ok');
    await waitFor(() => gotB.length === 1 && gotC.length === 1, 5000, 'deliveries');
    expect(gotB[0]).toEqual({ type: 'broadcast', event: 'hello', payload: { n: 1, text: 'héllo ✓' } });

    // self: true echoes to the sender's own channel.
    await chC.send({ type: 'broadcast', event: 'hello', payload: { n: 2 } });
    await waitFor(() => gotC.length === 2 && gotA.length === 1, 5000, 'self echo');
    expect(gotC[1].payload).toEqual({ n: 2 });
    await sleep(200);
    // A (self: false) never sees its own message; B (self: false) did not send.
    expect(gotA.map((m) => m.payload.n)).toEqual([2]);
    expect(gotB.map((m) => m.payload.n)).toEqual([1, 2]);
  });

  it('carries binary payloads to vsn 2.0.0 and JSON to vsn 1.0.0 subscribers', async () => {
    const topic = `bin-${Date.now()}`;
    const sender = mk();
    const v1 = mk('1.0.0');
    const chS = sender.channel(topic);
    const chV1 = v1.channel(topic);
    const raw = new RawClient();
    await raw.opened;
    const got1 = collect(chV1);
    await expectSubscribed(chS);
    await expectSubscribed(chV1);
    await raw.join(`realtime:${topic}`);
    await chS.send({ type: 'broadcast', event: 'json', payload: { ok: true } });
    const bytes = new Uint8Array([1, 2, 3, 250]).buffer;
    await chS.send({ type: 'broadcast', event: 'bytes', payload: bytes });
    const bin = await raw.waitFor((m) => m.event === 'broadcast' && m.payload.event === 'bytes');
    expect([...(bin.payload.payload as Buffer)]).toEqual([1, 2, 3, 250]);
    await waitFor(() => got1.length >= 1, 5000, 'v1 delivery');
    await sleep(200);
    // vsn 1.0.0 cannot represent binary payloads: only the JSON one arrives.
    expect(got1).toEqual([{ type: 'broadcast', event: 'json', payload: { ok: true } }]);
    raw.close();
  });

  it('POST /api/broadcast delivers to public subscribers and answers 202', async () => {
    const topic = `rest-${Date.now()}`;
    const sub = mk();
    const ch = sub.channel(topic);
    const got = collect(ch);
    await expectSubscribed(ch);
    const r = await fetch(`${apiUrl()}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic, event: 'from-rest', payload: { x: 1 }, id: 'm-1' }] }),
    });
    expect(r.status).toBe(202);
    await waitFor(() => got.length === 1, 5000, 'rest broadcast');
    expect(got[0]).toMatchObject({ event: 'from-rest', payload: { x: 1 }, meta: { id: 'm-1' } });

    const bad = await fetch(`${apiUrl()}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: 'garbage', authorization: 'Bearer garbage', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic, event: 'x', payload: {} }] }),
    });
    expect(bad.status).toBe(401);
    const invalid = await fetch(`${apiUrl()}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic }] }),
    });
    expect(invalid.status).toBe(422);
    // httpSend (single-message endpoint) and send() before subscribing (REST fallback).
    const other = mk().channel(topic);
    expect(await other.httpSend('single', { y: 2 })).toEqual({ success: true });
    await waitFor(() => got.length === 2, 5000, 'httpSend');
    expect(got[1]).toMatchObject({ event: 'single', payload: { y: 2 } });
  });
});

describe('realtime: broadcast from the database', () => {
  let users: TestUser[];
  let room: number;
  const clients: SupabaseClient[] = [];
  beforeAll(async () => {
    users = await Promise.all([makeUser('rt-db1'), makeUser('rt-db2'), makeUser('rt-db3')]);
    room = await makeRoom(users);
  });
  afterAll(() => closeClients(...clients));

  it('realtime.send() reaches public subscribers with meta.id; private only private ones', async () => {
    const topic = `dbsend-${Date.now()}`;
    const c = client();
    clients.push(c);
    const ch = c.channel(topic);
    const got = collect(ch);
    await expectSubscribed(ch);
    const db = sql();
    try {
      await db`select realtime.send(${db.json({ hello: 'db' })}, 'db-event', ${topic}, false)`;
      await db`select realtime.send(${db.json({ hidden: true })}, 'db-event', ${topic})`; // private by default
    } finally {
      await db.end();
    }
    await waitFor(() => got.length >= 1, 5000, 'db broadcast');
    await sleep(300);
    expect(got).toHaveLength(1);
    expect(got[0].event).toBe('db-event');
    expect(got[0].payload).toMatchObject({ hello: 'db' });
    expect(got[0].meta?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(got[0].payload.id).toBe(got[0].meta?.id);
  });

  it('a trigger calling realtime.broadcast_changes reaches every member in commit order', async () => {
    const received: Msg[][] = [];
    for (const u of users) {
      const c = userClient(u);
      clients.push(c);
      const ch = c.channel(`room:${room}`, { config: { private: true } });
      received.push(collect(ch));
      await expectSubscribed(ch);
    }
    const db = sql();
    const N = 20;
    try {
      // Concurrent writers: the order that counts is the order of commits.
      await Promise.all(
        Array.from(
          { length: N },
          (_, i) =>
            db`insert into public.rt_room_messages (room_id, user_id, body) values (${room}, ${users[i % 3].id}, ${`m${i}`})`,
        ),
      );
      await db`update public.rt_room_messages set body = 'edited' where room_id = ${room} and body = 'm0'`;
      await db`delete from public.rt_room_messages where room_id = ${room} and body = 'm1'`;
    } finally {
      await db.end();
    }
    for (const got of received) await waitFor(() => got.length === N + 2, 8000, 'all db broadcasts');
    const commitOrder = received[0].slice(0, N).map((m) => m.payload.record.id);
    // ids come from a sequence and each insert is its own transaction: commit order is id order here
    // only when commits did not interleave, so compare every subscriber with the first instead.
    for (const got of received) {
      expect(got.slice(0, N).map((m) => m.payload.record.id)).toEqual(commitOrder);
      expect(got.map((m) => m.event)).toEqual([...Array(N).fill('INSERT'), 'UPDATE', 'DELETE']);
    }
    const ins = received[1][0];
    expect(ins.payload).toMatchObject({
      operation: 'INSERT',
      table: 'rt_room_messages',
      schema: 'public',
      old_record: null,
      record: { room_id: room, body: expect.stringMatching(/^m\d+$/) },
    });
    expect(ins.meta?.id).toBe(ins.payload.id);
    expect(received[2][N].payload.record.body).toBe('edited');
    expect(received[2][N + 1].payload).toMatchObject({ operation: 'DELETE', record: null, old_record: { body: 'm1' } });
  });

  it('delivers database broadcasts in commit order even when commits interleave', async () => {
    const c = client(SERVICE_ROLE_KEY);
    clients.push(c);
    const topic = `order-${Date.now()}`;
    const ch = c.channel(topic);
    const got = collect(ch);
    await expectSubscribed(ch);
    const a = sql();
    const b = sql();
    try {
      // Transaction A sends first but commits last.
      const txA = a.begin(async (tx) => {
        await tx`select realtime.send(${tx.json({ n: 'A' })}, 'e', ${topic}, false)`;
        await sleep(300);
      });
      await sleep(100);
      await b`select realtime.send(${b.json({ n: 'B' })}, 'e', ${topic}, false)`;
      await txA;
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    await waitFor(() => got.length === 2, 5000, 'two messages');
    expect(got.map((m) => m.payload.n)).toEqual(['B', 'A']);
  });
});
