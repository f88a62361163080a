import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, client } from '../helpers.ts';
import { closeClients, expectSubscribed, RawClient, sleep, waitFor } from '../realtime-helpers.ts';

/**
 * Protocol abuse: every bad client gets an error reply or a close, while two well-behaved supabase-js
 * clients keep exchanging a message every 25 ms on another topic. At the end they must have seen every
 * message, in order, on the socket they started with.
 */
describe('realtime: protocol abuse', () => {
  const good: SupabaseClient[] = [];
  let sender: RealtimeChannel;
  const received: number[] = [];
  let sent = 0;
  let ticker: NodeJS.Timeout;
  const raws: RawClient[] = [];
  const raw = async (params?: Record<string, string>) => {
    const r = new RawClient(params);
    raws.push(r);
    await r.opened;
    return r;
  };

  beforeAll(async () => {
    good.push(client(), client());
    const topic = `abuse-watch-${Date.now()}`;
    sender = good[0].channel(topic);
    const listener = good[1].channel(topic);
    listener.on('broadcast', { event: 'tick' }, (m) => received.push(m.payload.n));
    await expectSubscribed(sender);
    await expectSubscribed(listener);
    ticker = setInterval(() => {
      void sender.send({ type: 'broadcast', event: 'tick', payload: { n: ++sent } });
    }, 25);
  });

  afterAll(async () => {
    clearInterval(ticker);
    for (const r of raws) r.close();
    await closeClients(...good);
  });

  it('closes the socket on garbage, truncated and unknown binary frames', async () => {
    const cases: [string | Uint8Array, number][] = [
      ['this is not json', 1007],
      ['{"topic":"x"}', 1007],
      ['[1,2,3]', 1007],
      [new Uint8Array([3, 200, 200, 200]), 1007],
      [new Uint8Array([3, 1, 1, 5, 1, 0, 1, 0x31, 0x32, 0x61]), 1007],
      [new Uint8Array([9, 1, 2, 3]), 1003],
      [new Uint8Array([0, 1, 1, 1, 1]), 1003],
      [new Uint8Array([]), 1007],
    ];
    for (const [frame, code] of cases) {
      const r = await raw();
      r.sendRaw(frame);
      expect((await r.closed()).code, String(frame)).toBe(code);
    }
    // vsn 1.0.0 cannot carry binary frames at all.
    const v1 = await raw({ vsn: '1.0.0' });
    v1.sendRaw(new Uint8Array([3, 0, 0, 0, 0, 0, 1]));
    expect((await v1.closed()).code).toBe(1003);
  });

  it('ignores unknown events on a joined channel and answers unknown topics with an error reply', async () => {
    const r = await raw();
    const { joinRef } = await r.join('realtime:abuse-unknown', { config: { broadcast: { self: true, ack: true } } });
    r.push('realtime:abuse-unknown', 'definitely_not_an_event', { x: 1 }, joinRef);
    const unknown = r.push('realtime:nowhere', 'broadcast', {}, '77');
    expect((await r.reply(unknown)).payload).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });
    const ref = r.pushBroadcast('realtime:abuse-unknown', joinRef, 'still', { ok: 1 });
    expect((await r.reply(ref)).payload).toEqual({ status: 'ok', response: {} });
    await r.waitFor((m) => m.event === 'broadcast' && m.payload.event === 'still');
    expect(r.closeEvent).toBeUndefined();
  });

  it('refuses oversized payloads: ack error above 3 MB, close 1009 above the 5 MB frame limit', async () => {
    const r = await raw();
    const { joinRef } = await r.join('realtime:abuse-big', { config: { broadcast: { ack: true } } });
    const big = r.pushBroadcast('realtime:abuse-big', joinRef, 'big', { blob: 'x'.repeat(3_100_000) });
    expect((await r.reply(big, 10_000)).payload).toEqual({ status: 'error', response: 'payload_size_exceeded' });
    r.push(
      'realtime:abuse-big',
      'broadcast',
      { type: 'broadcast', event: 'huge', payload: { blob: 'y'.repeat(5_100_000) } },
      joinRef,
    );
    expect((await r.closed(10_000)).code).toBe(1009);
  });

  it('limits channels per connection and joins per second', async () => {
    const r = await raw();
    for (let i = 0; i < 100; i++) {
      const { reply } = await r.join(`realtime:abuse-many-${i}`);
      expect(reply.payload.status).toBe('ok');
      if (i % 20 === 19) await sleep(100); // stay under the join rate
    }
    const { reply } = await r.join('realtime:abuse-many-100');
    expect(reply.payload).toEqual({
      status: 'error',
      response: { reason: 'ChannelRateLimitReached: Too many channels' },
    });

    const flood = await raw();
    for (let i = 0; i < 150; i++)
      flood.push(`realtime:abuse-flood-${i}`, 'phx_join', { config: {} }, String(i), String(i));
    const refused = await flood.waitFor(
      (m) =>
        m.event === 'phx_reply' &&
        m.payload.response?.reason === 'ClientJoinRateLimitReached: Too many joins per second',
    );
    expect(refused.payload.status).toBe('error');
    expect((await flood.closed()).code).toBe(1008);
  });

  it('ends a channel that exceeds the events-per-second limit, then cuts off a flooding client', async () => {
    const r = await raw();
    const { joinRef } = await r.join('realtime:abuse-rate');
    for (let i = 0; i < 150; i++) r.pushBroadcast('realtime:abuse-rate', joinRef, 'spam', { i });
    const sys = await r.waitFor((m) => m.event === 'system');
    expect(sys.payload).toEqual({
      extension: 'system',
      status: 'error',
      message: 'Too many messages per second',
      channel: 'abuse-rate',
    });
    await r.waitFor((m) => m.event === 'phx_close' && m.joinRef === joinRef);
    for (let i = 0; i < 2000 && !r.closeEvent; i++) r.pushBroadcast('realtime:abuse-rate', joinRef, 'spam', { i });
    expect((await r.closed()).code).toBe(1008);
  });

  it('kept the server up and the well-behaved clients undisturbed', async () => {
    const health = await fetch(`${apiUrl()}/health`);
    expect(health.status).toBe(200);
    const target = sent;
    await waitFor(() => received.length >= target, 5000, 'watcher caught up');
    expect(received.slice(0, target)).toEqual(Array.from({ length: target }, (_, i) => i + 1));
    expect(target).toBeGreaterThan(20);
    expect(good.every((c) => c.realtime.isConnected())).toBe(true);
  });
});
