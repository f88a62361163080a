import { type AuthContext, emptyPolicies, type Policies, readPolicies } from './authorization.ts';
import type { Deps } from './deps.ts';
import { handleBroadcast } from './handlers/broadcast.ts';
import { bindingId } from './handlers/postgres-changes.ts';
import { handlePresence } from './handlers/presence.ts';
import { type BroadcastMsg, type Member, topicKey } from './hub.ts';
import { ERRORS, LIMITS } from './limits.ts';
import { type JoinParams, parseJoin } from './payloads/join.ts';
import type { Frame, Vsn } from './serializer.ts';
import type { RealtimeSocket } from './socket.ts';
import { type Claims, checkToken } from './tokens.ts';

export interface PgBinding {
  id: number;
  params: Record<string, unknown>;
}

/**
 * One joined topic on one socket: Realtime's RealtimeChannel process. Channel-scoped pushes carry the
 * channel's join_ref; fan-out messages carry none (protocol doc 5.5, join_ref rules).
 */
export class Channel implements Member {
  readonly socket: RealtimeSocket;
  readonly deps: Deps;
  readonly topic: string;
  readonly subTopic: string;
  readonly joinRef: string | null;
  key = '';
  private = false;
  self = false;
  ack = false;
  presenceKey = '';
  presenceEnabled = false;
  token = '';
  claims: Claims = { role: 'anon', exp: 0 };
  policies: Policies = emptyPolicies();
  pgBindings: PgBinding[] = [];
  /** The last tracked presence payload (re-tracking the same payload is a no-op). */
  presencePayload: string | undefined;
  state: 'joining' | 'joined' | 'closed' = 'joining';
  private confirmTimer: NodeJS.Timeout | undefined;

  constructor(socket: RealtimeSocket, deps: Deps, topic: string, joinRef: string | null) {
    this.socket = socket;
    this.deps = deps;
    this.topic = topic;
    this.subTopic = topic.slice('realtime:'.length);
    this.joinRef = joinRef;
  }

  get vsn(): Vsn {
    return this.socket.vsn;
  }

  canReadBroadcast(): boolean {
    return this.state === 'joined' && (!this.private || this.policies.broadcastRead === true);
  }

  canReadPresence(): boolean {
    return this.state === 'joined' && (!this.private || this.policies.presenceRead === true);
  }

  sendFrame(frame: Buffer): void {
    this.socket.sendFrame(frame);
  }

  authContext(): AuthContext {
    return { topic: this.subTopic, claims: this.claims, headers: this.socket.headers };
  }

  /** A channel-scoped push (presence_state, system): the current join_ref, no ref. */
  push(event: string, payload: unknown): void {
    this.socket.push(this.joinRef, null, this.topic, event, payload);
  }

  reply(ref: string | null, status: 'ok' | 'error', response: unknown): void {
    this.socket.reply(this.joinRef, ref, this.topic, status, response);
  }

  /** Returns false when the join was refused (the reply has been sent). */
  async join(ref: string | null, payload: unknown): Promise<boolean> {
    const refuse = (reason: string) => {
      this.reply(ref, 'error', { reason });
      this.state = 'closed';
      return false;
    };
    if (this.subTopic === '') return refuse(ERRORS.topicRequired);
    const p: JoinParams = parseJoin(payload);
    this.private = p.private;
    this.self = p.self;
    this.ack = p.ack;
    this.presenceEnabled = p.presenceEnabled;
    this.presenceKey = p.presenceKey ?? crypto.randomUUID();
    this.key = topicKey(this.private, this.subTopic);
    this.token = p.accessToken && !p.accessToken.startsWith('sb_') ? p.accessToken : this.socket.token;

    const check = await checkToken(this.deps.ctx.keys, this.token);
    if (!check.ok) return refuse(`${check.code}: ${check.message}`);
    this.claims = check.claims;
    if (this.private) {
      const exts: ('broadcast' | 'presence')[] = this.presenceEnabled ? ['broadcast', 'presence'] : ['broadcast'];
      this.policies = await readPolicies(this.deps.sql, this.authContext(), exts, emptyPolicies());
      if (!this.policies.broadcastRead && !this.policies.presenceRead) {
        return refuse(`Unauthorized: You do not have permissions to read from this Channel topic: ${this.subTopic}`);
      }
    }
    if (this.socket.closed) return false;

    this.pgBindings = p.postgresChanges.map((params) => ({ id: bindingId(params), params }));
    this.state = 'joined';
    // Unlike Realtime (which subscribes after replying), register postgres_changes before the join
    // reply: a client that writes right after SUBSCRIBED then never misses its first change.
    const pg = this.pgBindings.length ? await this.deps.pg.subscribe(this) : undefined;
    if (this.state !== 'joined') return false;
    this.deps.hub.add(this.key, this);
    this.reply(ref, 'ok', { postgres_changes: this.pgBindings.map((b) => ({ ...b.params, id: b.id })) });
    if (this.presenceEnabled && this.canReadPresence()) {
      this.push('presence_state', this.deps.presence.state(this.key));
    }
    if (pg?.ok) this.pushSystem('postgres_changes', 'ok', 'Subscribed to PostgreSQL');
    else if (pg) this.pushSystem('postgres_changes', 'error', pg.message);
    if (p.replicationReady) {
      this.pushSystem('system', 'ok', 'Replication connection established');
    }
    this.scheduleTokenCheck();
    return true;
  }

