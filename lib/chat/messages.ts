import type { Tables } from '@/lib/supabase/database.types';

/**
 * Pure helpers for the message list: merging pages, realtime events and optimistic sends into one
 * ordered list without duplicates, and spotting seq gaps. No React, no network: unit-tested in
 * messages.test.ts.
 */

/**
 * A message row as the client holds it: not the search vector, nor in_public_channel (the copy of
 * the channel's kind that the read policy uses; realtime payloads carry it, and it is ignored).
 */
export type MessageRow = Omit<Tables<'messages'>, 'search' | 'in_public_channel'>;

/** sending: optimistic, not yet confirmed; failed: the send did not go through (retry keeps client_id). */
export type SendStatus = 'sending' | 'failed';

export type ChatMessage = MessageRow & {
  /** Only on optimistic messages; a confirmed row from the server has none. */
  status?: SendStatus;
  /** Why the last send failed, for the retry line. */
  error?: string;
  /** Waiting for the network (failed offline, or written behind such a message): sent by itself on reconnect. */
  queued?: boolean;
};

/** Strips fields the client never keeps (the search vector) from an RPC or realtime row. */
export function toMessageRow(row: MessageRow & { search?: unknown }): MessageRow {
  const { search: _search, ...rest } = row;
  return rest;
}

/** True for rows shown in the channel stream: roots and thread replies also sent to the channel. */
export function isChannelStreamMessage(m: Pick<MessageRow, 'parent_id' | 'also_in_channel'>): boolean {
  return m.parent_id === null || m.also_in_channel;
}

function isPending(m: ChatMessage): boolean {
  return m.status !== undefined;
}

/** Dedupe key for optimistic and confirmed copies of one message: the author's client_id. */
function clientKey(m: Pick<MessageRow, 'author_id' | 'client_id'>): string {
  return `${m.author_id ?? ''}:${m.client_id}`;
}

/**
 * How far a row has moved along its life (plain → edited → deleted), so a stale copy (an old page,
 * a late catch-up) never overwrites a newer one.
 */
function version(m: MessageRow): [number, number] {
  if (m.deleted_at) return [2, Date.parse(m.deleted_at) || 0];
  if (m.edited_at) return [1, Date.parse(m.edited_at) || 0];
  return [0, 0];
}

/**
 * True when `a` is a staler copy of the same message than `b`. updated_at (stamped by the database
 * on every visible change, reply counts included) decides when both have it; compared as strings,
 * since they carry microseconds that Date.parse would drop (same format from REST and realtime).
 */
function isOlder(a: MessageRow, b: MessageRow): boolean {
  const [ka, ta] = version(a);
  const [kb, tb] = version(b);
  if (ka !== kb) return ka < kb;
  if (a.updated_at && b.updated_at && a.updated_at !== b.updated_at) {
    return compareTimestamps(a.updated_at, b.updated_at) < 0;
  }
  return ta < tb;
}

/**
 * Orders two Postgres timestamptz strings (ISO or `YYYY-MM-DD HH:MM:SS.ffffff+00`) with their
 * microseconds: by milliseconds first, then by the fractional digits.
 */
export function compareTimestamps(a: string, b: string): number {
  const ms = (Date.parse(a) || 0) - (Date.parse(b) || 0);
  if (ms !== 0) return ms;
  const frac = (t: string) => (/\.(\d+)/.exec(t)?.[1] ?? '').padEnd(6, '0');
  return frac(a).localeCompare(frac(b));
}

/**
 * Applies changed rows (edits, deletes, thread counters: from realtime or the changes catch-up) to
 * the messages already held, by id; rows not held are ignored, so an edit of an old message never
 * punches a lone row into history that was not loaded. Returns `current` when nothing changed.
 */
export function applyChanges(current: readonly ChatMessage[], changed: readonly MessageRow[]): ChatMessage[] {
  if (changed.length === 0) return current as ChatMessage[];
  const byId = new Map<string, MessageRow>();
  for (const r of changed) {
    const prev = byId.get(r.id);
    if (!prev || isOlder(prev, r)) byId.set(r.id, r);
  }
  let out: ChatMessage[] | null = null;
  current.forEach((m, i) => {
    const r = m.status === undefined ? byId.get(m.id) : undefined;
    if (!r || r === m || isOlder(r, m) || sameRow(r, m)) return;
    out ??= [...current];
    out[i] = r;
  });
  return out ?? (current as ChatMessage[]);
}

function sameRow(a: MessageRow, b: MessageRow): boolean {
  return (
    a.updated_at === b.updated_at &&
    a.body === b.body &&
    a.deleted_at === b.deleted_at &&
    a.reply_count === b.reply_count &&
    a.last_reply_at === b.last_reply_at
  );
}

