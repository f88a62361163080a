import { afterAll, describe, expect, it } from 'vitest';
import { client, sql } from '../helpers.ts';
import { createUser, rest } from '../rest-helpers.ts';

const db = sql();
afterAll(() => db.end());

describe('rest: rpc', () => {
  it('calls scalar functions by POST (named args) and GET', async () => {
    expect(await client().rpc('add_them', { a: 2, b: 3 })).toMatchObject({ data: 5, status: 200, error: null });
    expect((await client().rpc('add_them', { a: 1, b: 1 }, { get: true })).data).toBe(2);
    expect((await client().rpc('hello')).data).toBe('hello world');
    expect((await client().rpc('hello', { name: 'you' })).data).toBe('hello you');
  });

  it('set-returning functions accept select, filters, order, limit and embeds', async () => {
    const { data, error } = await client()
      .rpc('cities_in', { p_country: 1 })
      .select('name, countries(code)')
      .gt('population', 600000)
      .order('name', { ascending: false })
      .limit(5);
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Paris', countries: { code: 'FR' } },
      { name: 'Marseille', countries: { code: 'FR' } },
    ]);
    const counted = await client().rpc('cities_in', { p_country: 2 }, { count: 'exact', head: true });
    expect(counted.count).toBe(2);
  });

  it('returns composites as objects, TABLE results and SETOF scalars as arrays', async () => {
    expect((await client().rpc('get_country', { p_id: 3 })).data).toEqual({ id: 3, name: 'Japan', code: 'JP' });
    // A composite function returning no row yields a row of NULLs, as through PostgREST.
    expect((await client().rpc('get_country', { p_id: 99 })).data).toEqual({ id: null, name: null, code: null });
    const stats = await client().rpc('country_stats').eq('country', 'France');
    expect(stats.data).toEqual([{ country: 'France', city_count: 3 }]);
    expect((await client().rpc('series', { n: 3 })).data).toEqual([1, 2, 3]);
  });

  it('void functions answer 204', async () => {
    const res = await client().rpc('noop');
    expect(res).toMatchObject({ status: 204, data: null, error: null });
  });

  it('passes the whole body to a single unnamed json parameter; arrays to array params', async () => {
    expect((await client().rpc('echo_json', { any: ['thing', 1] })).data).toEqual({ any: ['thing', 1] });
    expect((await client().rpc('sum_array', { vals: [1, 2, 3] })).data).toBe(6);
    expect((await client().rpc('sum_array', { vals: [4, 5] }, { get: true })).data).toBe(9);
  });

  it('runs GET in a read-only transaction (25006 → 405) and POST of volatile functions read-write', async () => {
    const name = `rpc-${Math.random().toString(36).slice(2)}`;
    const ro = await client().rpc('create_item', { p_name: name }, { get: true });
    expect(ro.status).toBe(405);
    expect(ro.error).toMatchObject({ code: '25006', message: 'cannot execute INSERT in a read-only transaction' });
    expect(await db`select 1 from public.mut_items where name = ${name}`).toHaveLength(0);
    const rw = await client().rpc('create_item', { p_name: name }).select('name').single();
    expect(rw.data).toEqual({ name });
    expect(await db`select 1 from public.mut_items where name = ${name}`).toHaveLength(1);
  });

  it('keeps nothing a POST wrote when the function fails, or when COMMIT refuses a deferred key', async () => {
    // Without a reason to roll back, the gateway sends COMMIT in the same pipeline as the call:
    // the function's error must still win, and an error raised by COMMIT itself must reach the client.
    const failed = `rpc-${Math.random().toString(36).slice(2)}`;
    const r1 = await client().rpc('create_item_then_fail', { p_name: failed });
    expect(r1.status).toBe(409);
    expect(r1.error).toMatchObject({ code: 'PT409', message: 'failed after writing' });
    expect(await db`select 1 from public.mut_items where name = ${failed}`).toHaveLength(0);

    const deferred = `rpc-${Math.random().toString(36).slice(2)}`;
    const r2 = await client().rpc('add_deferred_twice', { p_name: deferred });
    expect(r2.status).toBe(409);
    expect(r2.error).toMatchObject({ code: '23505' });
    expect(await db`select 1 from public.mut_items where name = ${deferred}`).toHaveLength(0);
    expect(await db`select 1 from public.deferred_items where name = ${deferred}`).toHaveLength(0);

    // The same connection pool then serves the next write normally.
    const ok = `rpc-${Math.random().toString(36).slice(2)}`;
    expect((await client().rpc('create_item', { p_name: ok }).select('name').single()).data).toEqual({ name: ok });
    expect(await db`select 1 from public.mut_items where name = ${ok}`).toHaveLength(1);
  });

  it('answers 404 PGRST202 with a hint for unknown functions or arguments', async () => {
    const typo = await client().rpc('add_them_', { a: 1, b: 2 });
    expect(typo.status).toBe(404);
    expect(typo.error).toEqual({
      code: 'PGRST202',
      details:
        'Searched for the function public.add_them_ with parameters a, b or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function public.add_them',
      message: 'Could not find the function public.add_them_(a, b) in the schema cache',
    });
    const wrongArgs = await client().rpc('add_them', { a: 1, c: 2 });
    expect(wrongArgs.status).toBe(404);
    expect(wrongArgs.error?.message).toBe('Could not find the function public.add_them(a, c) in the schema cache');
  });

  it('resolves overloads by argument names; ambiguous ones answer 300 PGRST203', async () => {
    expect((await client().rpc('overloaded', { a: 1 })).data).toBe('int 1');
    expect((await client().rpc('overloaded', { b: 'x' })).data).toBe('text x');
    const amb = await client().rpc('ambiguous', { x: 1 });
    expect(amb.status).toBe(300);
    expect(amb.error?.code).toBe('PGRST203');
  });

  it('RAISE SQLSTATE PGRST controls status, body and headers; PTxyz sets the status', async () => {
    const r = await rest('/rpc/raise_pgrst', { method: 'POST', body: '{}' });
    expect(r.status).toBe(402);
    expect(r.headers.get('x-powered-by')).toBe('Nerd Rage');
    expect(await r.json()).toEqual({
      code: '123',
      details: 'Quota exceeded',
      hint: 'Upgrade your plan',
      message: 'Payment Required',
    });
    const pt = await client().rpc('raise_pt');
    expect(pt.status).toBe(418);
    expect(pt.error).toMatchObject({ code: 'PT418', message: 'I am a teapot' });
    const plain = await client().rpc('raise_plain');
    expect(plain.status).toBe(400);
    expect(plain.error).toEqual({ code: 'P0001', details: 'some detail', hint: 'some hint', message: 'plain failure' });
  });

  it('applies response.status and response.headers set by the function', async () => {
    const r = await rest('/rpc/custom_response', { method: 'POST', body: '{}' });
    expect(r.status).toBe(202);
    expect(r.headers.get('x-custom')).toBe('yes');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(await r.json()).toBe('accepted');
  });

  it('sets role, claims, method, path, headers, cookies and search_path per request', async () => {
    const anon = await rest('/rpc/request_info', { headers: { cookie: 'theme=dark; sid=abc', 'x-trace': 't1' } });
    const info = await anon.json();
    expect(info).toMatchObject({
      role: 'anon',
      claims: { role: 'anon' },
      method: 'GET',
      path: '/rpc/request_info',
      cookies: { theme: 'dark', sid: 'abc' },
      search_path: '"public", "public", "extensions"',
      statement_timeout: '3s',
      read_only: 'on',
      uid: null,
    });
    expect(info.headers['x-trace']).toBe('t1');
    expect(info.headers.cookie).toBeUndefined();
    const user = await createUser(db, 'rpcinfo');
    const { data } = await user.client.rpc('request_info');
    expect(data).toMatchObject({
      role: 'authenticated',
      claims: { sub: user.id, email: user.email, role: 'authenticated', aud: 'authenticated' },
      method: 'POST',
      statement_timeout: '8s',
      read_only: 'on',
      uid: user.id,
    });
  });

  it('refuses other methods on rpc (PGRST101)', async () => {
    const r = await rest('/rpc/hello', { method: 'PATCH', body: '{}' });
    expect(r.status).toBe(405);
    expect(await r.json()).toMatchObject({ code: 'PGRST101', message: 'Cannot use the PATCH method on RPC' });
  });
});
