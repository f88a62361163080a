import { describe, expect, it } from 'vitest';
import { lineOf, splitSql } from '../../src/db/sql-split.ts';

describe('splitSql', () => {
  it('splits on semicolons outside quotes, comments and dollar quotes', () => {
    const script = `create table a (x text default ';');
-- a comment; with a semicolon
create function f() returns int language plpgsql as $body$ begin return 1; end $body$;
/* block ; comment */ select 'it''s; fine', "we;ird" from a;`;
    expect(splitSql(script).map((s) => s.text)).toEqual([
      "create table a (x text default ';')",
      '-- a comment; with a semicolon\ncreate function f() returns int language plpgsql as $body$ begin return 1; end $body$',
      `/* block ; comment */ select 'it''s; fine', "we;ird" from a`,
    ]);
  });

  it('keeps BEGIN ATOMIC bodies (with CASE ... END inside) in one statement', () => {
    const script = `create function g(x int) returns int language sql begin atomic
  select case when x > 0 then 1 else 0 end;
  select 2;
end;
select 3;`;
    const parts = splitSql(script).map((s) => s.text);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toBe('select 3');
  });

  it('drops empty and comment-only statements', () => {
    expect(splitSql(';;\n-- only a comment\n')).toEqual([]);
  });

  it('reports statement offsets usable for line numbers', () => {
    const script = 'select 1;\n\nselect oops;';
    const [, second] = splitSql(script);
    expect(lineOf(script, second.offset)).toEqual({ line: 3, column: 1 });
  });
});

describe('splitSql on real-world comment banners', () => {
  it('handles long dash banners before a statement in linear time', () => {
    const banner = `-- ${'-'.repeat(400)}\n-- profiles\n-- ${'-'.repeat(400)}\n`;
    const script = `${banner}grant select on public.profiles to authenticated;\n`.repeat(50);
    // A backtracking regex once made this take minutes; vitest's timeout now catches a regression.
    const parts = splitSql(script);
    expect(parts).toHaveLength(50);
    expect(parts[0].text.endsWith('grant select on public.profiles to authenticated')).toBe(true);
  });
});