/**
 * Merges `incoming` rows into `current` and returns a new list ordered by seq, with optimistic
 * (pending) messages after every confirmed one in the order they were sent.
 * - Same `id`: one copy, the newer version (a late, older copy never undoes an edit or delete).
 * - Same author + `client_id`: a confirmed row replaces the optimistic one (no duplicate on the
 *   race between the send's answer and the realtime broadcast).
 * - A pending incoming message (a retry) replaces the pending one with its client_id.
 * Returns `current` itself when nothing changed, so React can skip a render.
 */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current as ChatMessage[];
  const byId = new Map<string, ChatMessage>();
  const pendingByClient = new Map<string, ChatMessage>();
  const confirmedClients = new Set<string>();
  let changed = false;

  for (const m of current) {
    if (isPending(m)) pendingByClient.set(clientKey(m), m);
    else {
      byId.set(m.id, m);
      confirmedClients.add(clientKey(m));
    }
  }
  for (const m of incoming) {
    const key = clientKey(m);
    if (isPending(m)) {
      if (confirmedClients.has(key)) continue; // already confirmed: never resurrect an optimistic copy
      if (pendingByClient.get(key) !== m) {
        pendingByClient.set(key, m);
        changed = true;
      }
      continue;
    }
    const existing = byId.get(m.id);
    if (existing && (existing === m || isOlder(m, existing) || sameRow(m, existing))) continue;
    byId.set(m.id, m);
    confirmedClients.add(key);
    if (pendingByClient.delete(key)) changed = true;
    changed = true;
  }
  if (!changed) return current as ChatMessage[];

  const confirmed = [...byId.values()].sort((a, b) => a.seq - b.seq);
  const pending = [...pendingByClient.values()].filter((m) => !confirmedClients.has(clientKey(m)));
  pending.sort((a, b) => a.created_at.localeCompare(b.created_at));
  return [...confirmed, ...pending];
}

/** Highest confirmed seq in a list (0 when none). */
export function highestSeq(messages: readonly Pick<ChatMessage, 'seq' | 'status'>[]): number {
  let max = 0;
  for (const m of messages) if (m.status === undefined && m.seq > max) max = m.seq;
  return max;
}

/**
 * Seqs are gap-free per channel (thread replies included), so a row whose seq is more than one
 * past the highest seq we hold means we missed something: returns the missing range, else null.
 */
export function detectSeqGap(knownHighestSeq: number, incomingSeq: number): { from: number; to: number } | null {
  if (incomingSeq <= knownHighestSeq + 1) return null;
  return { from: knownHighestSeq + 1, to: incomingSeq - 1 };
}

/** Lowest confirmed seq (the keyset cursor for the next older page), or null when the list is empty. */
export function lowestSeq(messages: readonly Pick<ChatMessage, 'seq' | 'status'>[]): number | null {
  let min: number | null = null;
  for (const m of messages) if (m.status === undefined && (min === null || m.seq < min)) min = m.seq;
  return min;
}

/** Messages by the same author within this many minutes form one group (one name and avatar). */
export const GROUP_WINDOW_MS = 5 * 60 * 1000;

/** True when `m` continues `prev`'s group: same author, same day, within GROUP_WINDOW_MS. */
export function continuesGroup(prev: ChatMessage | undefined, m: ChatMessage): boolean {
  if (!prev || prev.author_id !== m.author_id || prev.deleted_at || m.deleted_at) return false;
  const a = new Date(prev.created_at);
  const b = new Date(m.created_at);
  return a.toDateString() === b.toDateString() && b.getTime() - a.getTime() < GROUP_WINDOW_MS;
}

/** The last confirmed, not deleted message by `userId` in a list: what arrow-up in an empty composer edits. */
export function lastOwnMessage(rows: readonly ChatMessage[], userId: string): ChatMessage | undefined {
  for (let i = rows.length - 1; i >= 0; i--) {
    const m = rows[i];
    if (m.author_id === userId && !m.status && !m.deleted_at) return m;
  }
  return undefined;
}

/**
 * Failed sends waiting for the network, oldest first across the channel and thread lists (a
 * message in both is returned once): the order they must be sent in on reconnect, so seqs follow
 * the order they were written.
 */
export function queuedSends(...lists: readonly (readonly ChatMessage[])[]): ChatMessage[] {
  const byClient = new Map<string, ChatMessage>();
  for (const list of lists) {
    for (const m of list) if (m.status !== undefined && m.queued) byClient.set(m.client_id, m);
  }
  return [...byClient.values()].sort((a, b) => a.created_at.localeCompare(b.created_at));
}
