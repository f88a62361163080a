import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from './field-errors';
import { createInviteSchema, createWorkspaceSchema, inviteTokenFrom, slugify } from './workspace';

const TOKEN = 'a'.repeat(24) + '0123456789abcdef01234567';

describe('slugify', () => {
  it('lowercases, drops accents and joins words with single hyphens', () => {
    expect(slugify('Acme Café & Co.')).toBe('acme-cafe-co');
    expect(slugify('  --Hello   World--  ')).toBe('hello-world');
    expect(slugify('Ünïcödé Team 42')).toBe('unicode-team-42');
  });

  it('never ends with a hyphen after cutting to 40 characters', () => {
    const slug = slugify(`${'a'.repeat(39)} b`);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('gives an empty slug for names without letters or digits (the field then asks for one)', () => {
    expect(slugify('!!! ???')).toBe('');
    expect(createWorkspaceSchema.safeParse({ name: '!!!', slug: slugify('!!!') }).success).toBe(false);
  });
});

describe('createWorkspaceSchema', () => {
  const errorsOf = (input: unknown) => {
    const r = createWorkspaceSchema.safeParse(input);
    return r.success ? {} : fieldErrorsOf(r.error);
  };

  it('accepts a name and a derived slug', () => {
    expect(createWorkspaceSchema.parse({ name: ' Rocket Team ', slug: 'rocket-team' })).toEqual({
      name: 'Rocket Team',
      slug: 'rocket-team',
    });
  });

  it('explains what is wrong with a slug', () => {
    expect(errorsOf({ name: 'x', slug: 'ab' }).slug).toMatch(/at least 3/);
    expect(errorsOf({ name: 'x', slug: 'a'.repeat(41) }).slug).toMatch(/at most 40/);
    expect(errorsOf({ name: 'x', slug: 'my_team' }).slug).toMatch(/lowercase letters, numbers and hyphens/);
    expect(errorsOf({ name: 'x', slug: '-team' }).slug).toMatch(/start or end with a hyphen/);
    expect(errorsOf({ name: 'x', slug: 'invite' }).slug).toMatch(/reserved/);
  });

  it('requires a name of at most 80 characters', () => {
    expect(errorsOf({ name: '   ', slug: 'abc' }).name).toMatch(/name your workspace/);
    expect(errorsOf({ name: 'n'.repeat(81), slug: 'abc' }).name).toMatch(/at most 80/);
  });
});

describe('createInviteSchema', () => {
  const base = {
    workspaceId: '8a1c3f9e-1b2c-4d5e-8f90-123456789abc',
    role: 'member',
    expiresInDays: '7',
    maxUses: '5',
  };
  it('coerces form values', () => {
    expect(createInviteSchema.parse(base)).toMatchObject({ expiresInDays: 7, maxUses: 5 });
  });
  it('refuses owner invites, odd expiries and out-of-range uses', () => {
    expect(createInviteSchema.safeParse({ ...base, role: 'owner' }).success).toBe(false);
    expect(createInviteSchema.safeParse({ ...base, expiresInDays: '91' }).success).toBe(false);
    expect(createInviteSchema.safeParse({ ...base, maxUses: '0' }).success).toBe(false);
    expect(createInviteSchema.safeParse({ ...base, maxUses: '1001' }).success).toBe(false);
  });
});

describe('inviteTokenFrom', () => {
  it('takes the token from a pasted link or a bare token', () => {
    expect(inviteTokenFrom(`https://chat.example.com/invite/${TOKEN}`)).toBe(TOKEN);
    expect(inviteTokenFrom(`http://127.0.0.1:3000/invite/${TOKEN.toUpperCase()}?x=1`)).toBe(TOKEN);
    expect(inviteTokenFrom(` ${TOKEN} `)).toBe(TOKEN);
  });
  it('answers null for anything else', () => {
    expect(inviteTokenFrom('')).toBeNull();
    expect(inviteTokenFrom('https://chat.example.com/invite/short')).toBeNull();
    expect(inviteTokenFrom(`${TOKEN}ff`)).toBeNull();
  });
});
