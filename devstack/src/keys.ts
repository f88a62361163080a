import { createHmac } from 'node:crypto';

/**
 * The Supabase CLI's well-known local keys. They are public by design (every `supabase start` prints
 * them), so every Supabase tutorial works against devstack unchanged. Never use them outside localhost.
 */
export const WELL_KNOWN = {
  jwtSecret: 'super-secret-jwt-token-with-at-least-32-characters-long',
  anonKey:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
  serviceRoleKey:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
  publishableKey: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  secretKey: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
} as const;

export type ApiKeys = { [K in keyof typeof WELL_KNOWN]: string };

/**
 * A legacy API key as the CLI signs it: HS256 over exactly `{"iss":"supabase-demo","role":…,"exp":1983812996}`
 * (that key order, no iat/sub/aud). With the default secret this reproduces the well-known keys.
 */
export function signApiKey(role: 'anon' | 'service_role', jwtSecret: string): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const unsigned = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(`{"iss":"supabase-demo","role":"${role}","exp":1983812996}`)}`;
  return `${unsigned}.${createHmac('sha256', jwtSecret).update(unsigned).digest('base64url')}`;
}

/** The project's keys: the well-known ones, with the legacy JWT keys re-signed when the secret differs. */
export function apiKeysFor(jwtSecret: string): ApiKeys {
  if (jwtSecret === WELL_KNOWN.jwtSecret) return WELL_KNOWN;
  return {
    ...WELL_KNOWN,
    jwtSecret,
    anonKey: signApiKey('anon', jwtSecret),
    serviceRoleKey: signApiKey('service_role', jwtSecret),
  };
}
