import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { requestPasswordResetSchema, signInSchema, signUpSchema, updatePasswordSchema } from '../schemas/auth';
import { createChannelSchema } from '../schemas/channel';
import { fieldErrorsOf } from '../schemas/field-errors';
import { createInviteSchema, createWorkspaceSchema } from '../schemas/workspace';
import { checkRequestPasswordReset, checkSignIn, checkSignUp, checkUpdatePassword } from './auth';
import { checkCreateChannel } from './channel';
import type { FormCheck } from './form';
import { checkCreateInvite, checkCreateWorkspace } from './workspace';

/**
 * The browser's plain checks and the server actions' zod schemas must say the same thing for the
 * same form input: same fields, same messages (the person sees the browser's; the server's are the
 * truth). Inputs are what FormData gives: strings, or a missing field.
 */
function zodErrors(schema: z.ZodType, input: Record<string, unknown>): Record<string, string> {
  const r = schema.safeParse(input);
  return r.success ? {} : fieldErrorsOf(r.error);
}

function expectParity(schema: z.ZodType, check: FormCheck, inputs: Record<string, unknown>[], extra = {}) {
  for (const input of inputs) {
    expect(check(input), JSON.stringify(input)).toEqual(zodErrors(schema, { ...input, ...extra }));
  }
}

const EMAILS = [
  '',
  '   ',
  'ada',
  'ada@',
  'ada@example',
  ' Ada@Example.COM ',
  'a.b+c@d-e.co',
  `${'a'.repeat(250)}@x.io`,
  'a..b@x.io',
  '.a@x.io',
];
const PASSWORDS = ['', '12345', '123456', 'x'.repeat(72), 'x'.repeat(73)];

describe('browser checks match the server schemas', () => {
  it('sign in', () => {
    const inputs = EMAILS.flatMap((email) => ['', 'p'].map((password) => ({ email, password })));
    expectParity(signInSchema, checkSignIn, [...inputs, {}, { email: 'ada@example.com' }]);
  });

  it('sign up', () => {
    const inputs = EMAILS.flatMap((email) => PASSWORDS.map((password) => ({ email, password })));
    expectParity(signUpSchema, checkSignUp, [...inputs, {}]);
  });

  it('password reset request', () => {
    expectParity(
      requestPasswordResetSchema,
      checkRequestPasswordReset,
      EMAILS.map((email) => ({ email })),
    );
  });

  it('new password', () => {
    const inputs = PASSWORDS.flatMap((password) =>
      ['', '12345', '123456', 'secret124'].map((confirmPassword) => ({ password, confirmPassword })),
    );
    expectParity(updatePasswordSchema, checkUpdatePassword, [...inputs, {}, { password: 'secret123' }]);
  });

  it('create channel', () => {
    const names = ['', '#', '  #Design Team ', 'café', 'hello.world', '-general', '_x', 'a'.repeat(80), 'a'.repeat(81)];
    const inputs = names.flatMap((name) => ['public', 'private', 'dm', ''].map((kind) => ({ name, kind, topic: '' })));
    const topics = ['', '  ', 't'.repeat(250), 't'.repeat(251), ` ${'t'.repeat(250)} `];
    expectParity(
      createChannelSchema,
      checkCreateChannel,
      [...inputs, ...topics.map((topic) => ({ name: 'x', kind: 'public', topic })), { name: 'x', kind: 'public' }],
      { workspaceId: '8a1c3f9e-1b2c-4d5e-8f90-123456789abc' },
    );
  });

  it('create workspace', () => {
    const names = ['', '   ', ' Rocket Team ', 'n'.repeat(80), 'n'.repeat(81)];
    const slugs = [
      '',
      'ab',
      'abc',
      'ABC',
      'a'.repeat(40),
      'a'.repeat(41),
      'my_team',
      '-team',
      'team-',
      'invite',
      ' new ',
    ];
    const inputs = names.flatMap((name) => slugs.map((slug) => ({ name, slug })));
    expectParity(createWorkspaceSchema, checkCreateWorkspace, [...inputs, {}]);
  });

  it('create invite', () => {
    const inputs = ['member', 'guest', 'admin', 'owner', ''].flatMap((role) =>
      ['1', '7', '30', '91', '', 'x'].flatMap((expiresInDays) =>
        ['1', '5', '1000', '0', '1001', '2.5', '', 'x', '-1'].map((maxUses) => ({ role, expiresInDays, maxUses })),
      ),
    );
    expectParity(createInviteSchema, checkCreateInvite, inputs, {
      workspaceId: '8a1c3f9e-1b2c-4d5e-8f90-123456789abc',
    });
  });
});
