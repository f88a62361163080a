import { describe, expect, it } from 'vitest';
import { client } from '../helpers.ts';
import { rest } from '../rest-helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: the query builder type is generic over the table
type Q = any;
async function ids(build: (q: Q) => Q): Promise<number[]> {
  const { data, error } = await build(client().from('samples').select('id')).order('id');
  if (error) throw new Error(JSON.stringify(error));
  return (data as { id: number }[]).map((r) => r.id);
}

describe('rest: filters', () => {
  it('comparison operators', async () => {
    expect(await ids((q) => q.eq('name', 'beta'))).toEqual([2]);
    expect(await ids((q) => q.neq('name', 'beta'))).toEqual([1, 3, 4, 5]);
    expect(await ids((q) => q.gt('score', 2.5))).toEqual([4, 5]);
    expect(await ids((q) => q.gte('score', 2.5))).toEqual([2, 4, 5]);
    expect(await ids((q) => q.lt('score', 2.5))).toEqual([1]);
    expect(await ids((q) => q.lte('score', 2.5))).toEqual([1, 2]);
    expect(await ids((q) => q.gt('created_at', '2024-01-02T00:00:00Z'))).toEqual([2, 3, 5]);
  });

  it('pattern operators (like/ilike with * and %, regex match)', async () => {
    expect(await ids((q) => q.like('name', '*ta'))).toEqual([2]);
    expect(await ids((q) => q.ilike('name', 'DELTA%'))).toEqual([4]);
    expect(await ids((q) => q.like('name', 'eps\\%ilon'))).toEqual([5]);
    expect(await ids((q) => q.filter('name', 'match', '^[ab]'))).toEqual([1, 2]);
    expect(await ids((q) => q.filter('name', 'imatch', '^d'))).toEqual([4]);
    expect(await ids((q) => q.likeAnyOf('name', ['a*', 'g*']))).toEqual([1, 3]);
    expect(await ids((q) => q.likeAllOf('name', ['*a*', '*l*']))).toEqual([1, 4]);
    expect(await ids((q) => q.ilikeAnyOf('name', ['D*', 'B*']))).toEqual([2, 4]);
  });

  it('is, in, not, isdistinct and quantifiers', async () => {
    expect(await ids((q) => q.is('score', null))).toEqual([3]);
    expect(await ids((q) => q.is('flag', true))).toEqual([1, 4]);
    expect(await ids((q) => q.not('flag', 'is', null))).toEqual([1, 2, 4, 5]);
    expect(await ids((q) => q.in('name', ['alpha', 'Delta, Inc.', 'nope']))).toEqual([1, 4]);
    expect(await ids((q) => q.in('id', []))).toEqual([]);
    expect(await ids((q) => q.not('id', 'in', '(1,2,3)'))).toEqual([4, 5]);
    expect(await ids((q) => q.filter('flag', 'isdistinct', 'true'))).toEqual([2, 3, 5]);
    expect(await ids((q) => q.filter('id', 'eq(any)', '{2,4}'))).toEqual([2, 4]);
    expect(await ids((q) => q.filter('id', 'gt(all)', '{1,3}'))).toEqual([4, 5]);
  });

  it('array, JSON and range operators', async () => {
    expect(await ids((q) => q.contains('tags', ['a']))).toEqual([1, 5]);
    expect(await ids((q) => q.containedBy('tags', ['a', 'b', 'c']))).toEqual([1, 2, 3, 4, 5]);
    expect(await ids((q) => q.overlaps('tags', ['b', 'z']))).toEqual([1, 2]);
    expect(await ids((q) => q.contains('data', { kind: 'x' }))).toEqual([1, 3]);
    expect(await ids((q) => q.eq('data->>kind', 'z'))).toEqual([5]);
    expect(await ids((q) => q.gt('data->n', 2))).toEqual([3, 5]);
    expect(await ids((q) => q.rangeGt('period', '[1,4)'))).toEqual([2, 3, 5]);
    expect(await ids((q) => q.rangeLt('period', '[10,11)'))).toEqual([1, 2]);
    expect(await ids((q) => q.rangeGte('period', '[5,6)'))).toEqual([2, 3, 5]);
    expect(await ids((q) => q.rangeLte('period', '[1,10)'))).toEqual([1, 2]);
    expect(await ids((q) => q.rangeAdjacent('period', '[30,40)'))).toEqual([5]);
    expect(await ids((q) => q.overlaps('period', '[3,6)'))).toEqual([1, 2]);
  });

  it('full text search: fts, plfts, phfts, wfts with and without a config', async () => {
    expect(await ids((q) => q.textSearch('body_tsv', 'quick & fox', { config: 'english' }))).toEqual([1, 3]);
    expect(await ids((q) => q.textSearch('body', 'fat cat', { type: 'plain', config: 'english' }))).toEqual([5]);
    expect(await ids((q) => q.textSearch('body', 'quick brown', { type: 'phrase' }))).toEqual([1]);
    expect(
      await ids((q) => q.textSearch('body_tsv', '"lazy dogs" or cat', { type: 'websearch', config: 'english' })),
    ).toEqual([2, 5]);
    expect(await ids((q) => q.not('body_tsv', 'fts', 'fox'))).toEqual([2, 4, 5]);
  });

  it('or/and/not trees, with quoted values and nesting', async () => {
    expect(await ids((q) => q.or('id.eq.1,name.eq."Delta, Inc."'))).toEqual([1, 4]);
    expect(await ids((q) => q.or('score.gt.4,and(flag.is.false,name.like.b*)'))).toEqual([2, 5]);
    expect(await ids((q) => q.or('tags.cs.{c},id.in.(1)'))).toEqual([1, 2, 4, 5]);
    const r = await rest('/samples?select=id&not.or=(id.lt.3,id.gt.4)&order=id');
    expect(await r.json()).toEqual([{ id: 3 }, { id: 4 }]);
    const and = await rest('/samples?select=id&and=(score.gte.2,or(flag.is.true,id.eq.5))&order=id');
    expect(await and.json()).toEqual([{ id: 4 }, { id: 5 }]);
  });

  it('decodes + as a space in values', async () => {
    const r = await rest('/samples?select=id&name=eq.Delta,+Inc.');
    expect(await r.json()).toEqual([{ id: 4 }]);
  });

  it('match() and multiple filters on one column combine with AND', async () => {
    expect(await ids((q) => q.match({ name: 'alpha', flag: true }))).toEqual([1]);
    expect(await ids((q) => q.gt('id', 1).lt('id', 4))).toEqual([2, 3]);
  });

  it('orders by JSON paths with nulls first/last', async () => {
    const { data } = await client()
      .from('samples')
      .select('id')
      .order('data->n', { ascending: false, nullsFirst: false });
    expect((data as { id: number }[]).map((r) => r.id)).toEqual([5, 3, 2, 1, 4]);
  });

  it('reports bad values with the Postgres error (22P02, 400)', async () => {
    const { error, status } = await client().from('samples').select().eq('id', 'abc');
    expect(status).toBe(400);
    expect(error).toEqual({
      code: '22P02',
      details: null,
      hint: null,
      message: 'invalid input syntax for type integer: "abc"',
    });
  });
});
