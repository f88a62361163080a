import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, sql } from '../helpers.ts';
import { mintToken, pgrstBody, rest } from '../rest-helpers.ts';

const db = sql();
let snapshot: unknown;
const state = () => db`select id, name, qty from public.bad_items order by id`;

beforeAll(async () => {
  snapshot = await state();
});
// Every case below must leave the table exactly as it was.
afterEach(async () => {
  expect(await state()).toEqual(snapshot);
});
afterAll(() => db.end());

describe('rest: bad input', () => {
  it('malformed JSON → 400 PGRST102', async () => {
    const r = await rest('/bad_items', { method: 'POST', body: '{"id": 9, "name": ' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ code: 'PGRST102', details: null, hint: null, message: 'Empty or invalid json' });
    const patch = await rest('/bad_items?id=eq.1', { method: 'PATCH', body: 'not json' });
    expect(patch.status).toBe(400);
    expect(await patch.json()).toMatchObject({ code: 'PGRST102' });
  });

  it('unknown table → 404 PGRST205, unknown column → 400', async () => {
    const t = await client().from('no_such_table').select();
    expect(t.status).toBe(404);
    expect(t.error).toEqual(
      pgrstBody('PGRST205', "Could not find the table 'public.no_such_table' in the schema cache"),
    );
    const c = await client().from('bad_items').select('id, nope');
    expect(c.status).toBe(400);
    // Unknown select columns are reported by Postgres itself, exactly as through PostgREST.
    expect(c.error).toEqual({
      code: '42703',
      details: null,
      hint: 'Perhaps you meant to reference the column "bad_items.name".',
      message: 'column bad_items.nope does not exist',
    });
    const f = await client().from('bad_items').select().eq('nope', 1);
    expect(f.status).toBe(400);
    expect(f.error?.code).toBe('42703');
    const u = await client().from('bad_items').update({ nope: 1 }).eq('id', 1);
    expect(u.status).toBe(400);
    expect(u.error?.code).toBe('PGRST204');
  });

  it('bad filter, order and select syntax → 400 PGRST100', async () => {
    const op = await rest('/bad_items?id=foo.1');
    expect(op.status).toBe(400);
    expect(await op.json()).toMatchObject({
      code: 'PGRST100',
      message: '"failed to parse filter (foo.1)" (line 1, column 1)',
    });
    const order = await rest('/bad_items?order=id.sideways');
    expect(order.status).toBe(400);
    expect(await order.json()).toMatchObject({
      code: 'PGRST100',
      message: expect.stringContaining('failed to parse order'),
    });
    const sel = await rest('/bad_items?select=id,name(');
    expect(sel.status).toBe(400);
    expect(await sel.json()).toMatchObject({ code: 'PGRST100' });
    const logic = await rest('/bad_items?or=(id.eq.1');
    expect(logic.status).toBe(400);
    expect(await logic.json()).toMatchObject({ code: 'PGRST100', message: expect.stringContaining('logic tree') });
  });

  it('injection attempts in column names are rejected or quoted', async () => {
    const semi = await rest('/bad_items?select=id;drop table public.bad_items');
    expect(semi.status).toBe(400);
    expect(await semi.json()).toMatchObject({ code: 'PGRST100' });
    const quoted = await rest(`/bad_items?select=${encodeURIComponent('"id\\"; drop table public.bad_items; --"')}`);
    expect(quoted.status).toBe(400);
    expect(await quoted.json()).toMatchObject({ code: '42703' });
    const cast = await rest(`/bad_items?select=${encodeURIComponent('id::int);drop table public.bad_items;--')}`);
    expect(cast.status).toBe(400);
    const col = await client().from('bad_items').insert({ 'name"); drop table public.bad_items; --': 'x' });
    expect(col.status).toBe(400);
    expect(col.error?.code).toBe('PGRST204');
    const order = await rest(`/bad_items?order=${encodeURIComponent('"id; delete from public.bad_items"')}`);
    expect(order.status).toBe(400);
  });

  it('injection attempts in filter values are bound as parameters', async () => {
    const evil = "x'; delete from public.bad_items; --";
    expect((await client().from('bad_items').select().eq('name', evil)).data).toEqual([]);
    expect((await client().from('bad_items').select().in('name', [evil, 'one)'])).data).toEqual([]);
    expect((await client().from('bad_items').select().or(`name.eq."${evil}",id.eq.-1`)).data).toEqual([]);
    expect((await client().from('bad_items').select().like('name', `%${evil}`)).data).toEqual([]);
    expect((await client().from('bad_items').select().textSearch('name', evil, { config: 'english' })).status).toBe(
      400,
    );
    const del = await client().from('bad_items').delete().eq('name', evil).select();
    expect(del.data).toEqual([]);
    const json = await rest(`/bad_items?select=id,name->>${encodeURIComponent("a'); drop table x; --")}&id=eq.1`);
    expect(json.status).toBe(400);
  });

  it('injection attempts in on_conflict are rejected', async () => {
    const semi = await rest('/bad_items?on_conflict=name);delete from public.bad_items;--', {
      method: 'POST',
      headers: { prefer: 'resolution=merge-duplicates' },
      body: JSON.stringify({ id: 1, name: 'one', qty: 100 }),
    });
    expect(semi.status).toBe(400);
    expect(await semi.json()).toMatchObject({ code: 'PGRST100' });
    const quoted = await client()
      .from('bad_items')
      .upsert({ id: 1, name: 'one', qty: 100 }, { onConflict: '"name); delete from public.bad_items; --"' });
    expect(quoted.status).toBe(400);
    expect(quoted.error?.code).toBe('42703');
  });

  it('oversized bodies → 413', async () => {
    const big = JSON.stringify({ id: 99, name: 'x'.repeat(11 * 1024 * 1024) });
    const r = await rest('/bad_items', { method: 'POST', body: big });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ message: 'Request size limit exceeded' });
  });

  it('expired tokens → 401 PGRST303 with WWW-Authenticate', async () => {
    const token = await mintToken({ sub: crypto.randomUUID() }, { expiresIn: -60 });
    const r = await rest('/bad_items', { token });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="JWT expired"');
    expect(await r.json()).toEqual({ code: 'PGRST303', details: null, hint: null, message: 'JWT expired' });
  });

  it('forged tokens → 401 PGRST301 (alg none, wrong secret, altered payload, garbage)', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = { sub: crypto.randomUUID(), role: 'service_role', exp: now + 3600 };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    const wrong = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret'));
    const genuine = await mintToken({ sub: crypto.randomUUID() });
    const [h, , s] = genuine.split('.');
    const altered = `${h}.${b64({ ...payload, aud: 'authenticated' })}.${s}`;
    for (const token of [none, wrong, altered]) {
      const r = await rest('/bad_items', { token, method: 'DELETE' });
      expect(r.status).toBe(401);
      const body = await r.json();
      expect(body.code).toBe('PGRST301');
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
    const garbage = await rest('/bad_items', { token: 'abc.def' });
    expect(garbage.status).toBe(401);
    expect(await garbage.json()).toEqual({
      code: 'PGRST301',
      details: null,
      hint: null,
      message: 'Expected 3 parts in JWT; got 2',
    });
  });

  it('a role claim naming no database role → 401', async () => {
    const token = await mintToken({ sub: crypto.randomUUID(), role: 'superhero' });
    const r = await rest('/bad_items', { token });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: '22023', message: 'role "superhero" does not exist' });
  });

  it('unfiltered update/delete → 400 21000', async () => {
    const u = await client().from('bad_items').update({ qty: 0 });
    expect(u.status).toBe(400);
    expect(u.error?.message).toBe('UPDATE requires a WHERE clause');
    const d = await client().from('bad_items').delete();
    expect(d.status).toBe(400);
    expect(d.error?.message).toBe('DELETE requires a WHERE clause');
  });

  it('invalid paths, methods and preferences', async () => {
    const path = await rest('/bad_items/1');
    expect(path.status).toBe(404);
    expect(await path.json()).toMatchObject({ code: 'PGRST125' });
    const strict = await rest('/bad_items?id=eq.1', {
      method: 'DELETE',
      headers: { prefer: 'handling=strict, bogus=1' },
    });
    expect(strict.status).toBe(400);
    expect(await strict.json()).toEqual({
      code: 'PGRST122',
      details: 'Invalid preferences: bogus=1',
      hint: null,
      message: 'Invalid preferences given with handling=strict',
    });
    const type = await rest('/bad_items', {
      method: 'POST',
      body: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(type.status).toBe(400);
  });
});
