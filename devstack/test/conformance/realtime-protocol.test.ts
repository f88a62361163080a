import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { ANON_KEY, apiUrl, client, PUBLISHABLE_KEY } from '../helpers.ts';
import { closeClients, RawClient, subscribe, waitFor, wsUrl } from '../realtime-helpers.ts';

const raws: RawClient[] = [];
const raw = (params?: Record<string, string>) => {
  const r = new RawClient(params);
  raws.push(r);
  return r;
};
afterAll(() => {
  for (const r of raws) r.close();
});

/** The handshake's HTTP answer (no upgrade) for a given query. */
function handshake(params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const u = new URL(wsUrl(params).replace('ws:', 'http:'));
  return new Promise((resolve, reject) => {
    const req = http.get(u, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: null });
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
  });
}

describe('realtime: connection and Phoenix protocol', () => {
  it('refuses handshakes without a valid key with Realtime HTTP errors', async () => {
    expect(await handshake({ vsn: '2.0.0' })).toEqual({ status: 401, body: { error: 'API key is missing' } });
    expect(await handshake({ apikey: 'nope', vsn: '2.0.0' })).toEqual({
      status: 401,
      body: { error: 'The token provided is not a valid JWT' },
    });
    expect((await handshake({ apikey: ANON_KEY, vsn: '2.0.0' })).status).toBe(101);
    const forged = `${ANON_KEY.slice(0, -4)}AAAA`;
    expect(await handshake({ apikey: forged, vsn: '2.0.0' })).toEqual({
      status: 401,
      body: { error: 'Failed to validate JWT signature' },
    });
  });

  it('answers heartbeats on topic phoenix (vsn 2.0.0 arrays)', async () => {
    const r = raw();
    await r.opened;
    const ref = r.push('phoenix', 'heartbeat', {});
    const reply = await r.reply(ref);
    expect(reply).toEqual({
      joinRef: null,
      ref,
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
    });
  });

  it('speaks vsn 1.0.0 JSON objects without join_ref', async () => {
    const r = raw({ vsn: '1.0.0' });
    await r.opened;
    const { joinRef, reply } = await r.join('realtime:v1-room', { config: { broadcast: { self: true } } });
    expect(reply.payload).toEqual({ status: 'ok', response: { postgres_changes: [] } });
    expect(r.received.some((m) => 'join_ref' in (m as object) && m.joinRef !== null)).toBe(false);
    r.push('realtime:v1-room', 'broadcast', { type: 'broadcast', event: 'hi', payload: { a: 1 } }, joinRef);
    const got = await r.waitFor((m) => m.event === 'broadcast');
    expect(got.payload).toEqual({ type: 'broadcast', event: 'hi', payload: { a: 1 } });
  });

  it('replies to joins with the join ref, refuses an empty topic, answers unmatched topics', async () => {
    const r = raw();
    await r.opened;
    const empty = await r.join('realtime:');
    expect(empty.reply.joinRef).toBe(empty.joinRef);
    expect(empty.reply.payload).toEqual({
      status: 'error',
      response: { reason: 'TopicNameRequired: You must provide a topic name' },
    });
    const ref = r.push('realtime:never-joined', 'broadcast', { type: 'broadcast', event: 'x', payload: {} }, '99');
    expect((await r.reply(ref)).payload).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });
    const other = await r.join('not-realtime');
    expect(other.reply.payload).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });
  });

  it('phx_leave replies ok then closes the channel with phx_close carrying the join ref', async () => {
    const r = raw();
    await r.opened;
    const { joinRef } = await r.join('realtime:leave-me');
    const ref = r.push('realtime:leave-me', 'phx_leave', {}, joinRef);
    expect((await r.reply(ref)).payload).toEqual({ status: 'ok', response: {} });
    const close = await r.waitFor((m) => m.event === 'phx_close');
    expect(close).toMatchObject({ joinRef, ref: joinRef, topic: 'realtime:leave-me', payload: {} });
  });

  it('a duplicate join closes the previous channel instance', async () => {
    const r = raw();
    await r.opened;
    const first = await r.join('realtime:dup');
    const second = await r.join('realtime:dup');
    expect(second.reply.payload.status).toBe('ok');
    const close = await r.waitFor((m) => m.event === 'phx_close');
    expect(close.joinRef).toBe(first.joinRef);
  });

  it('supabase-js subscribes with the anon key, a publishable key and vsn 1.0.0', async () => {
    const a = client();
    const b = client(PUBLISHABLE_KEY);
    const c = client();
    c.realtime.disconnect();
    const v1 = (await import('@supabase/supabase-js')).createClient(apiUrl(), ANON_KEY, { realtime: { vsn: '1.0.0' } });
    try {
      for (const cl of [a, b, v1]) {
        const res = await subscribe(cl.channel(`proto-${Math.random()}`));
        expect(res.status).toBe('SUBSCRIBED');
      }
    } finally {
      await closeClients(a, b, c, v1);
    }
  });

  it('echoes postgres_changes bindings in order with integer ids', async () => {
    const r = raw();
    await r.opened;
    const bindings = [
      { event: 'INSERT', schema: 'public', table: 'rt_items', filter: 'grp=eq.a' },
      { event: '*', schema: 'public', table: 'rt_items' },
    ];
    const { reply } = await r.join('realtime:pg-echo', { config: { postgres_changes: bindings } });
    const echoed = reply.payload.response.postgres_changes;
    expect(echoed).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      expect(echoed[i]).toMatchObject(bindings[i]);
      expect(Number.isInteger(echoed[i].id)).toBe(true);
      expect(echoed[i].id).toBeGreaterThan(0);
    }
    const sys = await r.waitFor((m) => m.event === 'system');
    expect(sys.payload).toEqual({
      extension: 'postgres_changes',
      status: 'ok',
      message: 'Subscribed to PostgreSQL',
      channel: 'pg-echo',
    });
    // Channel-scoped pushes carry the channel's join_ref.
    expect(sys.joinRef).toBe(reply.joinRef);
  });

  it('pushes presence_state right after joining a presence-enabled channel', async () => {
    const r = raw();
    await r.opened;
    const { joinRef } = await r.join('realtime:presence-state', { config: { presence: { enabled: true, key: 'me' } } });
    const state = await waitFor(() => r.received.find((m) => m.event === 'presence_state'));
    expect(state).toMatchObject({ joinRef, ref: null, payload: {} });
  });
});
