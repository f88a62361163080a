import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, apiUrl, client, SERVICE_ROLE_KEY, sql } from '../helpers.ts';
import {
  closeClients,
  expectSubscribed,
  type Incoming,
  makeRoom,
  makeUser,
  RawClient,
  sleep,
  type TestUser,
  userClient,
  waitFor,
  wsUrl,
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

/**
 * A Phoenix vsn 2.0.0 client on a bare TCP socket, so that several frames can leave in one write and
 * reach devstack in one read (the case where its fan-out coalesces writes). Client frames are masked
 * as RFC 6455 requires; server frames are decoded as they arrive, in order.
 */
class TcpPhoenixClient {
  readonly received: Incoming[] = [];
  private sock: net.Socket;
  private buf = Buffer.alloc(0);
  private upgraded = false;
  readonly opened: Promise<void>;

  constructor(url: string) {
    const u = new URL(url);
    this.sock = net.connect(Number(u.port), u.hostname);
    this.opened = new Promise((resolve, reject) => {
      this.sock.once('error', reject);
      this.sock.on('data', (chunk: Buffer) => {
        this.buf = Buffer.concat([this.buf, chunk]);
        if (!this.upgraded) {
          const end = this.buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          if (!this.buf.toString('latin1', 0, end).startsWith('HTTP/1.1 101')) {
            reject(new Error(this.buf.toString('latin1', 0, end)));
            return;
          }
          this.upgraded = true;
          this.buf = this.buf.subarray(end + 4);
          resolve();
        }
        this.parse();
      });
    });
    const key = randomBytes(16).toString('base64');
    this.sock.write(
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  }

  private parse(): void {
    for (;;) {
      if (this.buf.length < 2) return;
      const opcode = this.buf[0] & 0x0f;
      let len = this.buf[1] & 0x7f;
      let o = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        o = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        o = 10;
      }
      if (this.buf.length < o + len) return;
      const data = this.buf.subarray(o, o + len);
      this.buf = this.buf.subarray(o + len);
      if (opcode === 1) {
        const m = JSON.parse(data.toString('utf8'));
        this.received.push({ joinRef: m[0], ref: m[1], topic: m[2], event: m[3], payload: m[4] });
      } else if (opcode === 2 && data[0] === 4) {
        const [tl, el, ml] = [data[1], data[2], data[3]];
        const body = data.subarray(5 + tl + el + ml);
        this.received.push({
          joinRef: null,
          ref: null,
          topic: data.toString('utf8', 5, 5 + tl),
          event: 'broadcast',
          payload: { event: data.toString('utf8', 5 + tl, 5 + tl + el), payload: JSON.parse(body.toString('utf8')) },
        });
      }
    }
  }

  /** One masked client frame. */
  static frame(opcode: 1 | 2, data: Buffer): Buffer {
    const mask = randomBytes(4);
    const ext = data.length < 126 ? 0 : data.length < 65536 ? 2 : 8;
    const out = Buffer.alloc(2 + ext + 4 + data.length);
    out[0] = 0x80 | opcode;
    if (ext === 0) out[1] = 0x80 | data.length;
    else if (ext === 2) {
      out[1] = 0x80 | 126;
      out.writeUInt16BE(data.length, 2);
    } else {
      out[1] = 0x80 | 127;
      out.writeBigUInt64BE(BigInt(data.length), 2);
    }
    mask.copy(out, 2 + ext);
    for (let i = 0; i < data.length; i++) out[2 + ext + 4 + i] = data[i] ^ mask[i & 3];
    return out;
  }

  /** Several frames in a single write. */
  writeFrames(frames: Buffer[]): void {
    this.sock.write(Buffer.concat(frames));
  }

  async join(topic: string, config: unknown): Promise<string> {
    const joinRef = 'j1';
    this.writeFrames([
      TcpPhoenixClient.frame(1, Buffer.from(JSON.stringify([joinRef, joinRef, topic, 'phx_join', { config }]))),
    ]);
    const reply = await waitFor(
      () => this.received.find((m) => m.event === 'phx_reply' && m.ref === joinRef),
      5000,
      'join reply',
    );
    expect(reply.payload.status).toBe('ok');
    return joinRef;
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Kind-3 user broadcast push (JSON payload), as realtime-js encodes it. */
function kind3(joinRef: string, ref: string, topic: string, event: string, payload: unknown): Buffer {
  const [j, r, t, e] = [joinRef, ref, topic, event].map((s) => Buffer.from(s));
  const head = Buffer.from([3, j.length, r.length, t.length, e.length, 0, 1]);
  return Buffer.concat([head, j, r, t, e, Buffer.from(JSON.stringify(payload))]);
}

describe('realtime: fan-out of bursts and large frames', () => {
  it('a burst read in one go reaches vsn 1 and 2 subscribers complete and in order, echo before each ack', async () => {
    const topic = `realtime:burst-${Date.now()}`;
    const sub2 = new RawClient();
    const sub1 = new RawClient({ vsn: '1.0.0' });
    const sender = new TcpPhoenixClient(wsUrl());
    try {
      await Promise.all([sub2.opened, sub1.opened, sender.opened]);
      await sub2.join(topic);
      await sub1.join(topic);
      const joinRef = await sender.join(topic, { broadcast: { self: true, ack: true } });
      const N = 30;
      sender.writeFrames(
        Array.from({ length: N }, (_, i) => TcpPhoenixClient.frame(2, kind3(joinRef, `r${i}`, topic, 'b', { i }))),
      );
      const broadcasts = (c: { received: Incoming[] }) =>
        c.received.filter((m) => m.event === 'broadcast').map((m) => m.payload.payload.i);
      await waitFor(() => broadcasts(sub2).length === N && broadcasts(sub1).length === N, 5000, 'the burst');
      const order = Array.from({ length: N }, (_, i) => i);
      expect(broadcasts(sub2)).toEqual(order);
      expect(broadcasts(sub1)).toEqual(order);
      // The sender sees its own echo (self) and then the ack of each message, message by message.
      await waitFor(() => sender.received.filter((m) => m.ref?.startsWith('r')).length === N, 5000, 'acks');
      const seen = sender.received
        .filter((m) => m.event === 'broadcast' || m.ref?.startsWith('r'))
        .map((m) =>
          m.event === 'broadcast' ? `echo ${m.payload.payload.i}` : `ack ${m.ref?.slice(1)} ${m.payload.status}`,
        );
      expect(seen).toEqual(order.flatMap((i) => [`echo ${i}`, `ack ${i} ok`]));
    } finally {
      sub2.close();
      sub1.close();
      sender.close();
    }
  });

  it('payloads above the 16-bit frame length arrive intact, as binary on vsn 2 and JSON on vsn 1', async () => {
    const topic = `realtime:big-${Date.now()}`;
    const sub2 = new RawClient();
    const sub1 = new RawClient({ vsn: '1.0.0' });
    const sender = new TcpPhoenixClient(wsUrl());
    try {
      await Promise.all([sub2.opened, sub1.opened, sender.opened]);
      await sub2.join(topic);
      await sub1.join(topic);
      const joinRef = await sender.join(topic, {});
      const texts = [100, 70_000, 300_000].map((n, k) => `${'ü'.repeat(k)}${'z'.repeat(n)}`);
      sender.writeFrames(texts.map((s, i) => TcpPhoenixClient.frame(2, kind3(joinRef, `r${i}`, topic, 'big', { s }))));
      const got = (c: RawClient) => c.received.filter((m) => m.event === 'broadcast').map((m) => m.payload.payload.s);
      await waitFor(() => got(sub2).length === 3 && got(sub1).length === 3, 8000, 'large broadcasts');
      expect(got(sub2)).toEqual(texts);
      expect(got(sub1)).toEqual(texts);
    } finally {
      sub2.close();
      sub1.close();
      sender.close();
    }
  });

  it('one transaction with several realtime.send() calls arrives whole and in order', async () => {
    const topic = `tx-${Date.now()}`;
    const sub2 = new RawClient();
    const sub1 = new RawClient({ vsn: '1.0.0' });
    try {
      await Promise.all([sub2.opened, sub1.opened]);
      await sub2.join(`realtime:${topic}`);
      await sub1.join(`realtime:${topic}`);
      const db = sql();
      try {
        await db.begin(async (tx) => {
          for (let n = 0; n < 8; n++) await tx`select realtime.send(${tx.json({ n })}, 'e', ${topic}, false)`;
        });
      } finally {
        await db.end();
      }
      const got = (c: RawClient) => c.received.filter((m) => m.event === 'broadcast').map((m) => m.payload.payload.n);
      await waitFor(() => got(sub2).length === 8 && got(sub1).length === 8, 5000, 'the transaction');
      expect(got(sub2)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(got(sub1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    } finally {
      sub2.close();
      sub1.close();
    }
  });
});
