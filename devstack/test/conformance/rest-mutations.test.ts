import { afterAll, describe, expect, it } from 'vitest';
import { client, sql } from '../helpers.ts';
import { rest } from '../rest-helpers.ts';

const db = sql();
afterAll(() => db.end());

const uniq = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 10)}`;
const rows = (names: string[]) =>
  db`select name, qty, note from public.mut_items where name in ${db(names)} order by name`;

describe('rest: mutations', () => {
  it('inserts with return=minimal by default (201, no body)', async () => {
    const name = uniq('min');
    const res = await client().from('mut_items').insert({ name, qty: 3 });
    expect(res).toMatchObject({ status: 201, data: null, error: null });
    expect(await rows([name])).toEqual([{ name, qty: 3, note: 'n/a' }]);
  });

  it('returns the representation shaped by select, with embeds', async () => {
    const name = uniq('rep');
    const { data, status } = await client()
      .from('mut_items')
      .insert({ name, tags: ['x', 'y'], meta: { a: 1 } })
      .select('name, qty, tags, meta')
      .single();
    expect(status).toBe(201);
    expect(data).toEqual({ name, qty: 1, tags: ['x', 'y'], meta: { a: 1 } });
    const [{ id }] = await db`select id from public.mut_items where name = ${name}`;
    const part = await client()
      .from('mut_parts')
      .insert({ item_id: id, label: 'wheel' })
      .select('label, mut_items(name)')
      .single();
    expect(part.data).toEqual({ label: 'wheel', mut_items: { name } });
  });

  it('bulk inserts: missing keys become NULL, or the DEFAULT with defaultToNull: false', async () => {
    const [a, b, c, d] = [uniq('b1'), uniq('b2'), uniq('b3'), uniq('b4')];
    const nulls = await client()
      .from('mut_items')
      .insert([
        { name: a, qty: 2 },
        { name: b, qty: 4, note: 'x' },
      ])
      .select('name, note');
    expect(nulls.error).toBeNull();
    expect(nulls.data).toEqual([
      { name: a, note: null },
      { name: b, note: 'x' },
    ]);
    const defaults = await client()
      .from('mut_items')
      .insert([{ name: c }, { name: d, qty: 7 }], { defaultToNull: false })
      .select('name, qty, note');
    expect(defaults.data).toEqual([
      { name: c, qty: 1, note: 'n/a' },
      { name: d, qty: 7, note: 'n/a' },
    ]);
  });

  it('upserts with merge-duplicates (on_conflict) and ignore-duplicates', async () => {
    const name = uniq('up');
    await db`insert into public.mut_items (name, qty) values (${name}, 1)`;
    const merged = await client()
      .from('mut_items')
      .upsert({ name, qty: 9 }, { onConflict: 'name' })
      .select('name, qty');
    expect(merged.status).toBe(200);
    expect(merged.data).toEqual([{ name, qty: 9 }]);
    const fresh = uniq('up');
    const created = await client()
      .from('mut_items')
      .upsert({ name: fresh, qty: 2 }, { onConflict: 'name' })
      .select('name');
    expect(created.status).toBe(201);
    const ignored = await client()
      .from('mut_items')
      .upsert([{ name, qty: 100 }], { onConflict: 'name', ignoreDuplicates: true })
      .select('name, qty');
    expect(ignored.data).toEqual([]);
    expect(await rows([name])).toEqual([{ name, qty: 9, note: 'n/a' }]);
  });

  it('updates and deletes with filters, counts and representation', async () => {
    const [a, b] = [uniq('u1'), uniq('u2')];
    await db`insert into public.mut_items (name, qty) values (${a}, 1), (${b}, 2)`;
    const upd = await client()
      .from('mut_items')
      .update({ qty: 5 }, { count: 'exact' })
      .in('name', [a, b])
      .select('name, qty')
      .order('name');
    expect(upd.status).toBe(200);
    expect(upd.count).toBe(2);
    expect(upd.data).toEqual([
      { name: a, qty: 5 },
      { name: b, qty: 5 },
    ]);
    const minimal = await client().from('mut_items').update({ note: 'z' }).eq('name', a);
    expect(minimal).toMatchObject({ status: 204, data: null, error: null });
    const del = await client().from('mut_items').delete().eq('name', a).select('name, note');
    expect(del.data).toEqual([{ name: a, note: 'z' }]);
    const delCount = await client().from('mut_items').delete({ count: 'exact' }).eq('name', b);
    expect(delCount).toMatchObject({ status: 204, count: 1 });
    expect(await rows([a, b])).toEqual([]);
  });

  it('single() on a mutation that affects several rows answers 406 and rolls back', async () => {
    const [a, b] = [uniq('s1'), uniq('s2')];
    await db`insert into public.mut_items (name, qty) values (${a}, 1), (${b}, 1)`;
    const res = await client().from('mut_items').update({ qty: 42 }).in('name', [a, b]).select().single();
    expect(res.status).toBe(406);
    expect(res.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 2 rows' });
    expect((await rows([a, b])).map((r) => r.qty)).toEqual([1, 1]);
  });

  it('max-affected with handling=strict rolls back (PGRST124)', async () => {
    const [a, b] = [uniq('m1'), uniq('m2')];
    await db`insert into public.mut_items (name, qty) values (${a}, 1), (${b}, 1)`;
    const r = await rest(`/mut_items?name=in.(${a},${b})`, {
      method: 'DELETE',
      headers: { prefer: 'handling=strict, max-affected=1' },
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      code: 'PGRST124',
      details: 'The query affects 2 rows',
      hint: null,
      message: 'Query result exceeds max-affected preference constraint',
    });
    expect(await rows([a, b])).toHaveLength(2);
  });

  it('refuses unfiltered UPDATE and DELETE like pg-safeupdate (21000, 400)', async () => {
    const before = await db`select count(*)::int as n, sum(qty)::int as q from public.mut_items`;
    const upd = await client().from('mut_items').update({ qty: 0 }).select();
    expect(upd.status).toBe(400);
    expect(upd.error).toEqual({ code: '21000', details: null, hint: null, message: 'UPDATE requires a WHERE clause' });
    const del = await rest('/mut_items', { method: 'DELETE' });
    expect(del.status).toBe(400);
    expect(await del.json()).toEqual({
      code: '21000',
      details: null,
      hint: null,
      message: 'DELETE requires a WHERE clause',
    });
    expect(await db`select count(*)::int as n, sum(qty)::int as q from public.mut_items`).toEqual(before);
  });

  it('maps constraint violations (23505/23503 → 409, 23514/23502 → 400)', async () => {
    const name = uniq('c');
    await client().from('mut_items').insert({ name });
    const dup = await client().from('mut_items').insert({ name });
    expect(dup.status).toBe(409);
    expect(dup.error).toMatchObject({ code: '23505', details: `Key (name)=(${name}) already exists.` });
    const fk = await client().from('mut_parts').insert({ item_id: -1, label: 'x' });
    expect(fk.status).toBe(409);
    expect(fk.error?.code).toBe('23503');
    const check = await client()
      .from('mut_items')
      .insert({ name: uniq('c'), qty: -1 });
    expect(check.status).toBe(400);
    expect(check.error?.code).toBe('23514');
    const notNull = await client().from('mut_items').insert({ qty: 1 });
    expect(notNull.status).toBe(400);
    expect(notNull.error?.code).toBe('23502');
  });

  it('PUT upserts one row by primary key; mismatches are refused', async () => {
    const id = 900000 + Math.floor(Math.random() * 99999);
    const name = uniq('put');
    const r = await rest(`/mut_items?id=eq.${id}`, {
      method: 'PUT',
      headers: { prefer: 'return=representation' },
      body: JSON.stringify({ id, name, qty: 2 }),
    });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject([{ id, name, qty: 2 }]);
    const again = await rest(`/mut_items?id=eq.${id}`, { method: 'PUT', body: JSON.stringify({ id, name, qty: 3 }) });
    expect(again.status).toBe(204);
    expect(await rows([name])).toEqual([{ name, qty: 3, note: 'n/a' }]);
    const mismatch = await rest(`/mut_items?id=eq.${id}`, {
      method: 'PUT',
      body: JSON.stringify({ id: id + 1, name }),
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ code: 'PGRST115' });
    const notPk = await rest(`/mut_items?name=eq.${name}`, { method: 'PUT', body: JSON.stringify({ name }) });
    expect(notPk.status).toBe(405);
    expect(await notPk.json()).toMatchObject({ code: 'PGRST105' });
  });

  it('return=headers-only gives a Location; Content-Range on inserts', async () => {
    const name = uniq('loc');
    const r = await rest('/mut_items', {
      method: 'POST',
      headers: { prefer: 'return=headers-only, count=exact' },
      body: JSON.stringify({ name }),
    });
    expect(r.status).toBe(201);
    const [{ id }] = await db`select id from public.mut_items where name = ${name}`;
    expect(r.headers.get('location')).toBe(`/mut_items?id=eq.${id}`);
    expect(r.headers.get('content-range')).toBe('*/1');
    expect(await r.text()).toBe('');
  });

  it('answers an error raised at COMMIT (deferred key) and keeps nothing', async () => {
    const name = uniq('deferred');
    const { error, status } = await client().from('deferred_items').insert([{ name }, { name }]);
    expect(status).toBe(409);
    expect(error).toMatchObject({ code: '23505' });
    expect(await db`select 1 from public.deferred_items where name = ${name}`).toHaveLength(0);
  });

  it('ignores tx=rollback like the CLI PostgREST (db-tx-end=commit)', async () => {
    const name = uniq('tx');
    const r = await rest('/mut_items', {
      method: 'POST',
      headers: { prefer: 'tx=rollback' },
      body: JSON.stringify({ name }),
    });
    expect(r.status).toBe(201);
    expect(await rows([name])).toHaveLength(1);
  });

  it('answers PGRST204 for unknown payload columns and PGRST102 for mismatched keys', async () => {
    const { error, status } = await client()
      .from('mut_items')
      .insert({ name: uniq('x'), nope: 1 });
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'PGRST204',
      details: null,
      hint: null,
      message: "Could not find the 'nope' column of 'mut_items' in the schema cache",
    });
    const r = await rest('/mut_items', { method: 'POST', body: JSON.stringify([{ name: 'a' }, { qty: 1 }]) });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: 'PGRST102', message: 'All object keys must match' });
  });
});
