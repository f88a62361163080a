import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import type postgres from 'postgres';
import { expect } from 'vitest';
import { ANON_KEY, apiUrl, JWT_SECRET } from './helpers.ts';

/**
 * REST test helpers that do not depend on the Auth service: users are inserted straight into
 * auth.users and their access tokens minted with the JWT secret (HS256), as GoTrue would sign them.
 */

export async function mintToken(claims: Record<string, unknown>, opts: { expiresIn?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ aud: 'authenticated', role: 'authenticated', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresIn ?? 3600))
    .sign(new TextEncoder().encode(JWT_SECRET));
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
  client: SupabaseClient;
}

/** Creates a user row in auth.users and returns a supabase-js client carrying their token. */
export async function createUser(sql: postgres.Sql, tag = 'user'): Promise<TestUser> {
  const id = randomUUID();
  const email = `${tag}-${id.slice(0, 8)}@example.com`;
  await sql`insert into auth.users (id, email, aud, role, created_at, updated_at)
            values (${id}, ${email}, 'authenticated', 'authenticated', now(), now())`;
  const token = await mintToken({ sub: id, email });
  return { id, email, token, client: clientWithToken(token) };
}

export function clientWithToken(token: string): SupabaseClient {
  return createClient(apiUrl(), ANON_KEY, {
    global: { headers: { Authorization: `Bearer ${token}` } },
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

/** Raw fetch against /rest/v1 (for what supabase-js cannot express, e.g. malformed input). */
export function rest(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token, headers, ...rest } = init;
  return fetch(`${apiUrl()}/rest/v1${path}`, {
    ...rest,
    headers: {
      apikey: ANON_KEY,
      authorization: `Bearer ${token ?? ANON_KEY}`,
      ...(rest.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(headers as Record<string, string>),
    },
  });
}

/** The PostgREST error body shape: `{code, details, hint, message}`. */
export function pgrstBody(code: string, message?: string) {
  return {
    code,
    details: expect.toSatisfy((v: unknown) => v === null || typeof v === 'string' || typeof v === 'object'),
    hint: expect.toSatisfy((v: unknown) => v === null || typeof v === 'string'),
    message: message ?? expect.any(String),
  };
}
