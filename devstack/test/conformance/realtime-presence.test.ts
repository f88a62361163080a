import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import { client } from '../helpers.ts';
import { closeClients, expectSubscribed, RawClient, sleep, waitFor } from '../realtime-helpers.ts';

type PresenceState = Record<string, { presence_ref: string; [k: string]: unknown }[]>;
const summary = (ch: RealtimeChannel) =>
  Object.fromEntries(
    Object.entries(ch.presenceState() as PresenceState)
      .map(([k, metas]) => [k, metas.map((m) => m.name).sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

describe('realtime: presence', () => {
  const clients: SupabaseClient[] = [];
  afterAll(() => closeClients(...clients));

  it('converges for three clients, handles untrack/re-track, and drops a client that disconnects', async () => {
    const topic = `presence-${Date.now()}`;
    const chans: RealtimeChannel[] = [];
    const joins: string[][] = [[], [], []];
    const leaves: string[][] = [[], [], []];
    for (let i = 0; i < 3; i++) {
      const c = client();
      clients.push(c);
      const ch = c.channel(topic, { config: { presence: { key: `user-${i}` } } });
      ch.on('presence', { event: 'join' }, ({ key }) => joins[i].push(key));
      ch.on('presence', { event: 'leave' }, ({ key }) => leaves[i].push(key));
      await expectSubscribed(ch);
      chans.push(ch);
    }
    for (let i = 0; i < 3; i++) expect(await chans[i].track({ name: `n${i}` })).toBe('ok');
    const expected = { 'user-0': ['n0'], 'user-1': ['n1'], 'user-2': ['n2'] };
    for (const ch of chans) await waitFor(() => JSON.stringify(summary(ch)) === JSON.stringify(expected), 5000, 'sync');
    const meta = (chans[0].presenceState() as PresenceState)['user-1'][0];
    expect(meta.presence_ref).toEqual(expect.any(String));

    // Re-track with a new payload: leave(old) + join(new); identical re-track is a no-op.
    await chans[1].track({ name: 'n1b' });
    for (const ch of chans) await waitFor(() => JSON.stringify(summary(ch)['user-1']) === '["n1b"]', 5000, 're-track');
    const joinsBefore = joins[0].length;
    await chans[1].track({ name: 'n1b' });
    await sleep(200);
    expect(joins[0].length).toBe(joinsBefore);

    // Untrack removes the key everywhere.
    expect(await chans[2].untrack()).toBe('ok');
    for (const ch of chans) await waitFor(() => !('user-2' in summary(ch)), 5000, 'untrack');
    await chans[2].track({ name: 'n2' });
    for (const ch of chans) await waitFor(() => 'user-2' in summary(ch), 5000, 're-join');

    // Client 0 drops its connection: the others see it leave.
    clients[0].realtime.disconnect();
    for (const ch of chans.slice(1)) await waitFor(() => !('user-0' in summary(ch)), 5000, 'disconnect leave');
    expect(leaves[1]).toContain('user-0');
    expect(Object.keys(summary(chans[2]))).toEqual(['user-1', 'user-2']);
  });

  it('sends presence_state on join and presence_diff with phx_ref on the wire', async () => {
    const topic = `realtime:presence-raw-${Date.now()}`;
    const a = new RawClient();
    const b = new RawClient();
    await Promise.all([a.opened, b.opened]);
    const ja = await a.join(topic, { config: { presence: { enabled: true, key: 'a' } } });
    const ref = a.push(topic, 'presence', { type: 'presence', event: 'track', payload: { x: 1 } }, ja.joinRef);
    expect((await a.reply(ref)).payload).toEqual({ status: 'ok', response: {} });
    await b.join(topic, { config: { presence: { enabled: true, key: 'b' } } });
    const state = await b.waitFor((m) => m.event === 'presence_state');
    expect(state.payload).toEqual({ a: { metas: [{ x: 1, phx_ref: expect.any(String) }] } });
    // A non-map payload is refused with Realtime's reason.
    const bad = a.push(topic, 'presence', { type: 'presence', event: 'track', payload: [1] }, ja.joinRef);
    expect((await a.reply(bad)).payload).toEqual({
      status: 'error',
      response: { reason: 'Presence track payload must be a map' },
    });
    a.close();
    const diff = await b.waitFor((m) => m.event === 'presence_diff' && Object.keys(m.payload.leaves).length > 0);
    expect(diff).toMatchObject({
      joinRef: null,
      ref: null,
      payload: { joins: {}, leaves: { a: { metas: [{ x: 1 }] } } },
    });
    b.close();
  });
});
