import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FunctionsHttpError } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, apiUrl, client, PUBLISHABLE_KEY, SERVICE_ROLE_KEY } from '../helpers.ts';
import { createUser, mintToken } from '../storage-helpers.ts';

const functionsDir = path.resolve(import.meta.dirname, '..', 'fixture', 'supabase', 'functions');
const DOTENV = 'FX_SECRET=from-dotenv\n# comment\nFX_QUOTED="quoted value"\n';

interface Echo {
  greeting: string;
  method: string;
  pathname: string;
  search: string;
  authorization: string | null;
  contentType: string | null;
  custom: string | null;
  body: unknown;
  env: Record<string, unknown>;
  pid: number;
}

beforeAll(async () => {
  // supabase/functions/.env is git-ignored, so the fixture writes it (only when it differs, so a
  // running worker is not reloaded for nothing).
  const envFile = path.join(functionsDir, '.env');
  if (!existsSync(envFile) || readFileSync(envFile, 'utf8') !== DOTENV) {
    writeFileSync(envFile, DOTENV);
    await new Promise((r) => setTimeout(r, 400));
  }
});

describe('edge functions', () => {
  it('invokes a function with JSON, strips the prefix and passes sub-paths and query', async () => {
    const { data, error } = await client().functions.invoke<Echo>('fx-echo/items/1?x=y', {
      body: { hello: 'world' },
      headers: { 'x-custom': 'yes' },
    });
    expect(error).toBeNull();
    expect(data).toMatchObject({
      greeting: 'Hello devstack!',
      method: 'POST',
      pathname: '/fx-echo/items/1',
      search: '?x=y',
      contentType: 'application/json',
      custom: 'yes',
      body: { hello: 'world' },
      authorization: `Bearer ${ANON_KEY}`,
    });
  });

  it('gives functions the Supabase environment plus supabase/functions/.env, nothing internal', async () => {
    const { data } = await client().functions.invoke<Echo>('fx-echo', { method: 'GET' });
    const env = data?.env ?? {};
    expect(env.SUPABASE_URL).toBe(apiUrl());
    expect(env.SUPABASE_ANON_KEY).toBe(ANON_KEY);
    expect(env.SUPABASE_SERVICE_ROLE_KEY).toBe(SERVICE_ROLE_KEY);
    expect(JSON.parse(env.SUPABASE_PUBLISHABLE_KEYS as string)).toEqual({ default: PUBLISHABLE_KEY });
    expect(JSON.parse(env.SUPABASE_SECRET_KEYS as string).default).toMatch(/^sb_secret_/);
    expect(env.SUPABASE_DB_URL).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/);
    const jwks = JSON.parse(env.SUPABASE_JWKS as string) as { keys: { kty: string }[] };
    expect(jwks.keys.map((k) => k.kty).sort()).toEqual(['EC', 'oct']);
    expect(env.FX_SECRET).toBe('from-dotenv');
    expect(env.HOME).toBeUndefined();
    expect(env.internal).toEqual([]);
  });

  it('maps a publishable key without session to the anon JWT, and accepts user tokens', async () => {
    const pub = await client(PUBLISHABLE_KEY).functions.invoke<Echo>('fx-echo', { body: 'text body' });
    expect(pub.error).toBeNull();
    expect(pub.data?.authorization).toBe(`Bearer ${ANON_KEY}`);
    expect(pub.data?.body).toBe('text body');
    expect(pub.data?.contentType).toMatch(/^text\/plain/);
    const user = await createUser('fn');
    const asUser = await user.client.functions.invoke<Echo>('fx-echo', { body: { a: 1 } });
    expect(asUser.data?.authorization).toBe(`Bearer ${user.token}`);
  });

  it('enforces the JWT gate by default (401 {msg}) and honours verify_jwt = false', async () => {
    const none = await fetch(`${apiUrl()}/functions/v1/fx-echo`, { method: 'POST' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ msg: 'Error: Missing authorization header' });
    const bad = await fetch(`${apiUrl()}/functions/v1/fx-echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ msg: 'Invalid JWT' });
    const expired = await mintToken('00000000-0000-0000-0000-000000000001', 'x@example.com', { expiresIn: -5 });
    const exp = await fetch(`${apiUrl()}/functions/v1/fx-echo`, { headers: { authorization: `Bearer ${expired}` } });
    expect(exp.status).toBe(401);
    await exp.arrayBuffer();
    const basic = await fetch(`${apiUrl()}/functions/v1/fx-echo`, { headers: { authorization: 'Basic abc' } });
    expect(await basic.json()).toEqual({ msg: "Error: Auth header is not 'Bearer {token}'" });

    const open = await fetch(`${apiUrl()}/functions/v1/fx-open`);
    expect(open.status).toBe(200);
    expect(await open.text()).toBe('open for everyone');
  });

  it('answers CORS preflights at the gateway, before the JWT gate', async () => {
    const r = await fetch(`${apiUrl()}/functions/v1/fx-echo`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, x-client-info, apikey, content-type',
      },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 404 "Function not found" for unknown functions', async () => {
    const { error } = await client().functions.invoke('fx-does-not-exist');
    expect(error).toBeInstanceOf(FunctionsHttpError);
    const res = (error as FunctionsHttpError).context as Response;
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Function not found');
    const weird = await fetch(`${apiUrl()}/functions/v1/..%2Ffx-echo`, {
      headers: { authorization: `Bearer ${ANON_KEY}` },
    });
    expect(weird.status).toBe(404);
    await weird.arrayBuffer();
  });

  it('turns a throwing handler into a 500 and keeps the worker serving', async () => {
    const { error } = await client().functions.invoke('fx-throws');
    expect(error).toBeInstanceOf(FunctionsHttpError);
    const res = (error as FunctionsHttpError).context as Response;
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
    const ok = await fetch(`${apiUrl()}/functions/v1/fx-throws?ok`, {
      headers: { authorization: `Bearer ${ANON_KEY}` },
    });
    expect(await ok.text()).toBe('fine');
  });

  it('ends a hanging function with a clear idle-timeout error', async () => {
    const started = Date.now();
    const r = await fetch(`${apiUrl()}/functions/v1/fx-hang`);
    expect(r.status).toBe(546);
    const body = (await r.json()) as { code: string; message: string };
    expect(body.code).toBe('WORKER_LIMIT');
    expect(body.message).toMatch(/did not respond within \d+s \(idle timeout\)/);
    expect(Date.now() - started).toBeLessThan(25_000);
    const ok = await fetch(`${apiUrl()}/functions/v1/fx-hang?ok`);
    expect(await ok.text()).toBe('not hanging');
  }, 30_000);

  it('answers 5xx when the worker crashes, then restarts it', async () => {
    const auth = { authorization: `Bearer ${ANON_KEY}` };
    const first = await fetch(`${apiUrl()}/functions/v1/fx-crash`, { headers: auth });
    const { pid } = (await first.json()) as { pid: number };
    const crash = await fetch(`${apiUrl()}/functions/v1/fx-crash?exit`, { headers: auth });
    expect(crash.status).toBeGreaterThanOrEqual(500);
    expect(((await crash.json()) as { code: string }).code).toMatch(/WORKER_ERROR|BOOT_ERROR/);
    let next: Response | undefined;
    for (let i = 0; i < 40; i++) {
      next = await fetch(`${apiUrl()}/functions/v1/fx-crash`, { headers: auth });
      if (next.status === 200) break;
      // While the process is going down / restarting: a clear 5xx, never a hang.
      expect([500, 503]).toContain(next.status);
      expect(((await next.json()) as { code: string }).code).toMatch(/WORKER_ERROR|BOOT_ERROR/);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(next?.status).toBe(200);
    const again = (await next?.json()) as { pid: number };
    expect(again.pid).not.toBe(pid);
  });

  it('streams server-sent events through unbuffered', async () => {
    const { data, error } = await client().functions.invoke('fx-sse');
    expect(error).toBeNull();
    const res = data as Response;
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const arrivals: number[] = [];
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = decoder.decode(value);
      text += chunk;
      for (let i = 0; i < (chunk.match(/data: /g) ?? []).length; i++) arrivals.push(Date.now());
    }
    expect(text.match(/data: /g)).toHaveLength(4);
    // Events are 300 ms apart at the source; buffering would deliver them together at the end.
    expect(arrivals[3] - arrivals[0]).toBeGreaterThan(600);
    expect(arrivals[1] - arrivals[0]).toBeGreaterThan(150);
  });

  describe('reload on change', () => {
    const name = `fx-reload-${Date.now().toString(36)}`;
    const dir = path.join(functionsDir, name);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('serves a new function and picks up edits without a restart', async () => {
      const auth = { authorization: `Bearer ${ANON_KEY}` };
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'index.ts'), "Deno.serve(() => new Response('version 1'));\n");
      const v1 = await fetch(`${apiUrl()}/functions/v1/${name}`, { headers: auth });
      expect(await v1.text()).toBe('version 1');
      writeFileSync(path.join(dir, 'index.ts'), "Deno.serve(() => new Response('version 2'));\n");
      let text = '';
      for (let i = 0; i < 50 && text !== 'version 2'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        text = await (await fetch(`${apiUrl()}/functions/v1/${name}`, { headers: auth })).text();
      }
      expect(text).toBe('version 2');
      writeFileSync(path.join(dir, 'index.ts'), 'this is not valid typescript (\n');
      let broken: Response | undefined;
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        broken = await fetch(`${apiUrl()}/functions/v1/${name}`, { headers: auth });
        if (broken.status !== 200) break;
        await broken.arrayBuffer();
      }
      expect(broken?.status).toBe(503);
      expect(await broken?.json()).toMatchObject({ code: 'BOOT_ERROR' });
    }, 20_000);
  });
});
