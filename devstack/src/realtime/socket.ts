import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { Channel } from './channel.ts';
import type { Deps } from './deps.ts';
import { type BatchTarget, writeBatched } from './frames.ts';
import { ERRORS, LIMITS, TokenBucket } from './limits.ts';
import { decode, encodeMessage, encodeReply, type Frame, ProtocolError, type Vsn } from './serializer.ts';

/** Frames a client may queue before it is considered a flood and disconnected. */
const MAX_QUEUED = 1000;
/** A client refused this many events within a second is disconnected rather than answered. */
const FLOOD_DEBT = 5 * LIMITS.maxEventsPerSecond;

/**
 * One WebSocket connection (Phoenix.Socket): decodes frames, answers heartbeats, routes channel
 * events, and enforces the per-client limits. Frames are handled one at a time, in order.
 */
export class RealtimeSocket implements BatchTarget {
  readonly ws: WebSocket;
  /** The TCP socket under `ws`: fan-out frames are written to it directly (see frames.ts). */
  readonly raw: Duplex;
  /** Corked until the end of this event-loop turn (frames.ts). */
  corked = false;
  readonly vsn: Vsn;
  /** The socket's token (apikey): used by channels that join without their own access_token. */
  readonly token: string;
  readonly headers: Record<string, string>;
  readonly deps: Deps;
  closed = false;
  lastSeen = Date.now();
  private channels = new Map<string, Channel>();
  private events = new TokenBucket(LIMITS.maxEventsPerSecond, LIMITS.maxEventsPerSecond);
  private joins = new TokenBucket(LIMITS.maxJoinsPerSecond, LIMITS.maxJoinsPerSecond);
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private onGone: (s: RealtimeSocket) => void;

  constructor(
    ws: WebSocket,
    raw: Duplex,
    init: { vsn: Vsn; token: string; headers: Record<string, string>; deps: Deps },
    onGone: (s: RealtimeSocket) => void,
  ) {
    this.ws = ws;
    this.raw = raw;
    this.vsn = init.vsn;
    this.token = init.token;
    this.headers = init.headers;
    this.deps = init.deps;
    this.onGone = onGone;
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', () => this.teardown());
    ws.on('error', () => this.teardown());
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.lastSeen = Date.now();
    let frame: Frame;
    try {
      frame = decode(this.vsn, data, isBinary);
    } catch (e) {
      // Phoenix crashes the socket on an undecodable frame; the client reconnects.
      this.close(e instanceof ProtocolError ? e.code : 1011, (e as Error).message.slice(0, 120));
      return;
    }
    let limited = false;
    const control =
      frame.event === 'heartbeat' ||
      frame.event === 'phx_join' ||
      frame.event === 'phx_leave' ||
      frame.event === 'access_token';
    if (!control && !this.events.take()) {
      if (this.events.debt > FLOOD_DEBT) {
        this.close(1008, ERRORS.tooManyMessages);
        return;
      }
      limited = true;
    }
    if (++this.queued > MAX_QUEUED) {
      this.close(1008, ERRORS.tooManyMessages);
      return;
    }
    this.queue = this.queue
      .then(() => this.dispatch(frame, limited))
      .catch((e) => this.deps.ctx.log.error(`realtime: ${(e as Error).stack ?? e}`))
      .finally(() => {
        this.queued--;
      });
  }

  private async dispatch(frame: Frame, limited: boolean): Promise<void> {
    if (this.closed) return;
    const { topic, event } = frame;
    if (topic === 'phoenix') {
      if (event === 'heartbeat') this.reply(null, frame.ref, 'phoenix', 'ok', {});
      else this.unmatched(frame);
      return;
    }
    const existing = this.channels.get(topic);
    if (event === 'phx_join') {
      if (!topic.startsWith('realtime:')) {
        this.unmatched(frame);
        return;
      }
      // Phoenix closes the previous channel on a duplicate join of the same topic.
      existing?.close();
      if (!this.joins.take()) {
        this.reply(frame.joinRef, frame.ref, topic, 'error', { reason: ERRORS.tooManyJoins });
        this.close(1008, 'Too many joins per second');
        return;
      }
      let joined = 0;
      for (const c of this.channels.values()) if (c.state === 'joined') joined++;
      if (joined >= LIMITS.maxChannelsPerClient) {
        this.reply(frame.joinRef, frame.ref, topic, 'error', { reason: ERRORS.tooManyChannels });
        return;
      }
      const ch = new Channel(this, this.deps, topic, frame.joinRef);
      this.channels.set(topic, ch);
      try {
        if (!(await ch.join(frame.ref, frame.payload))) this.removeChannel(ch);
      } catch (e) {
        this.deps.ctx.log.error(`realtime: join ${topic}: ${(e as Error).stack ?? e}`);
        ch.reply(frame.ref, 'error', { reason: 'UnknownErrorOnChannel: Unknown Error on Channel' });
        ch.cleanup();
        this.removeChannel(ch);
      }
      return;
    }
    if (existing?.state !== 'joined') {
      this.unmatched(frame);
      return;
    }
    if (!existing) return;
    if (limited) {
      existing.shutdown(ERRORS.tooManyMessages);
      return;
    }
    try {
      await existing.handle(frame);
    } catch (e) {
      this.deps.ctx.log.error(`realtime: ${event} on ${topic}: ${(e as Error).stack ?? e}`);
      existing.crash();
    }
  }

  /** Phoenix's answer to a message for a topic this socket has not joined. */
  private unmatched(frame: Frame): void {
    this.reply(frame.joinRef, frame.ref, frame.topic, 'error', { reason: 'unmatched topic' });
  }

  removeChannel(ch: Channel): void {
    if (this.channels.get(ch.topic) === ch) this.channels.delete(ch.topic);
  }

  /** False (and the consumer cut off) when it is too far behind to be sent more. */
  private writable(): boolean {
    if (this.closed) return false;
    if (this.ws.bufferedAmount > LIMITS.maxBufferedBytes) {
      // A consumer this far behind would only grow the server's memory: cut it off.
      this.close(1008, 'Client is too slow');
      return false;
    }
    return true;
  }

  sendRaw(data: string | Buffer): void {
    if (this.writable()) this.ws.send(data);
  }

  /**
   * A prebuilt frame shared by a topic's subscribers. ws writes whole frames synchronously (no
   * permessage-deflate, so its sender never queues), so a frame written beside it cannot split one of
   * its own; after ws has started closing (its close frame may be out) nothing more may be sent.
   */
  sendFrame(frame: Buffer): void {
    if (this.ws.readyState !== WebSocket.OPEN || !this.writable()) return;
    writeBatched(this, frame);
  }

  push(joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown): void {
    this.sendRaw(encodeMessage(this.vsn, joinRef, ref, topic, event, payload));
  }

  reply(joinRef: string | null, ref: string | null, topic: string, status: 'ok' | 'error', response: unknown): void {
    this.sendRaw(encodeReply(this.vsn, joinRef, ref, topic, status, response));
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.teardown();
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    const t = setTimeout(() => this.ws.terminate(), 2000);
    t.unref();
  }

  /** The connection is gone: every channel leaves (presence diffs to the others). */
  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const ch of [...this.channels.values()]) ch.cleanup();
    this.channels.clear();
    this.onGone(this);
  }
}
