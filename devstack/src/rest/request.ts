import type { IncomingMessage } from 'node:http';
import type { JwtKeys } from '../jwt.ts';
import { verifyToken } from '../jwt.ts';
import { jwtClaimsError, jwtDecodeError, pgrstError } from './errors.ts';
import type { BodyMode } from './statements.ts';

/** Per-request context PostgREST derives before touching the database: role, claims, schema, media type. */

export interface Auth {
  role: string;
  /** The JWT payload with `role` set (`{"role":"anon"}` without a token). */
  claims: Record<string, unknown>;
  /** JSON.stringify(claims), computed once per verified token (request.jwt.claims). */
  claimsJson: string;
  authed: boolean;
}

/**
 * Verified tokens are cached (as PostgREST's JWT cache does), keyed on the exact token string,
 * until they expire. The cached Auth is shared between requests: callers must not mutate it.
 */
const tokenCache = new Map<string, { auth: Auth; anonRole: string; exp: number | undefined }>();
const TOKEN_CACHE_MAX = 1000;
const anonAuths = new Map<string, Auth>();

function makeAuth(claims: Record<string, unknown>, anonRole: string): Auth {
  const role = typeof claims.role === 'string' && claims.role ? claims.role : anonRole;
  const full = { ...claims, role };
  return { role, claims: full, claimsJson: JSON.stringify(full), authed: role !== anonRole };
}

export async function authenticate(keys: JwtKeys, bearer: string | undefined, anonRole: string): Promise<Auth> {
  if (bearer === undefined) {
    let a = anonAuths.get(anonRole);
    if (!a) {
      a = makeAuth({}, anonRole);
      anonAuths.set(anonRole, a);
    }
    return a;
  }
  if (bearer === '') throw jwtDecodeError('Empty JWT is sent in Authorization header');
  const cached = tokenCache.get(bearer);
  const now = Math.floor(Date.now() / 1000);
  if (cached && cached.anonRole === anonRole && (cached.exp === undefined || cached.exp > now)) return cached.auth;
  if (cached) tokenCache.delete(bearer);
  const v = await verifyToken(keys, bearer);
  if (!v.ok) {
    if (v.reason === 'expired') throw jwtClaimsError(v.message);
    throw jwtDecodeError(v.message);
  }
  const claims = v.claims;
  if (claims.exp !== undefined && typeof claims.exp !== 'number') {
    throw jwtClaimsError("The JWT 'exp' claim must be a number");
  }
  const auth = makeAuth(claims, anonRole);
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.delete(tokenCache.keys().next().value as string);
  tokenCache.set(bearer, { auth, anonRole, exp: claims.exp as number | undefined });
  return auth;
}

/** Accept-Profile (reads) / Content-Profile (writes) against the exposed schemas (406 PGRST106). */
export function resolveSchema(req: IncomingMessage, schemas: string[]): { schema: string; negotiated: boolean } {
  const m = req.method ?? 'GET';
  const h = m === 'GET' || m === 'HEAD' ? req.headers['accept-profile'] : req.headers['content-profile'];
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined) return { schema: schemas[0], negotiated: false };
  if (!schemas.includes(v)) {
    throw pgrstError(
      406,
      'PGRST106',
      `Invalid schema: ${v}`,
      null,
      `Only the following schemas are exposed: ${schemas.join(', ')}`,
    );
  }
  return { schema: v, negotiated: true };
}

export interface Media {
  mode: Exclude<BodyMode, 'none'>;
  contentType: string;
}

const JSON_MEDIA: Media = { mode: 'json', contentType: 'application/json; charset=utf-8' };

/** Picks the response media type from Accept (406 PGRST107 when none is available). */
const negotiated = new Map<string, Media>();

export function negotiate(accept: string | undefined): Media {
  if (!accept) return JSON_MEDIA;
  let m = negotiated.get(accept);
  if (!m) {
    m = negotiateUncached(accept);
    if (negotiated.size >= 200) negotiated.delete(negotiated.keys().next().value as string);
    negotiated.set(accept, m);
  }
  return m;
}

function negotiateUncached(accept: string): Media {
  const ranges = accept
    .split(',')
    .map((s, i) => {
      const [type, ...rest] = s.split(';').map((x) => x.trim());
      const params: Record<string, string> = {};
      for (const r of rest) {
        const [k, val] = r.split('=').map((x) => x.trim());
        if (k) params[k.toLowerCase()] = (val ?? '').replace(/^"|"$/g, '');
      }
      const q = params.q === undefined ? 1 : Number(params.q);
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.type && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    const stripped = r.params.nulls === 'stripped';
    switch (r.type) {
      case '*/*':
      case 'application/*':
      case 'application/json':
        return JSON_MEDIA;
      case 'application/vnd.pgrst.object+json':
      case 'application/vnd.pgrst.object':
        return stripped
          ? {
              mode: 'single-stripped',
              contentType: 'application/vnd.pgrst.object+json; nulls=stripped; charset=utf-8',
            }
          : { mode: 'single', contentType: 'application/vnd.pgrst.object+json; charset=utf-8' };
      case 'application/vnd.pgrst.array+json':
      case 'application/vnd.pgrst.array':
        return stripped
          ? { mode: 'json-stripped', contentType: 'application/vnd.pgrst.array+json; nulls=stripped; charset=utf-8' }
          : JSON_MEDIA;
      case 'text/csv':
        return { mode: 'csv', contentType: 'text/csv; charset=utf-8' };
    }
  }
  throw pgrstError(406, 'PGRST107', `None of these media types are available: ${accept}`);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k && !(k in out)) out[k] = part.slice(i + 1).trim();
  }
  return out;
}

export function headersJson(req: IncomingMessage): string {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k === 'cookie') continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return JSON.stringify(out);
}
