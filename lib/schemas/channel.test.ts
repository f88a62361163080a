import { describe, expect, it } from 'vitest';
import { channelNameSchema, createChannelSchema, normalizeChannelName } from './channel';

const messageOf = (input: string) => {
  const r = channelNameSchema.safeParse(input);
  return r.success ? null : r.error.issues[0].message;
};

describe('channel names', () => {
  it('normalizes as Slack does while typing', () => {
    expect(normalizeChannelName('  #Design Team ')).toBe('design-team');
    expect(channelNameSchema.parse('Q3 launch_plans')).toBe('q3-launch_plans');
  });

  it('accepts 80 characters and refuses 81', () => {
    expect(channelNameSchema.parse('a'.repeat(80))).toHaveLength(80);
    expect(messageOf('a'.repeat(81))).toMatch(/at most 80/);
  });

  it('says what is wrong', () => {
    expect(messageOf('')).toMatch(/enter a channel name/);
    expect(messageOf('#')).toMatch(/enter a channel name/);
    expect(messageOf('café')).toMatch(/lowercase letters, numbers, hyphens and underscores/);
    expect(messageOf('hello.world')).toMatch(/lowercase letters/);
    expect(messageOf('-general')).toMatch(/start with a letter or number/);
    expect(messageOf('_x')).toMatch(/start with a letter or number/);
  });
});

describe('createChannelSchema', () => {
  const ws = '8a1c3f9e-1b2c-4d5e-8f90-123456789abc';
  it('drops an empty topic and checks kind', () => {
    expect(createChannelSchema.parse({ workspaceId: ws, name: 'x', kind: 'private', topic: '  ' })).toEqual({
      workspaceId: ws,
      name: 'x',
      kind: 'private',
      topic: undefined,
    });
    expect(createChannelSchema.safeParse({ workspaceId: ws, name: 'x', kind: 'dm' }).success).toBe(false);
    expect(
      createChannelSchema.safeParse({ workspaceId: ws, name: 'x', kind: 'public', topic: 't'.repeat(251) }).success,
    ).toBe(false);
  });
});
