/**
 * Splits a SQL script into statements the way psql and the Supabase CLI do for bookkeeping: on
 * semicolons outside quotes, dollar-quoted bodies, comments and BEGIN ATOMIC ... END blocks.
 * Postgres itself runs the scripts; this split only feeds `schema_migrations.statements` and error
 * locations, so a rare misparse can never change what runs.
 */
export interface SqlStatement {
  text: string;
  /** Offset of the statement's first non-blank character in the script. */
  offset: number;
}

export function splitSql(script: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  let atomicDepth = 0;
  // Whether the current statement has anything besides comments and whitespace.
  let hasCode = false;
  const n = script.length;
  const push = (end: number) => {
    const raw = script.slice(start, end);
    const trimmed = raw.trim();
    if (hasCode) out.push({ text: trimmed, offset: start + raw.indexOf(trimmed[0]) });
    hasCode = false;
  };
  while (i < n) {
    const c = script[i];
    const next = script[i + 1];
    const isComment = (c === '-' && next === '-') || (c === '/' && next === '*');
    if (!isComment && c !== ';' && !/\s/.test(c)) hasCode = true;
    if (c === '-' && next === '-') {
      const nl = script.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (script[i] === '/' && script[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (script[i] === '*' && script[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (script[i] === c) {
          if (script[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64));
      if (m && !/[A-Za-z0-9_]/.test(script[i - 1] ?? '')) {
        const close = script.indexOf(m[0], i + m[0].length);
        i = close === -1 ? n : close + m[0].length;
      } else i++;
    } else if (/[A-Za-z]/.test(c) && !/[A-Za-z0-9_]/.test(script[i - 1] ?? '')) {
      const word = /^[A-Za-z_]+/.exec(script.slice(i, i + 16))?.[0].toLowerCase() ?? '';
      if (word === 'begin' && /^begin\s+atomic\b/i.test(script.slice(i, i + 32))) atomicDepth++;
      else if (word === 'case' && atomicDepth > 0) atomicDepth++;
      else if (word === 'end' && atomicDepth > 0) atomicDepth--;
      i += Math.max(word.length, 1);
    } else if (c === ';' && atomicDepth === 0) {
      push(i);
      start = i + 1;
      i++;
    } else i++;
  }
  push(n);
  return out;
}

/** 1-based line and column of a 0-based character offset. */
export function lineOf(script: string, offset: number): { line: number; column: number } {
  const before = script.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
