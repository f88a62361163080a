import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { ANON_KEY, apiUrl, client, JWT_SECRET, sql, uniqueEmail } from './helpers.ts';

/** Shared helpers for the realtime conformance tests (real supabase-js, plus a raw Phoenix client). */

export interface TestUser {
  id: string;
  email: string;
  /** A current access token for this user. */
  token: string;
}

const secret = new TextEncoder().encode(JWT_SECRET);

/** An HS256 token as GoTrue would issue it (the CLI's JWT secret). `expiresIn` in seconds. */
export async function mintToken(userId: string, email: string, expiresIn = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email, phone: '', role: 'authenticated', aal: 'aal1', is_anonymous: false })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience('authenticated')
    .setIssuer(`${apiUrl()}/auth/v1`)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(secret);
}

/**
 * A real user: signed up through Auth when that works against the test stack, otherwise inserted into
 * auth.users directly with a token minted with the JWT secret (the same claims GoTrue issues).
 */
export async function makeUser(tag = 'rt'): Promise<TestUser> {
  const email = uniqueEmail(tag);
  try {
    const { data, error } = await client().auth.signUp({ email, password: 'password123' });
    if (!error && data.session && data.user) return { id: data.user.id, email, token: data.session.access_token };
  } catch {}
  const db = sql();
  try {
    const [row] = await db<{ id: string }[]>`
      insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data,
        email_confirmed_at, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', ${email},
        jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email')), '{}'::jsonb,
        now(), now(), now())
      returning id`;
    return { id: row.id, email, token: await mintToken(row.id, email) };
  } finally {
    await db.end();
  }
}

/** A supabase-js client whose realtime (and REST) token comes from `tokenRef.current`. */
export function tokenClient(tokenRef: { current: string }, opts: { vsn?: string } = {}): SupabaseClient {
  return createClient(apiUrl(), ANON_KEY, {
    accessToken: async () => tokenRef.current,
    realtime: opts.vsn ? { vsn: opts.vsn } : undefined,
  });
}

export function userClient(user: TestUser, opts: { vsn?: string } = {}): SupabaseClient {
  return tokenClient({ current: user.token }, opts);
}

/** Creates a room with the given members; returns its id. */
export async function makeRoom(members: TestUser[]): Promise<number> {
  const db = sql();
  try {
    const [room] = await db<{ id: string }[]>`insert into public.rt_rooms (name) values ('room') returning id`;
    for (const m of members) {
      await db`insert into public.rt_room_members (room_id, user_id) values (${room.id}, ${m.id})`;
    }
    return Number(room.id);
  } finally {
    await db.end();
  }
}

export type SubscribeResult = { status: string; error?: Error };

/** Subscribes and resolves with the first terminal status (SUBSCRIBED, CHANNEL_ERROR, TIMED_OUT, CLOSED). */
export async function subscribe(channel: RealtimeChannel, timeoutMs = 10_000): Promise<SubscribeResult> {
  // supabase-js fetches the access token asynchronously: make sure the join carries it.
  await channel.socket.setAuth().catch(() => {});
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ status: 'TEST_TIMEOUT' }), timeoutMs);
    channel.subscribe((status, error) => {
      clearTimeout(t);
      resolve({ status, error });
    });
  });
}

/** Subscribes and fails the test with the server's reason unless SUBSCRIBED. */
export async function expectSubscribed(channel: RealtimeChannel): Promise<void> {
  const res = await subscribe(channel);
  if (res.status !== 'SUBSCRIBED') throw new Error(`${channel.topic}: ${res.status} ${res.error?.message ?? ''}`);
}

/** Polls `fn` until it returns truthy (or throws after `timeoutMs`). */
export async function waitFor<T>(
  fn: () => T | undefined | null | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Closes every channel and the socket of each client. */
export async function closeClients(...clients: SupabaseClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.removeAllChannels().catch(() => {})));
  for (const c of clients) c.realtime.disconnect();
}

