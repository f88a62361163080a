import type { Duplex } from 'node:stream';

/**
 * Fan-out frames: a message bound for many subscribers is turned into a complete WebSocket frame
 * (RFC 6455 section 5.2; server frames are unmasked, so the bytes are the same for every socket) once,
 * and that one Buffer is written to each subscriber's TCP socket. Going through `ws.send` instead cost
 * a header allocation, a cork/uncork and a two-buffer writev per subscriber.
 *
 * Writes are batched per socket until the end of the event-loop turn (`setImmediate`): when several
 * broadcasts reach one socket in a turn (a transaction with several messages, a burst of client
 * broadcasts) they leave in one system call, which is where most of the CPU of a delivery goes.
 */

const FIN = 0x80;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
/** Realtime's kind-4 "user broadcast" frame (protocol doc 5.2). */
const USER_BROADCAST = 4;

function headerLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
}

/** Writes a final, unmasked frame header; returns where the payload starts. */
function writeHeader(buf: Buffer, opcode: number, payloadLength: number): number {
  buf[0] = FIN | opcode;
  if (payloadLength < 126) {
    buf[1] = payloadLength;
    return 2;
  }
  if (payloadLength < 65536) {
    buf[1] = 126;
    buf.writeUInt16BE(payloadLength, 2);
    return 4;
  }
  buf[1] = 127;
  buf.writeUInt32BE(0, 2);
  buf.writeUInt32BE(payloadLength, 6);
  return 10;
}

/** A text frame carrying `text` (a serialized Phoenix message). */
export function textFrame(text: string): Buffer {
  const n = Buffer.byteLength(text);
  const h = headerLength(n);
  const buf = Buffer.allocUnsafe(h + n);
  writeHeader(buf, OP_TEXT, n);
  buf.write(text, h, 'utf8');
  return buf;
}

/**
 * A binary frame carrying a kind-4 user broadcast: header, topic, event, metadata, then the payload
 * (raw bytes for encoding 0, JSON text for 1), copied once into the frame.
 */
export function userBroadcastFrame(
  topic: string,
  event: string,
  encoding: 0 | 1,
  data: Buffer | string,
  metadata: string,
): Buffer {
  const t = Buffer.byteLength(topic);
  const e = Buffer.byteLength(event);
  const m = Buffer.byteLength(metadata);
  if (t > 255 || e > 255 || m > 255) throw new RangeError('topic, event or metadata too long');
  const d = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  const n = 5 + t + e + m + d;
  const buf = Buffer.allocUnsafe(headerLength(n) + n);
  let o = writeHeader(buf, OP_BINARY, n);
  buf[o++] = USER_BROADCAST;
  buf[o++] = t;
  buf[o++] = e;
  buf[o++] = m;
  buf[o++] = encoding;
  o += buf.write(topic, o, 'utf8');
  o += buf.write(event, o, 'utf8');
  o += buf.write(metadata, o, 'utf8');
  if (typeof data === 'string') buf.write(data, o, 'utf8');
  else data.copy(buf, o);
  return buf;
}

/** A subscriber's connection as the batching needs it: its TCP socket and whether it is corked. */
export interface BatchTarget {
  readonly raw: Duplex;
  corked: boolean;
}

/** Connections corked during this turn, uncorked (flushed) together at its end. */
let corked: BatchTarget[] = [];

function flush(): void {
  const list = corked;
  corked = [];
  for (const t of list) {
    t.corked = false;
    t.raw.uncork();
  }
}

/**
 * Writes a prebuilt frame to the target's socket, coalesced with everything else written to it in this
 * turn. ws writes its own replies to the same socket stream, so the order of frames is kept.
 */
export function writeBatched(target: BatchTarget, frame: Buffer): void {
  if (!target.corked) {
    target.corked = true;
    target.raw.cork();
    if (corked.length === 0) setImmediate(flush);
    corked.push(target);
  }
  target.raw.write(frame);
}
