import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../helpers.ts';
import {
  closeClients,
  expectSubscribed,
  makeRoom,
  makeUser,
  mintToken,
  sleep,
  subscribe,
  type TestUser,
  tokenClient,
  userClient,
  waitFor,
} from '../realtime-helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: broadcast payloads are arbitrary JSON
type Msg = { event: string; payload: any };
const collect = (ch: RealtimeChannel, type: 'broadcast' | 'system' = 'broadcast') => {
  const got: Msg[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: system events have no filter
  ch.on(type as any, type === 'broadcast' ? { event: '*' } : {}, (m: Msg) => got.push(m));
  return got;
};

describe('realtime: private channels authorized by RLS on realtime.messages', () => {
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let room: number;
  const clients: SupabaseClient[] = [];
  const track = (c: SupabaseClient) => {
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([makeUser('rt-alice'), makeUser('rt-bob'), makeUser('rt-carol')]);
    room = await makeRoom([alice, bob]);
  });
  afterAll(() => closeClients(...clients));

  it('members join and exchange broadcasts; a non-member is refused with Realtime reason', async () => {
    const a = track(userClient(alice)).channel(`room:${room}`, { config: { private: true } });
    const b = track(userClient(bob)).channel(`room:${room}`, { config: { private: true } });
    const gotB = collect(b);
    await expectSubscribed(a);
    await expectSubscribed(b);
    const c = track(userClient(carol)).channel(`room:${room}`, { config: { private: true } });
    const refused = await subscribe(c);
    expect(refused.status).toBe('CHANNEL_ERROR');
    expect(refused.error?.message).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: room:${room}`,
    );
    await c.unsubscribe();
    await a.send({ type: 'broadcast', event: 'hi', payload: { from: 'alice' } });
    await waitFor(() => gotB.length === 1, 5000, 'member broadcast');
    expect(gotB[0].payload).toEqual({ from: 'alice' });

    // The anon key cannot join a private topic at all, and public/private topics are separate.
    const anonCh = track(tokenClient({ current: '' })).channel(`room:${room}`, { config: { private: true } });
    expect((await subscribe(anonCh)).status).toBe('CHANNEL_ERROR');
    await anonCh.unsubscribe();
    const publicSame = track(userClient(carol)).channel(`room:${room}`);
    const gotPublic = collect(publicSame);
    await expectSubscribed(publicSame);
    await a.send({ type: 'broadcast', event: 'hi', payload: { from: 'alice-2' } });
    await waitFor(() => gotB.length === 2, 5000, 'second broadcast');
    await sleep(200);
    expect(gotPublic).toEqual([]);
  });

  it('without write permission a broadcast is dropped with no reply, even with ack', async () => {
    const reader = track(userClient(carol)).channel('announcements', { config: { private: true } });
    const writer = track(userClient(alice)).channel('announcements', {
      config: { private: true, broadcast: { ack: true } },
    });
    const got = collect(reader);
    await expectSubscribed(reader);
    await expectSubscribed(writer);
    expect(await writer.send({ type: 'broadcast', event: 'news', payload: {} }, { timeout: 1500 })).toBe('timed out');
    await sleep(200);
    expect(got).toEqual([]);
    // Database-originated messages still reach the readers of the topic.
    const db = sql();
    try {
      await db`select realtime.send(${db.json({ v: 1 })}, 'news', 'announcements', true)`;
    } finally {
      await db.end();
    }
    await waitFor(() => got.length === 1, 5000, 'db announcement');
    expect(got[0]).toMatchObject({ event: 'news', payload: { v: 1 } });
  });

  it('a token refresh that loses access stops delivery with Realtime system message', async () => {
    const room2 = await makeRoom([alice, bob]);
    const tokenRef = { current: bob.token };
    const bobClient = track(tokenClient(tokenRef));
    const ch = bobClient.channel(`room:${room2}`, { config: { private: true } });
    const got = collect(ch);
    const system = collect(ch, 'system');
    const states: string[] = [];
    await expectSubscribed(ch);
    ch.subscribe((s) => states.push(s));
    const sender = track(userClient(alice)).channel(`room:${room2}`, { config: { private: true } });
    await expectSubscribed(sender);
    await sender.send({ type: 'broadcast', event: 'm', payload: { n: 1 } });
    await waitFor(() => got.length === 1, 5000, 'first message');

    // Bob is removed from the room, then his client refreshes its token.
    const db = sql();
    try {
      await db`delete from public.rt_room_members where room_id = ${room2} and user_id = ${bob.id}`;
    } finally {
      await db.end();
    }
    tokenRef.current = await mintToken(bob.id, bob.email, 3000);
    await bobClient.realtime.setAuth();
    await waitFor(() => system.length === 1, 5000, 'system message');
    expect(system[0] as unknown).toMatchObject({
      extension: 'system',
      status: 'error',
      message: `You do not have permissions to read from this Channel topic: room:${room2}`,
      channel: `room:${room2}`,
    });
    await waitFor(() => ch.state === 'closed', 5000, 'channel closed');
    await sender.send({ type: 'broadcast', event: 'm', payload: { n: 2 } });
    await sleep(300);
    expect(got).toHaveLength(1);
  });

  it('an expired token ends the channel with "Token has expired" and a phx_close', async () => {
    const tokenRef = { current: await mintToken(alice.id, alice.email, 2) };
    const c = track(tokenClient(tokenRef));
    const ch = c.channel(`room:${room}`, { config: { private: true } });
    const system = collect(ch, 'system');
    await expectSubscribed(ch);
    await waitFor(() => system.length === 1, 6000, 'expiry system message');
    expect(system[0] as unknown).toMatchObject({ extension: 'system', status: 'error', channel: `room:${room}` });
    expect((system[0] as unknown as { message: string }).message).toMatch(/^Token has expired \d+ seconds ago$/);
    await waitFor(() => ch.state === 'closed', 3000, 'closed');
    // Joining with an expired token is refused with Realtime's reason.
    const expired = await mintToken(alice.id, alice.email, -10);
    const c2 = track(tokenClient({ current: expired }));
    const res = await subscribe(c2.channel(`room:${room}`, { config: { private: true } }));
    expect(res.status).toBe('CHANNEL_ERROR');
    expect(res.error?.message).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/);
  });
});
