import { createServerClient } from '@supabase/ssr';
import { describe, expect, it } from 'vitest';
import { ANON_KEY, apiUrl, client, uniqueEmail } from '../helpers.ts';

/** A request/response cookie jar as a Next.js route handler would give @supabase/ssr. */
function cookieJar() {
  const jar = new Map<string, string>();
  const requests: string[] = [];
  const fetchSpy: typeof fetch = (input, init) => {
    requests.push(new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname);
    return fetch(input, init);
  };
  const make = () =>
    createServerClient(apiUrl(), ANON_KEY, {
      global: { fetch: fetchSpy },
      cookies: {
        getAll: () => [...jar].map(([name, value]) => ({ name, value })),
        setAll: (cookies) => {
          for (const { name, value, options } of cookies) {
            if (!value || options?.maxAge === 0) jar.delete(name);
            else jar.set(name, value);
          }
        },
      },
    });
  return { jar, requests, make };
}

describe('auth: @supabase/ssr server client with a cookie jar', () => {
  it('signs in, stores a chunked sb-127-auth-token cookie, reads it back, verifies claims locally', async () => {
    const email = uniqueEmail('ssr');
    // Large metadata so the session cookie has to be split into chunks.
    await client().auth.signUp({ email, password: 'password123', options: { data: { bio: 'x'.repeat(3000) } } });
    const { jar, requests, make } = cookieJar();
    const first = make();
    const { data, error } = await first.auth.signInWithPassword({ email, password: 'password123' });
    expect(error).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    const names = [...jar.keys()];
    expect(names.length).toBeGreaterThan(1);
    expect(jar.has('sb-127-auth-token')).toBe(false);
    const chunks = names.map((_, i) => `sb-127-auth-token.${i}`);
    expect(names.sort()).toEqual([...chunks].sort());
    for (const name of chunks) expect(encodeURIComponent(jar.get(name)!).length).toBeLessThanOrEqual(3180);
    const value = chunks.map((name) => jar.get(name)).join('');
    expect(value.startsWith('base64-')).toBe(true);
    const stored = JSON.parse(Buffer.from(value.slice(7), 'base64url').toString());
    expect(stored.access_token).toBe(data.session!.access_token);
    expect(stored.refresh_token).toBe(data.session!.refresh_token);
    expect(stored.user.email).toBe(email);

    // A later request: a fresh server client over the same cookies.
    const second = make();
    const session = await second.auth.getSession();
    expect(session.data.session?.user.email).toBe(email);
    requests.length = 0;
    const claims = await second.auth.getClaims();
    expect(claims.error).toBeNull();
    expect(claims.data?.claims).toMatchObject({
      sub: data.user!.id,
      email,
      role: 'authenticated',
      aud: 'authenticated',
    });
    expect(claims.data?.header).toMatchObject({ alg: 'ES256' });
    // Verified against the JWKS, without asking GET /user.
    expect(requests).toEqual(['/auth/v1/.well-known/jwks.json']);
    const user = await second.auth.getUser();
    expect(user.data.user?.id).toBe(data.user!.id);
    expect(requests).toContain('/auth/v1/user');

    expect((await second.auth.signOut()).error).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect([...jar.keys()].filter((k) => k.startsWith('sb-127-auth-token'))).toEqual([]);
    const after = await make().auth.getSession();
    expect(after.data.session).toBeNull();
  });

  it('PKCE magic link through the server client: verifier cookie, then exchangeCodeForSession', async () => {
    const email = uniqueEmail('ssr-otp');
    await client().auth.signUp({ email, password: 'password123' });
    const { jar, make } = cookieJar();
    expect(
      (await make().auth.signInWithOtp({ email, options: { emailRedirectTo: 'http://localhost:3000/auth/cb' } })).error,
    ).toBeNull();
    expect([...jar.keys()].some((k) => k.startsWith('sb-127-auth-token-code-verifier'))).toBe(true);
    const { latestMail, linkIn } = await import('../auth-helpers.ts');
    const link = linkIn(await latestMail(email));
    const r = await fetch(link, { redirect: 'manual' });
    const code = new URL(r.headers.get('location')!).searchParams.get('code')!;
    const { data, error } = await make().auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    await new Promise((r) => setTimeout(r, 50));
    expect(jar.has('sb-127-auth-token')).toBe(true);
  });
});
