import { describe, expect, it } from 'vitest';
import { client } from '../helpers.ts';
import { rest } from '../rest-helpers.ts';

describe('rest: embedded resources', () => {
  it('embeds to-one as an object or null and to-many as an array', async () => {
    const { data, error } = await client().from('cities').select('name, countries(name)').in('id', [1, 8]).order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Paris', countries: { name: 'France' } },
      { name: 'Nowhere', countries: null },
    ]);
    const many = await client().from('countries').select('code, cities(name)').in('id', [2, 4]).order('id');
    expect(many.data).toEqual([
      { code: 'DE', cities: expect.arrayContaining([{ name: 'Berlin' }, { name: 'Munich' }]) },
      { code: 'AT', cities: [] },
    ]);
  });

  it('detects one-to-one relationships (object, not array)', async () => {
    const { data } = await client().from('countries').select('id, country_flags(colors)').in('id', [1, 3]).order('id');
    expect(data).toEqual([
      { id: 1, country_flags: { colors: 'blue-white-red' } },
      { id: 3, country_flags: null },
    ]);
  });

  it('embeds many-to-many through a junction table', async () => {
    const { data } = await client()
      .from('app_users')
      .select('username, teams(name)')
      .order('id')
      .order('name', { referencedTable: 'teams' });
    expect(data).toEqual([
      { username: 'alice', teams: [{ name: 'blue' }, { name: 'red' }] },
      { username: 'bob', teams: [{ name: 'red' }] },
      { username: 'carol', teams: [] },
    ]);
  });

  it('nests embeds and aliases them', async () => {
    const { data } = await client()
      .from('teams')
      .select('name, members:app_users(username, sent:messages!sender_id(body))')
      .eq('name', 'blue')
      .single();
    expect(data).toEqual({ name: 'blue', members: [{ username: 'alice', sent: [{ body: 'hi bob' }] }] });
  });

  it('answers 300 PGRST201 when the relationship is ambiguous', async () => {
    const { error, status } = await client().from('messages').select('body, app_users(username)');
    expect(status).toBe(300);
    expect(error?.code).toBe('PGRST201');
    expect(error?.message).toBe(
      "Could not embed because more than one relationship was found for 'messages' and 'app_users'",
    );
    expect(error?.hint).toBe(
      "Try changing 'app_users' to one of the following: 'app_users!messages_sender_id_fkey', 'app_users!messages_receiver_id_fkey'. Find the desired relationship in the 'details' key.",
    );
    expect(error?.details).toEqual([
      {
        cardinality: 'many-to-one',
        embedding: 'messages with app_users',
        relationship: 'messages_sender_id_fkey using messages(sender_id) and app_users(id)',
      },
      {
        cardinality: 'many-to-one',
        embedding: 'messages with app_users',
        relationship: 'messages_receiver_id_fkey using messages(receiver_id) and app_users(id)',
      },
    ]);
  });

  it('disambiguates with constraint and column hints', async () => {
    const { data } = await client()
      .from('messages')
      .select('body, from:app_users!messages_sender_id_fkey(username), to:app_users!receiver_id(username)')
      .eq('id', 1)
      .single();
    expect(data).toEqual({ body: 'hi bob', from: { username: 'alice' }, to: { username: 'bob' } });
    const byColumn = await client().from('messages').select('body, sender_id(username)').eq('id', 3).single();
    expect(byColumn.data).toEqual({ body: 'yo', sender_id: { username: 'carol' } });
  });

  it('answers 400 PGRST200 when there is no relationship', async () => {
    const { error, status } = await client().from('countries').select('name, teams(name)');
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'PGRST200',
      details:
        "Searched for a foreign key relationship between 'countries' and 'teams' in the schema 'public', but no matches were found.",
      hint: null,
      message: "Could not find a relationship between 'countries' and 'teams' in the schema cache",
    });
  });

  it('!inner removes parents without matching children; plain embeds only filter children', async () => {
    const inner = await client().from('countries').select('name, cities!inner(name)').eq('cities.name', 'Lyon');
    expect(inner.data).toEqual([{ name: 'France', cities: [{ name: 'Lyon' }] }]);
    const left = await client()
      .from('countries')
      .select('name, cities!left(name)')
      .eq('cities.name', 'Lyon')
      .order('id');
    expect(left.data).toEqual([
      { name: 'France', cities: [{ name: 'Lyon' }] },
      { name: 'Germany', cities: [] },
      { name: 'Japan', cities: [] },
      { name: 'Atlantis', cities: [] },
    ]);
    const toOne = await client()
      .from('cities')
      .select('name, countries!inner(code)')
      .eq('countries.code', 'JP')
      .order('id');
    expect(toOne.data).toEqual([
      { name: 'Tokyo', countries: { code: 'JP' } },
      { name: 'Osaka', countries: { code: 'JP' } },
    ]);
  });

  it('filters parents with is.null / not.is.null on an embed', async () => {
    const { data } = await client()
      .from('countries')
      .select('name, cities(name)')
      .not('cities', 'is', null)
      .eq('cities.name', 'Tokyo');
    expect(data).toEqual([{ name: 'Japan', cities: [{ name: 'Tokyo' }] }]);
    const without = await client()
      .from('countries')
      .select('name, country_flags()')
      .is('country_flags', null)
      .order('id');
    expect(without.data).toEqual([{ name: 'Japan' }, { name: 'Atlantis' }]);
    const bad = await rest('/countries?select=name,cities(name)&cities=eq.1');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'PGRST120' });
  });

  it('orders, limits and or-filters inside embeds', async () => {
    const { data } = await client()
      .from('countries')
      .select('code, cities(name)')
      .eq('id', 1)
      .order('population', { referencedTable: 'cities', ascending: false })
      .limit(2, { referencedTable: 'cities' })
      .single();
    expect(data).toEqual({ code: 'FR', cities: [{ name: 'Paris' }, { name: 'Marseille' }] });
    const ored = await client()
      .from('countries')
      .select('code, cities(name)')
      .eq('id', 1)
      .or('name.eq.Lyon,name.eq.Marseille', { referencedTable: 'cities' })
      .order('name', { referencedTable: 'cities' })
      .single();
    expect(ored.data).toEqual({ code: 'FR', cities: [{ name: 'Lyon' }, { name: 'Marseille' }] });
  });

  it('orders by a to-one related column, and refuses to-many (PGRST118)', async () => {
    const { data } = await client()
      .from('cities')
      .select('name, countries(code)')
      .not('country_id', 'is', null)
      .order('countries(code)')
      .order('name');
    expect((data as { name: string }[]).map((c) => c.name)).toEqual([
      'Berlin',
      'Munich',
      'Lyon',
      'Marseille',
      'Paris',
      'Osaka',
      'Tokyo',
    ]);
    const r = await rest('/countries?select=name,cities(name)&order=cities(name)');
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: 'PGRST118' });
  });

  it('answers PGRST108 for filters on resources that are not embedded', async () => {
    const r = await rest('/countries?select=name&cities.name=eq.Lyon');
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      code: 'PGRST108',
      details: null,
      hint: "Verify that 'cities' is included in the 'select' query parameter.",
      message: "'cities' is not an embedded resource in this request",
    });
  });

  it('spreads to-one columns into the parent', async () => {
    const { data } = await client()
      .from('cities')
      .select('name, ...countries(country:name, code)')
      .eq('id', 4)
      .single();
    expect(data).toEqual({ name: 'Berlin', country: 'Germany', code: 'DE' });
  });

  it('supports the legacy count idiom', async () => {
    const { data } = await client().from('countries').select('code, cities(count)').order('id');
    expect(data).toEqual([
      { code: 'FR', cities: [{ count: 3 }] },
      { code: 'DE', cities: [{ count: 2 }] },
      { code: 'JP', cities: [{ count: 2 }] },
      { code: 'AT', cities: [{ count: 0 }] },
    ]);
  });

  it('embeds through views (foreign keys inferred) and self references', async () => {
    const { data } = await client().from('big_cities').select('name, countries(code)').eq('name', 'Osaka').single();
    expect(data).toEqual({ name: 'Osaka', countries: { code: 'JP' } });
    const emp = await client().from('employees').select('name, manager_id(name), employees(name)').eq('id', 2).single();
    expect(emp.data).toEqual({ name: 'ann', manager_id: { name: 'boss' }, employees: [{ name: 'cat' }] });
  });
});
