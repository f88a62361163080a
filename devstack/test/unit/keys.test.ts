import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { apiKeysFor, signApiKey, WELL_KNOWN } from '../../src/keys.ts';

describe('API keys', () => {
  it('reproduce the CLI well-known keys from the default secret', () => {
    expect(signApiKey('anon', WELL_KNOWN.jwtSecret)).toBe(WELL_KNOWN.anonKey);
    expect(signApiKey('service_role', WELL_KNOWN.jwtSecret)).toBe(WELL_KNOWN.serviceRoleKey);
  });

  it('are re-signed with a project-specific JWT secret, so they verify against it', async () => {
    const secret = 'another-project-secret-that-is-long-enough';
    const keys = apiKeysFor(secret);
    expect(keys.anonKey).not.toBe(WELL_KNOWN.anonKey);
    const { payload } = await jwtVerify(keys.serviceRoleKey, new TextEncoder().encode(secret));
    expect(payload).toEqual({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 });
    expect(keys.publishableKey).toBe(WELL_KNOWN.publishableKey);
  });

  it('follow DEVSTACK_JWT_SECRET in the loaded config', () => {
    const config = loadConfig({ env: { DEVSTACK_JWT_SECRET: 'x'.repeat(40) } });
    expect(config.jwtSecret).toBe('x'.repeat(40));
    expect(config.keys.anonKey).toBe(signApiKey('anon', 'x'.repeat(40)));
  });
});
