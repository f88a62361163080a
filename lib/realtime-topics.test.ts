import { describe, expect, it } from 'vitest';
import { channelTopic, channelTypingTopic, parseTopic, userTopic, workspaceTopic } from './realtime-topics.ts';

const id = '3f0c8a8e-4b7e-4f59-9a53-0e2f0c1d2b3a';

describe('realtime topics', () => {
  it('builds the four topic kinds', () => {
    expect(channelTopic(id)).toBe(`channel:${id}`);
    expect(channelTypingTopic(id)).toBe(`channel:${id}:typing`);
    expect(workspaceTopic(id)).toBe(`workspace:${id}`);
    expect(userTopic(id)).toBe(`user:${id}`);
  });

  it('parses what it builds', () => {
    expect(parseTopic(channelTopic(id))).toEqual({ kind: 'channel', channelId: id });
    expect(parseTopic(channelTypingTopic(id))).toEqual({ kind: 'channel_typing', channelId: id });
    expect(parseTopic(workspaceTopic(id))).toEqual({ kind: 'workspace', workspaceId: id });
    expect(parseTopic(userTopic(id))).toEqual({ kind: 'user', userId: id });
  });

  it('rejects malformed and spoofed topics', () => {
    for (const t of [
      '',
      'channel:',
      'channel:not-a-uuid',
      `channel:${id}:typing:extra`,
      `workspace:${id}:typing`,
      `user:${id}:typing`,
      `ws:${id}`,
      `channel:${id.toUpperCase()}`,
      `realtime:${id}`,
      `channel:${id}`.padEnd(10_000, 'x'),
    ]) {
      expect(parseTopic(t), t).toBeNull();
    }
  });
});
