import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * zod stays out of the browser (~30 KiB gzip on every page, issue "App I"): walks the imports of
 * every 'use client' module, as the bundler would (type-only imports are erased; a 'use server'
 * module reaches the browser only as a reference), and lists each path that reaches zod.
 * Node's Buffer too: the browser build resolves `buffer` to nothing (lib/browser-buffer.ts).
 */
const root = path.resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['app', 'components', 'hooks', 'lib'];
const ZOD = /^zod(\/|$)/;
const NODE_BUFFER = /^(node:)?buffer(\/|$)/;
// Code, not comments: `Buffer.from(…)`, `new Buffer(`, `globalThis.Buffer`.
const BUFFER_USE = /^(?!\s*(?:\/\/|\*)).*\b(?:Buffer\s*[.(]|new\s+Buffer\b|globalThis\.Buffer\b)/m;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function directive(source: string): string | null {
  return /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*['"](use (?:client|server))['"]/.exec(source)?.[1] ?? null;
}

/** Runtime module specifiers of a file: static imports and re-exports that are not type-only, and import(). */
function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    if (!m[2]) out.push(m[4]);
  }
  for (const m of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith('@/')
    ? path.join(root, specifier.slice(2))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${path.relative(root, from)}`);
}

/**
 * Import chains from `entry` to a forbidden package, e.g. `components/x.tsx -> lib/y.ts -> zod`,
 * or (with `forbiddenSource`) to one of our files whose source matches it.
 */
function chainsToForbidden(entry: string, forbidden: RegExp, forbiddenSource?: RegExp): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    if (chain.length > 0 && directive(source) === 'use server') return;
    const here = [...chain, path.relative(root, file)];
    if (forbiddenSource?.test(source)) found.push(here.join(' -> '));
    for (const specifier of runtimeImports(source)) {
      if (forbidden.test(specifier)) found.push([...here, specifier].join(' -> '));
      const next = resolve(file, specifier);
      if (next) visit(next, here);
    }
  };
  visit(entry, []);
  return found;
}

const clientModules = SOURCE_DIRS.flatMap((dir) => walk(path.join(root, dir))).filter(
  (file) => directive(readFileSync(file, 'utf8')) === 'use client',
);

describe('browser bundles', () => {
  it('finds the client modules', () => {
    expect(clientModules.map((f) => path.relative(root, f))).toEqual(
      expect.arrayContaining(['components/chat/composer.tsx', 'hooks/use-form-action.ts']),
    );
  });

  it('never import zod', () => {
    expect(clientModules.flatMap((file) => chainsToForbidden(file, ZOD))).toEqual([]);
  });

  it("never use Node's Buffer", () => {
    expect(clientModules.flatMap((file) => chainsToForbidden(file, NODE_BUFFER, BUFFER_USE))).toEqual([]);
  });

  it("show toasts through components/ui/toast, which mounts sonner's lazily loaded Toaster", () => {
    // sonner's own `toast` works only once a Toaster is mounted: called directly, it shows nothing.
    const allowed = ['components/ui/sonner.tsx', 'components/ui/toast.tsx'];
    const direct = SOURCE_DIRS.flatMap((dir) => walk(path.join(root, dir)))
      .filter((file) => runtimeImports(readFileSync(file, 'utf8')).includes('sonner'))
      .map((file) => path.relative(root, file))
      .filter((file) => !allowed.includes(file));
    expect(direct).toEqual([]);
  });

  it('the Buffer check sees a use', () => {
    expect(BUFFER_USE.test("const b = Buffer.from('x');")).toBe(true);
    expect(BUFFER_USE.test('  return globalThis.Buffer;')).toBe(true);
    expect(BUFFER_USE.test(' * uses Buffer.from in a comment')).toBe(false);
  });
});
