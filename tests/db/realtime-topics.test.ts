import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { channelTopic, channelTypingTopic, userTopic, workspaceTopic } from '../../lib/realtime-topics.ts';
import { connect } from './helpers.ts';

/** Topic names are defined once in SQL and once in lib/realtime-topics.ts: they must agree. */
const sql = connect(1);
afterAll(() => sql.end());

describe('realtime topic names', () => {
  it('match between SQL and TypeScript', async () => {
    const id = randomUUID();
    const [r] = await sql`select private.channel_topic(${id}) as c, private.channel_typing_topic(${id}) as t,
      private.workspace_topic(${id}) as w, private.user_topic(${id}) as u`;
    expect(r).toEqual({ c: channelTopic(id), t: channelTypingTopic(id), w: workspaceTopic(id), u: userTopic(id) });
  });

  it('message triggers publish to the channel topic without the search vector', async () => {
    const [{ id: ch, workspace_id }] =
      await sql`select id, workspace_id from public.channels where kind = 'public' limit 1`;
    const [{ user_id }] =
      await sql`select user_id from public.workspace_members where workspace_id = ${workspace_id} limit 1`;
    await sql
      .begin(async (tx) => {
        await tx`insert into public.messages (channel_id, author_id, client_id, body) values (${ch}, ${user_id}, ${randomUUID()}, 'published?')`;
        const rows =
          await tx`select event, payload from realtime.messages where topic = ${channelTopic(ch)} and event = 'message_created'
          order by inserted_at desc limit 1`;
        expect(rows[0].payload.message.body).toBe('published?');
        expect(rows[0].payload.message.search).toBeUndefined();
        throw new Error('rollback');
      })
      .catch((e) => {
        if ((e as Error).message !== 'rollback') throw e;
      });
  });
});
