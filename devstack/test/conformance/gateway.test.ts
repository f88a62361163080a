import { describe, expect, it } from 'vitest';
import { ANON_KEY, apiUrl, PUBLISHABLE_KEY } from '../helpers.ts';

describe('gateway', () => {
  it('answers health checks', async () => {
    const r = await fetch(`${apiUrl()}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ name: 'devstack' });
  });

  it('answers CORS preflights itself, reflecting requested headers', async () => {
    const r = await fetch(`${apiUrl()}/rest/v1/todos`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, apikey, x-client-info, prefer',
      },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-headers')).toBe('authorization, apikey, x-client-info, prefer');
    expect(r.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('exposes the headers clients must read', async () => {
    const r = await fetch(`${apiUrl()}/auth/v1/health`, { headers: { apikey: ANON_KEY } });
    const exposed = r.headers.get('access-control-expose-headers') ?? '';
    for (const h of ['Content-Range', 'X-Supabase-Api-Version', 'X-Total-Count', 'Link']) expect(exposed).toContain(h);
  });

  it('answers unknown routes like the CLI gateway', async () => {
    const r = await fetch(`${apiUrl()}/nope/v1/x`, { headers: { apikey: PUBLISHABLE_KEY } });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ message: 'no Route matched with those values' });
  });
});
