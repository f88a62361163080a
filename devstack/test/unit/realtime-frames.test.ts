import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type BatchTarget, textFrame, userBroadcastFrame, writeBatched } from '../../src/realtime/frames.ts';

/**
 * Prebuilt fan-out frames, read back by a real `ws` client: a tiny TCP server completes the WebSocket
 * handshake by hand and then writes only what frames.ts built, so every byte the client decodes is ours.
 */

type Received = { data: Buffer; isBinary: boolean };

async function pair(): Promise<{ server: net.Socket; client: WebSocket; received: Received[]; close: () => void }> {
  let server!: net.Socket;
  const srv = net.createServer();
  const accepted = new Promise<void>((resolve) => {
    srv.on('connection', (sock) => {
      sock.once('data', (req) => {
        const key = /sec-websocket-key: *(\S+)/i.exec(req.toString('latin1'))?.[1] ?? '';
        const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
        sock.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
        );
        server = sock;
        resolve();
      });
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  const received: Received[] = [];
  client.on('message', (data, isBinary) => received.push({ data: data as Buffer, isBinary }));
  await Promise.all([accepted, new Promise((r) => client.once('open', r))]);
  return {
    server,
    client,
    received,
    close: () => {
      client.terminate();
      server.destroy();
      srv.close();
    },
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe('realtime fan-out frames', () => {
  // Payload lengths on both sides of the 7-bit, 16-bit and 64-bit length encodings.
  const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];

  it('text frames decode to the exact text at every length encoding', async () => {
    const p = await pair();
    cleanup = p.close;
    // Some with a two-byte character, so byte length and string length differ.
    const texts = sizes.map((n, i) => (n >= 2 && i % 2 ? `é${'x'.repeat(n - 2)}` : 'x'.repeat(n)));
    for (const t of texts) p.server.write(textFrame(t));
    await until(() => p.received.length === texts.length, 'text frames');
    expect(p.received.map((r) => r.isBinary)).toEqual(texts.map(() => false));
    expect(p.received.map((r) => r.data.toString('utf8'))).toEqual(texts);
    expect(p.received.map((r) => r.data.length)).toEqual(sizes);
  });

  it('kind-4 user broadcast frames carry topic, event, metadata and payload bytes unchanged', async () => {
    const p = await pair();
    cleanup = p.close;
    const head = 5 + 'realtime:t'.length + 'ev'.length + '{"id":"m"}'.length;
    // Whole WebSocket payloads of exactly each size (when the header fits), raw bytes and JSON text.
    const payloads = sizes
      .filter((n) => n >= head)
      .map((n, i) => {
        const d = n - head;
        return i % 2 ? Buffer.alloc(d, i) : `"${'y'.repeat(Math.max(0, d - 2))}"`;
      });
    for (const d of payloads)
      p.server.write(userBroadcastFrame('realtime:t', 'ev', typeof d === 'string' ? 1 : 0, d, '{"id":"m"}'));
    await until(() => p.received.length === payloads.length, 'binary frames');
    p.received.forEach(({ data, isBinary }, i) => {
      const d = payloads[i];
      expect(isBinary).toBe(true);
      expect([data[0], data[1], data[2], data[3], data[4]]).toEqual([4, 10, 2, 10, typeof d === 'string' ? 1 : 0]);
      expect(data.toString('utf8', 5, head)).toBe('realtime:tev{"id":"m"}');
      expect(data.subarray(head).equals(Buffer.from(d))).toBe(true);
    });
    expect(p.received.map((r) => r.data.length)).toEqual(sizes.filter((n) => n >= head));
  });

  it('refuses a topic, event or metadata longer than the one-byte length fields', () => {
    expect(() => userBroadcastFrame('t'.repeat(256), 'e', 1, '{}', '')).toThrow(RangeError);
    expect(() => userBroadcastFrame('t', 'é'.repeat(128), 1, '{}', '')).toThrow(RangeError);
  });

  it('holds a turn of writes to one socket and sends them together, in order, at its end', async () => {
    const p = await pair();
    cleanup = p.close;
    const target: BatchTarget = { raw: p.server, corked: false };
    const frames = Array.from({ length: 20 }, (_, i) => textFrame(`m${i}`));
    for (const f of frames.slice(0, 10)) writeBatched(target, f);
    // Something else writing to the same socket in between (as ws does for replies) keeps its place.
    const reply = textFrame('reply');
    p.server.write(reply);
    for (const f of frames.slice(10)) writeBatched(target, f);
    expect(target.corked).toBe(true);
    expect(p.server.writableCorked).toBe(1);
    // Nothing has gone to the kernel yet: all of it waits in the stream for the end of the turn.
    expect(p.server.writableLength).toBe(frames.reduce((n, f) => n + f.length, reply.length));
    await until(() => p.received.length === 21, 'the batch');
    expect(target.corked).toBe(false);
    expect(p.server.writableCorked).toBe(0);
    expect(p.received.map((r) => r.data.toString())).toEqual([
      ...frames.slice(0, 10).map((_, i) => `m${i}`),
      'reply',
      ...frames.slice(10).map((_, i) => `m${i + 10}`),
    ]);
    // The next turn starts a new batch.
    writeBatched(target, textFrame('next'));
    expect(p.server.writableCorked).toBe(1);
    await until(() => p.received.length === 22, 'the next batch');
    expect(p.received[21].data.toString()).toBe('next');
  });
});
