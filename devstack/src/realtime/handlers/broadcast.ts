import { writePolicies } from '../authorization.ts';
import type { Channel } from '../channel.ts';
import type { BroadcastMsg } from '../hub.ts';
import { LIMITS } from '../limits.ts';
import type { Frame } from '../serializer.ts';

/**
 * Client broadcast (Realtime's BroadcastHandler): private channels need broadcast write permission
 * (checked once, cached until the token changes) and are silently dropped without it — no reply even
 * with `ack`. Oversized payloads are dropped; with `ack` the reply says payload_size_exceeded.
 */
export async function handleBroadcast(ch: Channel, frame: Frame): Promise<void> {
  if (ch.private) {
    if (ch.policies.broadcastWrite === null) {
      try {
        ch.policies = await writePolicies(ch.deps.sql, ch.authContext(), ['broadcast', 'presence'], ch.policies);
      } catch (e) {
        ch.deps.ctx.log.warn(`realtime: UnableToSetPolicies: ${(e as Error).message}`);
        return;
      }
      if (ch.state !== 'joined') return;
    }
    if (!ch.policies.broadcastWrite) return;
  }

  let msg: BroadcastMsg;
  let size: number;
  if (frame.user) {
    msg = { kind: 'user', event: frame.user.event, encoding: frame.user.encoding, data: frame.user.data, metadata: '' };
    size = frame.user.data.length;
  } else {
    const p = frame.payload;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) {
      if (ch.ack) ch.reply(frame.ref, 'error', {});
      return;
    }
    msg = { kind: 'json', payload: p as Record<string, unknown> };
    size = JSON.stringify(p).length;
  }
  if (size > LIMITS.maxPayloadBytes) {
    if (ch.ack) ch.reply(frame.ref, 'error', 'payload_size_exceeded');
    return;
  }
  ch.broadcastFrom(msg);
  if (ch.ack) ch.reply(frame.ref, 'ok', {});
}
