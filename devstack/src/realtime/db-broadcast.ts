import type { Hub } from './hub.ts';
import { topicKey } from './hub.ts';
import type { RowChange } from './replication.ts';

/**
 * Broadcast from the database: every committed INSERT into realtime.messages (realtime.send,
 * realtime.send_binary, realtime.broadcast_changes) goes to the subscribers of its topic and privacy,
 * as a kind-4 frame with metadata {"id": <message id>} (protocol doc 5.2, 5.8).
 */
export function isMessagesTable(change: RowChange): boolean {
  return change.relation.schema === 'realtime' && change.relation.table === 'messages';
}

export function dispatchMessage(hub: Hub, change: RowChange): number {
  if (change.type !== 'INSERT' || !change.new) return 0;
  const row = change.new;
  if (row.get('extension') !== 'broadcast') return 0;
  const topic = row.get('topic');
  const event = row.get('event');
  if (!topic || event === undefined) return 0;
  const isPrivate = row.get('private') === 't';
  const payload = row.get('payload');
  const binary = row.get('binary_payload');
  let data: Buffer | string;
  let encoding: 0 | 1;
  if (typeof payload === 'string') {
    // JSON text goes into the frame as is: encoded once, by the frame builder.
    data = payload;
    encoding = 1;
  } else if (typeof binary === 'string' && binary.startsWith('\\x')) {
    data = Buffer.from(binary.slice(2), 'hex');
    encoding = 0;
  } else {
    data = '{}';
    encoding = 1;
  }
  const metadata = JSON.stringify({ id: row.get('id') });
  return hub.broadcast(topicKey(isPrivate, topic), { kind: 'user', event: event ?? '', encoding, data, metadata });
}