  pushSystem(extension: 'system' | 'postgres_changes', status: 'ok' | 'error', message: string): void {
    this.push('system', { extension, status, message, channel: this.subTopic });
  }

  private async subscribePostgres(): Promise<void> {
    const res = await this.deps.pg.subscribe(this);
    if (this.state !== 'joined') return;
    if (res.ok) this.pushSystem('postgres_changes', 'ok', 'Subscribed to PostgreSQL');
    else this.pushSystem('postgres_changes', 'error', res.message);
  }

  private scheduleTokenCheck(): void {
    clearTimeout(this.confirmTimer);
    const msLeft = this.claims.exp * 1000 - Date.now();
    const wait = Math.max(0, Math.min(LIMITS.confirmTokenMs, msLeft + 100));
    this.confirmTimer = setTimeout(() => void this.confirmToken(), wait);
    this.confirmTimer.unref();
  }

  /** Realtime's :confirm_token: an expired token ends the channel with a system message. */
  private async confirmToken(): Promise<void> {
    if (this.state !== 'joined') return;
    const check = await checkToken(this.deps.ctx.keys, this.token);
    if (!check.ok) {
      this.shutdown(check.message);
      return;
    }
    this.claims = check.claims;
    this.scheduleTokenCheck();
  }

  /** Dispatches a client event on a joined channel. */
  async handle(frame: Frame): Promise<void> {
    switch (frame.event) {
      case 'broadcast':
        return handleBroadcast(this, frame);
      case 'presence':
        return handlePresence(this, frame);
      case 'access_token':
        return this.accessToken(frame.payload);
      case 'phx_leave':
        this.reply(frame.ref, 'ok', {});
        this.close();
        return;
      default:
        // Realtime ignores unknown events on a joined channel (they still count towards the rate).
        return;
    }
  }

  /** A new token: re-validate, recompute private-channel policies and postgres_changes claims. */
  private async accessToken(payload: unknown): Promise<void> {
    const t = (payload as { access_token?: unknown } | null)?.access_token;
    if (typeof t !== 'string' || t.startsWith('sb_') || t === this.token) return;
    const previous = this.policies;
    this.token = t;
    this.policies = emptyPolicies();
    const check = await checkToken(this.deps.ctx.keys, t);
    if (this.state !== 'joined') return;
    if (!check.ok) {
      this.shutdown(check.message);
      return;
    }
    this.claims = check.claims;
    if (this.private) {
      const exts: ('broadcast' | 'presence')[] = this.presenceEnabled ? ['broadcast', 'presence'] : ['broadcast'];
      const next = await readPolicies(this.deps.sql, this.authContext(), exts, emptyPolicies());
      if (this.state !== 'joined') return;
      this.policies = next;
      if (!next.broadcastRead && !next.presenceRead) {
        this.shutdown(`You do not have permissions to read from this Channel topic: ${this.subTopic}`);
        return;
      }
      const revoked = (a: boolean | null, b: boolean | null) => a === true && b === false;
      if (revoked(previous.broadcastRead, next.broadcastRead) || revoked(previous.presenceRead, next.presenceRead)) {
        this.shutdown(`You no longer have permission to read from this Channel topic: ${this.subTopic}`);
        return;
      }
    }
    if (this.pgBindings.length) void this.subscribePostgres();
    this.scheduleTokenCheck();
  }

  broadcastFrom(msg: BroadcastMsg): void {
    this.deps.hub.broadcast(this.key, msg, this);
  }

  /** Ends the channel with a `system` error, then `phx_close` (the client does not rejoin). */
  shutdown(message: string): void {
    if (this.state === 'closed') return;
    this.pushSystem('system', 'error', message);
    this.close();
  }

  /** Ends the channel normally: `phx_close` with the join_ref as ref. */
  close(): void {
    if (this.state === 'closed') return;
    this.socket.push(this.joinRef, this.joinRef, this.topic, 'phx_close', {});
    this.cleanup();
  }

  /** The channel crashed: `phx_error`, after which the client rejoins with backoff. */
  crash(): void {
    if (this.state === 'closed') return;
    this.socket.push(this.joinRef, this.joinRef, this.topic, 'phx_error', {});
    this.cleanup();
  }

  /** Forget the channel (socket gone, leave, shutdown): presence leave diff to the others. */
  cleanup(): void {
    if (this.state === 'closed') return;
    const wasJoined = this.state === 'joined';
    this.state = 'closed';
    clearTimeout(this.confirmTimer);
    this.socket.removeChannel(this);
    if (!wasJoined) return;
    this.deps.hub.remove(this.key, this);
    this.deps.pg.unsubscribe(this);
    const diff = this.deps.presence.untrack(this);
    if (diff) this.deps.hub.presenceDiff(this.key, diff);
  }
}
