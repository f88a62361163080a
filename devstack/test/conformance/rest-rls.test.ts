import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, client, sql } from '../helpers.ts';
import { createUser, type TestUser } from '../rest-helpers.ts';

const db = sql();
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await createUser(db, 'alice');
  bob = await createUser(db, 'bob');
});
afterAll(() => db.end());

const todosOf = (id: string) => db`select task, done from public.todos where user_id = ${id} order by id`;

describe('rest: row level security', () => {
  it('a user creates and reads only their own rows', async () => {
    const ins = await alice.client.from('todos').insert({ task: 'alice task' }).select('task, user_id').single();
    expect(ins.error).toBeNull();
    expect(ins.data).toEqual({ task: 'alice task', user_id: alice.id });
    await bob.client.from('todos').insert([{ task: 'bob 1' }, { task: 'bob 2' }]);
    const mine = await alice.client.from('todos').select('task');
    expect(mine.data).toEqual([{ task: 'alice task' }]);
    const bobs = await bob.client.from('todos').select('task', { count: 'exact' }).order('id');
    expect(bobs.data).toEqual([{ task: 'bob 1' }, { task: 'bob 2' }]);
    expect(bobs.count).toBe(2);
  });

  it("a user cannot change or delete another user's rows", async () => {
    await db`insert into public.todos (user_id, task) values (${alice.id}, 'keep me')`;
    const upd = await bob.client.from('todos').update({ done: true, task: 'hacked' }).eq('task', 'keep me').select();
    expect(upd.error).toBeNull();
    expect(upd.data).toEqual([]);
    const del = await bob.client.from('todos').delete().eq('task', 'keep me').select();
    expect(del.data).toEqual([]);
    expect((await todosOf(alice.id)).find((t) => t.task === 'keep me')).toEqual({ task: 'keep me', done: false });
  });

  it('a user cannot insert rows owned by someone else (42501 → 403)', async () => {
    const { error, status } = await bob.client.from('todos').insert({ task: 'forged', user_id: alice.id });
    expect(status).toBe(403);
    expect(error).toEqual({
      code: '42501',
      details: null,
      hint: null,
      message: 'new row violates row-level security policy for table "todos"',
    });
    expect((await todosOf(alice.id)).map((t) => t.task)).not.toContain('forged');
  });

  it('anon gets what its grants and policies allow, and no more', async () => {
    const todos = await client().from('todos').select();
    expect(todos).toMatchObject({ status: 200, data: [] });
    const write = await client().from('todos').insert({ task: 'anon', user_id: alice.id });
    expect(write.status).toBe(401);
    expect(write.error?.code).toBe('42501');
    const notes = await client().from('notes').select('body');
    expect(notes.data).toEqual([{ body: 'public note' }]);
    const noGrant = await client().from('notes').insert({ body: 'x' });
    expect(noGrant.status).toBe(401);
    expect(noGrant.error).toMatchObject({ code: '42501', message: 'permission denied for table notes' });
    const svc = await adminClient().from('notes').select('body', { count: 'exact', head: true });
    expect(svc.count).toBeGreaterThanOrEqual(2);
  });

  it('insert without a SELECT policy works, but not with return=representation', async () => {
    const ok = await client().from('inbox').insert({ body: 'hello' });
    expect(ok).toMatchObject({ status: 201, error: null });
    const rep = await client().from('inbox').insert({ body: 'hello again' }).select();
    expect(rep.status).toBe(401);
    expect(rep.error?.code).toBe('42501');
    const [{ n }] = await db`select count(*)::int as n from public.inbox where body = 'hello again'`;
    expect(n).toBe(0);
  });

  it('service_role bypasses RLS', async () => {
    const { data } = await adminClient().from('todos').select('user_id').in('user_id', [alice.id, bob.id]);
    expect(new Set((data as { user_id: string }[]).map((r) => r.user_id))).toEqual(new Set([alice.id, bob.id]));
  });
});
