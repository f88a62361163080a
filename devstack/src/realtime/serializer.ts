/**
 * Phoenix socket serializers: vsn 1.0.0 (JSON objects) and 2.0.0 (JSON arrays plus Realtime's binary
 * broadcast frames: kind 3 "user broadcast push" in, kind 4 "user broadcast" out, built in frames.ts).
 * Protocol doc 5.2.
 */

export type Vsn = 1 | 2;

/** A kind-3 frame: a broadcast whose payload travels as raw bytes (encoding 0) or JSON text (1). */
export interface UserBroadcastPush {
  event: string;
  encoding: 0 | 1;
  data: Buffer;
  /** Metadata JSON text (only `persist` today), '' when absent. */
  metadata: string;
}

export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
  /** Set for binary user broadcast pushes (event is then `broadcast`). */
  user?: UserBroadcastPush;
}

/** A frame the server cannot decode. `code` is the WebSocket close code to answer with. */
export class ProtocolError extends Error {
  readonly code: number;
  constructor(message: string, code = 1007) {
    super(message);
    this.code = code;
  }
}

const USER_BROADCAST_PUSH = 3;

function refOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new ProtocolError('refs must be strings or null');
}

function checkFrame(joinRef: unknown, ref: unknown, topic: unknown, event: unknown, payload: unknown): Frame {
  if (typeof topic !== 'string' || typeof event !== 'string') {
    throw new ProtocolError('topic and event must be strings');
  }
  return { joinRef: refOf(joinRef), ref: refOf(ref), topic, event, payload };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolError('frame is not valid JSON');
  }
}

function decodeUserBroadcastPush(buf: Buffer): Frame {
  if (buf.length < 7) throw new ProtocolError('truncated user broadcast frame');
  const [joinRefLen, refLen, topicLen, eventLen, metaLen, encoding] = [buf[1], buf[2], buf[3], buf[4], buf[5], buf[6]];
  let o = 7;
  if (o + joinRefLen + refLen + topicLen + eventLen + metaLen > buf.length) {
    throw new ProtocolError('truncated user broadcast frame');
  }
  const take = (n: number) => {
    const s = buf.toString('utf8', o, o + n);
    o += n;
    return s;
  };
  const joinRef = take(joinRefLen);
  const ref = take(refLen);
  const topic = take(topicLen);
  const event = take(eventLen);
  const metadata = take(metaLen);
  if (metadata) {
    const m = parseJson(metadata);
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new ProtocolError('metadata must be an object');
  }
  const data = buf.subarray(o);
  const enc: 0 | 1 = encoding === 0 ? 0 : 1;
  // Subscribers JSON.parse this payload: never fan out bytes that would throw in their clients.
  if (enc === 1) parseJson(data.toString('utf8'));
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload: undefined,
    user: { event, encoding: enc, data, metadata },
  };
}

export function decode(vsn: Vsn, data: Buffer, isBinary: boolean): Frame {
  if (isBinary) {
    if (vsn === 1) throw new ProtocolError('binary frames need vsn 2.0.0', 1003);
    if (data.length === 0) throw new ProtocolError('empty binary frame');
    if (data[0] !== USER_BROADCAST_PUSH) throw new ProtocolError(`unsupported binary frame kind ${data[0]}`, 1003);
    return decodeUserBroadcastPush(data);
  }
  const msg = parseJson(data.toString('utf8'));
  if (vsn === 2) {
    if (!Array.isArray(msg) || msg.length < 5) throw new ProtocolError('expected V2 array');
    return checkFrame(msg[0], msg[1], msg[2], msg[3], msg[4]);
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new ProtocolError('expected V1 object');
  const m = msg as Record<string, unknown>;
  return checkFrame(m.join_ref, m.ref, m.topic, m.event, m.payload);
}

/** A server push/broadcast/reply as text. V1 carries no join_ref (Phoenix's V1 serializer drops it). */
export function encodeMessage(
  vsn: Vsn,
  joinRef: string | null,
  ref: string | null,
  topic: string,
  event: string,
  payload: unknown,
): string {
  if (vsn === 2) return JSON.stringify([joinRef, ref, topic, event, payload]);
  return JSON.stringify({ topic, event, payload, ref });
}

export function encodeReply(
  vsn: Vsn,
  joinRef: string | null,
  ref: string | null,
  topic: string,
  status: 'ok' | 'error',
  response: unknown,
): string {
  return encodeMessage(vsn, joinRef, ref, topic, 'phx_reply', { status, response });
}
