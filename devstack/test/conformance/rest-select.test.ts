import { createClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { ANON_KEY, adminClient, apiUrl, client, sql } from '../helpers.ts';
import { pgrstBody, rest } from '../rest-helpers.ts';

describe('rest: select', () => {
  it('returns all columns as JSON with Postgres formatting', async () => {
    const { data, error, status } = await client().from('countries').select().order('id');
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([
      { id: 1, name: 'France', code: 'FR' },
      { id: 2, name: 'Germany', code: 'DE' },
      { id: 3, name: 'Japan', code: 'JP' },
      { id: 4, name: 'Atlantis', code: 'AT' },
    ]);
  });

  it('renames, casts and reads JSON paths', async () => {
    const { data, error } = await client()
      .from('samples')
      .select('ident:id, score::text, kind:data->>kind, data->nested->>deep, first:data->arr->0, created_at')
      .eq('id', 1)
      .single();
    expect(error).toBeNull();
    expect(data).toEqual({
      ident: 1,
      score: '1.5',
      kind: 'x',
      deep: 'yes',
      first: 1,
      created_at: '2024-01-01T10:00:00+00:00',
    });
  });

  it('orders, limits and pages with range()', async () => {
    const c = client();
    // DESC puts NULLs first unless told otherwise (Postgres' default, as through PostgREST)
    const desc = await c.from('cities').select('name').order('population', { ascending: false }).limit(2);
    expect(desc.data).toEqual([{ name: 'Nowhere' }, { name: 'Tokyo' }]);
    const { data } = await c
      .from('cities')
      .select('name')
      .order('population', { ascending: false, nullsFirst: false })
      .limit(2);
    expect(data).toEqual([{ name: 'Tokyo' }, { name: 'Berlin' }]);
    const page = await c.from('cities').select('id').order('id').range(2, 4);
    expect(page.data).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
    const nulls = await c
      .from('cities')
      .select('name')
      .order('population', { ascending: true, nullsFirst: true })
      .limit(1);
    expect(nulls.data).toEqual([{ name: 'Nowhere' }]);
  });

  it('counts exactly with Content-Range and 206 for a partial page', async () => {
    const { data, count, status } = await client()
      .from('cities')
      .select('id', { count: 'exact' })
      .order('id')
      .range(0, 1);
    expect(data).toHaveLength(2);
    expect(count).toBe(8);
    expect(status).toBe(206);
    const r = await rest('/cities?select=id&order=id&offset=2&limit=3', { headers: { prefer: 'count=exact' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('2-4/8');
  });

  it('supports head requests with planned and estimated counts', async () => {
    const head = await client().from('cities').select('*', { count: 'exact', head: true });
    expect(head.data).toBeNull();
    expect(head.count).toBe(8);
    const planned = await client().from('cities').select('*', { count: 'planned', head: true });
    expect(typeof planned.count).toBe('number');
    const estimated = await client().from('cities').select('*', { count: 'estimated' });
    expect(estimated.count).toBe(8);
  });

  it('answers 416 PGRST103 when the offset is past the end', async () => {
    const r = await rest('/cities?select=id&offset=20&limit=5', { headers: { prefer: 'count=exact' } });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe('*/8');
    expect(await r.json()).toEqual({
      code: 'PGRST103',
      details: 'An offset of 20 was requested, but there are only 8 rows.',
      hint: null,
      message: 'Requested range not satisfiable',
    });
  });

  it('honours the Range header and omits the total without a count preference', async () => {
    const r = await rest('/cities?select=id&order=id', { headers: { range: '1-2' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-range')).toBe('1-2/*');
    expect(await r.json()).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('caps results at max_rows', async () => {
    const { data, error } = await client().rpc('series', { n: 1500 });
    expect(error).toBeNull();
    expect(data).toHaveLength(1000);
  });

  it('single() returns an object, or 406 PGRST116 for zero or many rows', async () => {
    const one = await client().from('countries').select('name').eq('code', 'JP').single();
    expect(one.data).toEqual({ name: 'Japan' });
    const none = await client().from('countries').select('name').eq('code', 'XX').single();
    expect(none.status).toBe(406);
    expect(none.error).toMatchObject({
      code: 'PGRST116',
      details: 'The result contains 0 rows',
      message: 'Cannot coerce the result to a single JSON object',
    });
    const many = await client().from('countries').select('name').single();
    expect(many.error?.details).toBe('The result contains 4 rows');
    const maybe = await client().from('countries').select('name').eq('code', 'XX').maybeSingle();
    expect(maybe).toMatchObject({ data: null, error: null });
  });

  it('returns CSV for csv()', async () => {
    const { data, error } = await client().from('countries').select('id,name').lte('id', 2).order('id').csv();
    expect(error).toBeNull();
    expect(data).toBe('id,name\n1,France\n2,Germany');
  });

  it('strips nulls on request', async () => {
    const r = await rest('/samples?select=id,score&id=eq.3', {
      headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' },
    });
    expect(await r.json()).toEqual([{ id: 3 }]);
  });

  it('answers unsupported Accept with 406 PGRST107', async () => {
    const r = await rest('/countries', { headers: { accept: 'application/xml' } });
    expect(r.status).toBe(406);
    expect(await r.json()).toMatchObject({ code: 'PGRST107' });
  });

  it('negotiates the schema profile (406 PGRST106 for unexposed schemas)', async () => {
    const r = await rest('/countries?select=id&limit=1', { headers: { 'accept-profile': 'public' } });
    expect(r.headers.get('content-profile')).toBe('public');
    const c = createClient(apiUrl(), ANON_KEY, { db: { schema: 'auth' }, auth: { persistSession: false } });
    const { error, status } = await c.from('users').select();
    expect(status).toBe(406);
    expect(error).toEqual({
      code: 'PGRST106',
      details: null,
      hint: 'Only the following schemas are exposed: public, graphql_public',
      message: 'Invalid schema: auth',
    });
  });

  it('answers unknown tables with 404 PGRST205 and a suggestion', async () => {
    const { error, status } = await client().from('countrie').select();
    expect(status).toBe(404);
    expect(error).toEqual({
      code: 'PGRST205',
      details: null,
      hint: "Perhaps you meant the table 'public.countries'",
      message: "Could not find the table 'public.countrie' in the schema cache",
    });
  });

  it('sets Content-Location and serves views', async () => {
    const r = await rest('/big_cities?select=name&order=population.desc&limit=1');
    expect(r.headers.get('content-location')).toBe('/big_cities?limit=1&order=population.desc&select=name');
    expect(await r.json()).toEqual([{ name: 'Tokyo' }]);
    const svc = await adminClient().from('big_cities').select('id', { count: 'exact', head: true });
    expect(svc.count).toBe(5);
  });

  it('rejects aggregates as PostgREST does by default', async () => {
    const { error, status } = await client().from('cities').select('population.sum()');
    expect(status).toBe(400);
    expect(error).toEqual(pgrstBody('PGRST123', 'Use of aggregate functions is not allowed'));
  });

  it('reloads the schema cache after DDL (NOTIFY pgrst)', async () => {
    const name = `reload_${Math.random().toString(36).slice(2, 10)}`;
    const db = sql();
    try {
      const before = await client().from(name).select();
      expect(before.error?.code).toBe('PGRST205');
      await db.unsafe(`create table public.${name} (id int primary key); insert into public.${name} values (7);
                       grant select on public.${name} to anon;`);
      let data: unknown = null;
      for (let i = 0; i < 50 && data === null; i++) {
        const r = await client().from(name).select();
        if (!r.error) data = r.data;
        else await new Promise((res) => setTimeout(res, 100));
      }
      expect(data).toEqual([{ id: 7 }]);
    } finally {
      await db.unsafe(`drop table if exists public.${name}`);
      await db.end();
    }
  });
});