export function wsUrl(params: Record<string, string> = { apikey: ANON_KEY, vsn: '2.0.0' }): string {
  const u = new URL('realtime/v1/websocket', `${apiUrl()}/`);
  u.protocol = 'ws:';
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

// biome-ignore lint/suspicious/noExplicitAny: frames are arbitrary JSON, inspected loosely by tests
export type Incoming = { joinRef: string | null; ref: string | null; topic: string; event: string; payload: any };

/**
 * A bare Phoenix client over the global WebSocket, for what supabase-js never sends (garbage, floods,
 * raw frames). Speaks vsn 2.0.0 unless told otherwise; decodes kind-4 binary frames.
 */
export class RawClient {
  readonly ws: WebSocket;
  readonly vsn: '1.0.0' | '2.0.0';
  readonly received: Incoming[] = [];
  closeEvent: CloseEvent | undefined;
  private ref = 0;
  readonly opened: Promise<void>;

  constructor(params: Record<string, string> = {}) {
    this.vsn = (params.vsn as '1.0.0' | '2.0.0') ?? '2.0.0';
    this.ws = new WebSocket(wsUrl({ apikey: ANON_KEY, vsn: this.vsn, ...params }));
    this.ws.binaryType = 'arraybuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.addEventListener('open', () => resolve());
      this.ws.addEventListener('error', () => reject(new Error('websocket error')));
    });
    this.ws.addEventListener('message', (e) => this.received.push(this.decode(e.data)));
    this.ws.addEventListener('close', (e) => {
      this.closeEvent = e;
    });
  }

  private decode(data: unknown): Incoming {
    if (typeof data === 'string') {
      const m = JSON.parse(data);
      if (Array.isArray(m)) return { joinRef: m[0], ref: m[1], topic: m[2], event: m[3], payload: m[4] };
      return { joinRef: m.join_ref ?? null, ref: m.ref, topic: m.topic, event: m.event, payload: m.payload };
    }
    const buf = Buffer.from(data as ArrayBuffer);
    if (buf[0] !== 4) return { joinRef: null, ref: null, topic: '', event: `binary-kind-${buf[0]}`, payload: buf };
    const [tl, el, ml, enc] = [buf[1], buf[2], buf[3], buf[4]];
    const topic = buf.toString('utf8', 5, 5 + tl);
    const event = buf.toString('utf8', 5 + tl, 5 + tl + el);
    const meta = buf.toString('utf8', 5 + tl + el, 5 + tl + el + ml);
    const raw = buf.subarray(5 + tl + el + ml);
    const payload: Record<string, unknown> = {
      type: 'broadcast',
      event,
      payload: enc === 1 ? JSON.parse(raw.toString('utf8')) : raw,
    };
    if (meta) payload.meta = JSON.parse(meta);
    return { joinRef: null, ref: null, topic, event: 'broadcast', payload };
  }

  nextRef(): string {
    return String(++this.ref);
  }

  /** Sends a text frame in this client's serializer; returns the ref used. */
  push(topic: string, event: string, payload: unknown, joinRef: string | null = null, ref = this.nextRef()): string {
    if (this.vsn === '2.0.0') this.ws.send(JSON.stringify([joinRef, ref, topic, event, payload]));
    else this.ws.send(JSON.stringify({ topic, event, payload, ref, join_ref: joinRef }));
    return ref;
  }

  sendRaw(data: string | ArrayBuffer | Uint8Array): void {
    this.ws.send(data as ArrayBuffer);
  }

  /** Kind-3 user broadcast push, as realtime-js encodes `channel.send({type:'broadcast'})`. */
  pushBroadcast(topic: string, joinRef: string, event: string, payload: unknown): string {
    const ref = this.nextRef();
    const enc = (s: string) => Buffer.from(s);
    const [j, r, t, e] = [enc(joinRef), enc(ref), enc(topic), enc(event)];
    const body = Buffer.from(JSON.stringify(payload));
    const head = Buffer.from([3, j.length, r.length, t.length, e.length, 0, 1]);
    this.ws.send(Buffer.concat([head, j, r, t, e, body]));
    return ref;
  }

  async waitFor(pred: (m: Incoming) => boolean, timeoutMs = 5000, what = 'message'): Promise<Incoming> {
    return waitFor(() => this.received.find(pred), timeoutMs, what);
  }

  reply(ref: string, timeoutMs = 5000): Promise<Incoming> {
    return this.waitFor((m) => m.event === 'phx_reply' && m.ref === ref, timeoutMs, `reply to ${ref}`);
  }

  async join(topic: string, payload: unknown = { config: {} }): Promise<{ joinRef: string; reply: Incoming }> {
    const joinRef = this.nextRef();
    this.push(topic, 'phx_join', payload, joinRef, joinRef);
    return { joinRef, reply: await this.reply(joinRef) };
  }

  closed(timeoutMs = 5000): Promise<CloseEvent> {
    return waitFor(() => this.closeEvent, timeoutMs, 'socket close');
  }

  close(): void {
    this.ws.close();
  }
}
