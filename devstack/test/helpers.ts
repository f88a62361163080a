import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { inject } from 'vitest';

/** The CLI's well-known local keys (devstack serves the same). */
export const ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
export const SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';
export const PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
export const SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

export const apiUrl = () => inject('apiUrl');
export const mailUrl = () => inject('mailUrl');
export const dbUrl = () => inject('dbUrl');

/** An unmodified supabase-js client against the test devstack (no session persistence between tests). */
export function client(key: string = ANON_KEY): SupabaseClient {
  return createClient(apiUrl(), key, { auth: { persistSession: false, autoRefreshToken: false } });
}

export function adminClient(): SupabaseClient {
  return client(SERVICE_ROLE_KEY);
}

/** A unique email per call, so test files can run in parallel against one database. */
export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Signs up a fresh user and returns a client carrying their session. */
export async function signedInClient(tag = 'user', password = 'password123') {
  const c = client();
  const email = uniqueEmail(tag);
  const { data, error } = await c.auth.signUp({ email, password });
  if (error || !data.session) throw new Error(`signUp failed: ${error?.message ?? 'no session'}`);
  return { client: c, email, password, user: data.user!, session: data.session };
}

/** Direct SQL as `postgres` (for asserting the database state behind an API call). */
export function sql(): postgres.Sql {
  return postgres(dbUrl(), { max: 2, onnotice: () => {} });
}
