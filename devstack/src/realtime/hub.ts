import { textFrame, userBroadcastFrame } from './frames.ts';
import { encodeMessage, type Vsn } from './serializer.ts';

/** What the hub needs from a joined channel. */
export interface Member {
  readonly vsn: Vsn;
  readonly topic: string;
  /** `config.broadcast.self`. */
  readonly self: boolean;
  /** Public channels always; private ones only with broadcast read permission. */
  canReadBroadcast(): boolean;
  canReadPresence(): boolean;
  /** Writes a complete WebSocket frame, shared with the topic's other members (never modified). */
  sendFrame(frame: Buffer): void;
}

/** A broadcast as it travels: bytes from a kind-3 frame or the database, or a JSON payload. */
export type BroadcastMsg =
  | { kind: 'user'; event: string; encoding: 0 | 1; data: Buffer | string; metadata: string }
  | { kind: 'json'; payload: Record<string, unknown> };

/** Public and private channels of the same name are separate topics (protocol doc 5.6). */
export const topicKey = (isPrivate: boolean, subTopic: string) => `${isPrivate ? 'private' : 'public'}:${subTopic}`;

/**
 * Topic registry and fan-out. A message is encoded at most once per serializer version, into a whole
 * WebSocket frame, and the same bytes are written to every subscriber (what Realtime's
 * MessageDispatcher caches per serializer); nothing is allocated per subscriber.
 */
export class Hub {
  private topics = new Map<string, Set<Member>>();

  add(key: string, m: Member): void {
    let set = this.topics.get(key);
    if (!set) {
      set = new Set();
      this.topics.set(key, set);
    }
    set.add(m);
  }

  remove(key: string, m: Member): void {
    const set = this.topics.get(key);
    if (!set) return;
    set.delete(m);
    if (set.size === 0) this.topics.delete(key);
  }

  members(key: string): Iterable<Member> {
    return this.topics.get(key) ?? [];
  }

  get size(): number {
    let n = 0;
    for (const s of this.topics.values()) n += s.size;
    return n;
  }

  /** Fan-out of a broadcast; `from` is skipped unless it asked for `self`. Returns deliveries. */
  broadcast(key: string, msg: BroadcastMsg, from?: Member): number {
    const set = this.topics.get(key);
    if (!set) return 0;
    const cache: [Buffer | null | undefined, Buffer | null | undefined] = [undefined, undefined];
    let n = 0;
    for (const m of set) {
      if (m === from && !m.self) continue;
      if (!m.canReadBroadcast()) continue;
      let data = cache[m.vsn - 1];
      if (data === undefined) {
        data = encodeBroadcast(m.vsn, m.topic, msg);
        cache[m.vsn - 1] = data;
      }
      if (data === null) continue;
      m.sendFrame(data);
      n++;
    }
    return n;
  }

  /** Fan-out of a presence_diff to every member allowed to read presence (including the tracker). */
  presenceDiff(key: string, diff: unknown): void {
    const set = this.topics.get(key);
    if (!set) return;
    const cache: [Buffer | undefined, Buffer | undefined] = [undefined, undefined];
    for (const m of set) {
      if (!m.canReadPresence()) continue;
      let data = cache[m.vsn - 1];
      if (data === undefined) {
        data = textFrame(encodeMessage(m.vsn, null, null, m.topic, 'presence_diff', diff));
        cache[m.vsn - 1] = data;
      }
      m.sendFrame(data);
    }
  }
}

/** null: this serializer cannot carry the message (binary payloads on vsn 1.0.0). */
function encodeBroadcast(vsn: Vsn, topic: string, msg: BroadcastMsg): Buffer | null {
  if (msg.kind === 'json') return textFrame(encodeMessage(vsn, null, null, topic, 'broadcast', msg.payload));
  if (vsn === 2) return userBroadcastFrame(topic, msg.event, msg.encoding, msg.data, msg.metadata);
  if (msg.encoding === 0) return null;
  const payload: Record<string, unknown> = {
    type: 'broadcast',
    event: msg.event,
    payload: JSON.parse(typeof msg.data === 'string' ? msg.data : msg.data.toString('utf8')),
  };
  if (msg.metadata) payload.meta = JSON.parse(msg.metadata);
  return textFrame(encodeMessage(vsn, null, null, topic, 'broadcast', payload));
}
