import { afterAll, describe, expect, it } from 'vitest';
import { connect } from './helpers.ts';

/**
 * Static checks on the migrated catalog (in the spirit of splinter): each query lists offenders,
 * and the list must be empty.
 */
const sql = connect(2);
afterAll(() => sql.end());

const APP_SCHEMAS = ['public', 'private'];

describe('catalog lint', () => {
  it('every table in public has row level security enabled', async () => {
    const rows = await sql`select c.relname from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity`;
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it('no table with row level security is left without policies', async () => {
    const rows = await sql`select c.relname from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and c.relrowsecurity
        and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`;
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it('every security definer function has a fixed search_path', async () => {
    const rows = await sql`select p.oid::regprocedure::text as fn from pg_proc p
      where p.pronamespace = any (${APP_SCHEMAS}::regnamespace[]) and p.prosecdef
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`;
    expect(rows.map((r) => r.fn)).toEqual([]);
  });

  it('every view in public is security_invoker', async () => {
    const rows = await sql`select c.relname from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'v'
        and not coalesce(c.reloptions @> array['security_invoker=true'] or c.reloptions @> array['security_invoker=on'], false)`;
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it('every foreign key is covered by an index starting with its columns', async () => {
    const rows = await sql`
      select c.conrelid::regclass::text as tbl, c.conname
      from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
        )`;
    expect(rows.map((r) => `${r.tbl}.${r.conname}`)).toEqual([]);
  });

  it('every uuid column a policy filters on leads an index', async () => {
    // Columns referenced by a policy expression (USING or WITH CHECK) on our tables; uuid columns are
    // the lookup keys (ids passed to helpers or compared with auth.uid()) and must be indexed.
    const rows = await sql`
      with pol as (
        select p.polrelid, p.polname,
          coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as expr
        from pg_policy p join pg_class c on c.oid = p.polrelid
        where c.relnamespace = 'public'::regnamespace
      )
      select pol.polrelid::regclass::text as tbl, pol.polname, a.attname
      from pol
      join pg_attribute a on a.attrelid = pol.polrelid and a.attnum > 0 and not a.attisdropped
      where a.atttypid = 'uuid'::regtype
        and pol.expr ~ ('(^|[^a-z_.])' || a.attname || '([^a-z_(]|$)')
        and not exists (select 1 from pg_index i where i.indrelid = pol.polrelid and i.indkey[0] = a.attnum)`;
    expect(rows.map((r) => `${r.tbl}.${r.attname} (${r.polname})`)).toEqual([]);
  });

  it('auth.uid() and auth.jwt() are always wrapped in a select in policies', async () => {
    const rows = await sql`
      select schemaname || '.' || tablename || ' ' || policyname as pol,
        coalesce(qual, '') || ' ' || coalesce(with_check, '') as expr
      from pg_policies
      where schemaname in ('public', 'storage', 'realtime')`;
    const bad = rows.filter((r) => {
      const expr = String(r.expr);
      const calls = expr.match(/auth\.(uid|jwt|role)\(\)/g)?.length ?? 0;
      const wrapped = expr.match(/SELECT auth\.(uid|jwt|role)\(\) AS/g)?.length ?? 0;
      return calls !== wrapped;
    });
    expect(bad.map((r) => r.pol)).toEqual([]);
  });

  it('policies are named <table>_<command>_<who> and target authenticated', async () => {
    const rows = await sql`
      select tablename, policyname, cmd, roles::text[] as roles from pg_policies
      where schemaname = 'public' or (schemaname, tablename) in (('storage', 'objects'), ('realtime', 'messages'))`;
    const bad = rows.filter(
      (r) =>
        !String(r.policyname).startsWith(`${r.tablename}_${String(r.cmd).toLowerCase()}_`) ||
        JSON.stringify(r.roles) !== '["authenticated"]',
    );
    expect(bad.map((r) => r.policyname)).toEqual([]);
  });

  it('anon can execute no function of ours, and PUBLIC none at all', async () => {
    const rows = await sql`select p.oid::regprocedure::text as fn,
        has_function_privilege('anon', p.oid, 'execute') as anon
      from pg_proc p
      where p.pronamespace = any (${APP_SCHEMAS}::regnamespace[])
        and (has_function_privilege('anon', p.oid, 'execute')
             or exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0))`;
    expect(rows.map((r) => r.fn)).toEqual([]);
  });

  it('anon has no privilege on any table in public', async () => {
    const rows = await sql`select c.relname from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
        and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('anon', c.oid, 'insert')
             or has_table_privilege('anon', c.oid, 'update') or has_table_privilege('anon', c.oid, 'delete'))`;
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it('every table, column of note, function and policy-helper has a doc comment', async () => {
    const rows = await sql`
      select 'table ' || c.relname as obj from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v')
        and obj_description(c.oid, 'pg_class') is null
      union all
      select 'function ' || p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = any (${APP_SCHEMAS}::regnamespace[]) and obj_description(p.oid, 'pg_proc') is null
      union all
      select 'type ' || t.typname from pg_type t
      where t.typnamespace = 'public'::regnamespace and t.typtype = 'e' and obj_description(t.oid, 'pg_type') is null`;
    expect(rows.map((r) => r.obj)).toEqual([]);
  });
});
