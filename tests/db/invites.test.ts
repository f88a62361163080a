import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, createUsers, pgCode } from './helpers.ts';

/**
 * preview_invite() (what an invite link leads to, before accepting it) and revoke_invite() (admins
 * withdraw a link, with an audit row). Access per identity is in the isolation matrix; this file covers
 * what the answers say and that they agree with accept_invite().
 */
const sql = connect(4);
let owner: string;
let admin: string;
let member: string;
let stranger: string;
let ws: string;

type Preview = {
  workspace_name: string;
  workspace_slug: string | null;
  role: string;
  invited_by_name: string | null;
  expires_at: Date;
  status: string;
};

/** An invite row made directly (as postgres); returns its id and token. */
async function invite(
  opts: { expires?: string; maxUses?: number; used?: number; revoked?: boolean; email?: string } = {},
) {
  const token = randomBytes(24).toString('hex');
  const [{ id }] = await sql`insert into public.workspace_invites
      (workspace_id, token_hash, role, email, expires_at, max_uses, use_count, revoked_at, created_by)
    values (${ws}, extensions.digest(${token}, 'sha256'), 'member', ${opts.email ?? null},
      now() + ${opts.expires ?? '1 day'}::interval, ${opts.maxUses ?? 5}, ${opts.used ?? 0},
      ${opts.revoked ? new Date() : null}, ${owner})
    returning id`;
  return { id: id as string, token };
}

/** The error a call ends with (undefined when it succeeds). */
async function failure(call: () => Promise<unknown>): Promise<(Error & { code?: string }) | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const preview = (userId: string, token: string) =>
  asUser(sql, userId, async (tx) => (await tx`select * from public.preview_invite(${token})`)[0] as Preview);

beforeAll(async () => {
  [owner, admin, member, stranger] = await createUsers(sql, ['inv-owner', 'inv-admin', 'inv-member', 'inv-stranger']);
  [{ id: ws }] = await sql`insert into public.workspaces (slug, name, created_by)
    values (${`inv-${randomUUID().slice(0, 8)}`}, 'Initech', ${owner}) returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role)
    values (${ws}, ${owner}, 'owner'), (${ws}, ${admin}, 'admin'), (${ws}, ${member}, 'member')`;
});
afterAll(() => sql.end());

describe('preview_invite', () => {
  it('names the workspace, role and inviter of a usable link without making the caller a member', async () => {
    const { token } = await invite();
    const p = await preview(stranger, token);
    expect(p).toMatchObject({
      workspace_name: 'Initech',
      workspace_slug: null,
      role: 'member',
      invited_by_name: 'inv-owner',
      status: 'valid',
    });
    const [{ n }] = await sql`select count(*)::int as n from public.workspace_members
      where workspace_id = ${ws} and user_id = ${stranger}`;
    expect(n).toBe(0);
  });

  it('says why a link cannot be used, in the order accept_invite() refuses it', async () => {
    const cases = [
      { opts: { revoked: true, expires: '-1 hour' }, status: 'revoked', refused: /revoked/ },
      { opts: { expires: '-1 hour', maxUses: 1, used: 1 }, status: 'expired', refused: /expired/ },
      { opts: { maxUses: 1, used: 1 }, status: 'used_up', refused: /already been used/ },
    ];
    for (const c of cases) {
      const { token } = await invite(c.opts);
      expect((await preview(stranger, token)).status).toBe(c.status);
      const refusal = await failure(() => asUser(sql, stranger, (tx) => tx`select public.accept_invite(${token})`));
      expect(refusal?.message).toMatch(c.refused);
    }
  });

  it('tells a member they are already in, with the slug to open the workspace', async () => {
    const { token } = await invite({ revoked: true });
    const p = await preview(member, token);
    expect(p.status).toBe('member');
    expect(p.workspace_slug).toMatch(/^inv-/);
  });

  it('answers "not found" alike for unknown, malformed and other-email tokens', async () => {
    const { token } = await invite({ email: 'someone-else@example.com' });
    for (const t of [token, randomBytes(24).toString('hex'), 'not-a-token', '']) {
      const error = await failure(() => preview(stranger, t));
      expect(pgCode(error), t).toBe('PT404');
      expect(error?.message).toBe('Invite not found');
    }
  });
});

describe('revoke_invite', () => {
  it('revokes once, keeps the first time on a repeat, writes one audit row, and the link stops working', async () => {
    const { id, token } = await invite();
    const first = await asUser(
      sql,
      admin,
      async (tx) => (await tx`select public.revoke_invite(${id}) as t`)[0].t as Date,
    );
    const again = await asUser(
      sql,
      owner,
      async (tx) => (await tx`select public.revoke_invite(${id}) as t`)[0].t as Date,
    );
    expect(again.getTime()).toBe(first.getTime());
    const audit = await sql`select actor_id, action from public.audit_log where target_id = ${id}`;
    expect(audit).toEqual([{ actor_id: admin, action: 'invite.revoked' }]);
    expect((await preview(stranger, token)).status).toBe('revoked');
  });

  it('is "not found" for a plain member, an outsider and an unknown id, and changes nothing', async () => {
    const { id } = await invite();
    for (const [who, target] of [
      [member, id],
      [stranger, id],
      [admin, randomUUID()],
    ] as const) {
      const error = await failure(() => asUser(sql, who, (tx) => tx`select public.revoke_invite(${target})`));
      expect(pgCode(error)).toBe('PT404');
    }
    const [{ revoked_at }] = await sql`select revoked_at from public.workspace_invites where id = ${id}`;
    expect(revoked_at).toBeNull();
    const audit = await sql`select 1 from public.audit_log where target_id = ${id}`;
    expect(audit).toHaveLength(0);
  });
});
