import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

/**
 * The committed lib/supabase/database.types.ts must be exactly what `devstack gen-types` (the
 * equivalent of `supabase gen types typescript --local`) produces from the current migrations.
 * Fix a failure with `npm run db:types` and commit the result.
 */
const root = path.resolve(import.meta.dirname, '..', '..');

describe('generated database types', () => {
  it('match the current migrations', () => {
    const dbUrl = inject('dbUrl');
    const apiUrl = inject('apiUrl');
    if (!apiUrl) return; // DB_TEST_URL mode: no devstack of ours to generate against
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'types-')), 'database.types.ts');
    const api = new URL(apiUrl);
    const db = new URL(dbUrl);
    const res = spawnSync(process.execPath, [path.join(root, 'devstack/bin/devstack.ts'), 'gen-types', '--out', out], {
      cwd: root,
      env: {
        ...process.env,
        DEVSTACK_API_PORT: api.port,
        DEVSTACK_DB_PORT: db.port,
        DEVSTACK_DATA_DIR: path.join(root, '.devstack', 'test-db'),
        DEVSTACK_LOG: 'quiet',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(res.status, res.stderr).toBe(0);
    const generated = readFileSync(out, 'utf8');
    const committed = readFileSync(path.join(root, 'lib/supabase/database.types.ts'), 'utf8');
    rmSync(path.dirname(out), { recursive: true, force: true });
    expect(generated.length).toBeGreaterThan(1000);
    expect(committed, 'lib/supabase/database.types.ts is stale: run `npm run db:types`').toBe(generated);
  });
});
