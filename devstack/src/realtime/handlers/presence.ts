import { randomBytes } from 'node:crypto';
import { readPolicies, writePolicies } from '../authorization.ts';
import type { Channel } from '../channel.ts';
import { ERRORS, LIMITS, WindowCounter } from '../limits.ts';
import type { Frame } from '../serializer.ts';

type Meta = Record<string, unknown> & { phx_ref: string };
interface Entry {
  key: string;
  meta: Meta;
}
export interface PresenceDiff {
  joins: Record<string, { metas: Meta[] }>;
  leaves: Record<string, { metas: Meta[] }>;
}

/** Phoenix.Tracker-style refs (base64 of random bytes). */
const newRef = () => randomBytes(9).toString('base64');

/**
 * Presence per topic: every channel tracks at most one meta under its presence key (several channels
 * may share a key). Diffs have Phoenix.Presence's shape; a re-track is leave(old) + join(new) with
 * `phx_ref_prev`.
 */
export class PresenceStore {
  private topics = new Map<string, Map<Channel, Entry>>();

  state(topicKey: string): Record<string, { metas: Meta[] }> {
    const out: Record<string, { metas: Meta[] }> = {};
    for (const e of this.topics.get(topicKey)?.values() ?? []) {
      const group = out[e.key];
      if (group) group.metas.push(e.meta);
      else out[e.key] = { metas: [e.meta] };
    }
    return out;
  }

  track(ch: Channel, payload: Record<string, unknown>): PresenceDiff {
    let entries = this.topics.get(ch.key);
    if (!entries) {
      entries = new Map();
      this.topics.set(ch.key, entries);
    }
    const prev = entries.get(ch);
    const meta: Meta = { ...payload, phx_ref: newRef() };
    if (prev) meta.phx_ref_prev = prev.meta.phx_ref;
    entries.set(ch, { key: ch.presenceKey, meta });
    return {
      joins: { [ch.presenceKey]: { metas: [meta] } },
      leaves: prev ? { [prev.key]: { metas: [prev.meta] } } : {},
    };
  }

  untrack(ch: Channel): PresenceDiff | undefined {
    const entries = this.topics.get(ch.key);
    const prev = entries?.get(ch);
    if (!entries || !prev) return undefined;
    entries.delete(ch);
    if (entries.size === 0) this.topics.delete(ch.key);
    return { joins: {}, leaves: { [prev.key]: { metas: [prev.meta] } } };
  }
}

const windows = new WeakMap<Channel, WindowCounter>();

/** Realtime's PresenceHandler: track / untrack with its error replies and limits. */
export async function handlePresence(ch: Channel, frame: Frame): Promise<void> {
  const p = (frame.payload ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || typeof p.event !== 'string') {
    ch.reply(frame.ref, 'ok', {});
    return;
  }
  let win = windows.get(ch);
  if (!win) {
    win = new WindowCounter(LIMITS.presenceMaxCalls, LIMITS.presenceWindowMs);
    windows.set(ch, win);
  }
  if (!win.hit()) {
    ch.shutdown(ERRORS.presenceRate);
    return;
  }
  const event = p.event.toLowerCase();
  if (event === 'untrack') {
    ch.presencePayload = undefined;
    const diff = ch.deps.presence.untrack(ch);
    if (diff) ch.deps.hub.presenceDiff(ch.key, diff);
    ch.reply(frame.ref, 'ok', {});
    return;
  }
  if (event !== 'track') {
    ch.reply(frame.ref, 'error', {});
    return;
  }
  if (ch.private && ch.policies.presenceWrite === null) {
    try {
      if (ch.policies.presenceRead === null) {
        ch.policies = await readPolicies(ch.deps.sql, ch.authContext(), ['presence'], ch.policies);
      }
      ch.policies = await writePolicies(ch.deps.sql, ch.authContext(), ['broadcast', 'presence'], ch.policies);
    } catch (e) {
      ch.deps.ctx.log.warn(`realtime: UnableToSetPolicies: ${(e as Error).message}`);
      ch.reply(frame.ref, 'error', {});
      return;
    }
    if (ch.state !== 'joined') return;
  }
  if (ch.private && !ch.policies.presenceWrite) {
    ch.reply(frame.ref, 'error', {});
    return;
  }
  const meta = p.payload ?? {};
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    ch.reply(frame.ref, 'error', { reason: 'Presence track payload must be a map' });
    return;
  }
  const text = JSON.stringify(meta);
  if (text.length > LIMITS.maxPayloadBytes) {
    ch.shutdown(ERRORS.trackSize);
    return;
  }
  if (text !== ch.presencePayload) {
    ch.presencePayload = text;
    ch.presenceEnabled = true;
    ch.deps.hub.presenceDiff(ch.key, ch.deps.presence.track(ch, meta as Record<string, unknown>));
  }
  ch.reply(frame.ref, 'ok', {});
}
