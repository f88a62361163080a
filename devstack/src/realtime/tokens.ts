import { decodeJwt } from 'jose';
import { type JwtKeys, verifyToken } from '../jwt.ts';

export type Claims = Record<string, unknown> & { role: string; exp: number; sub?: string };

/** A token check with the reason Realtime reports in join replies and the handshake's HTTP error. */
export type TokenCheck =
  | { ok: true; claims: Claims }
  | { ok: false; code: 'InvalidJWTToken' | 'MalformedJWT' | 'JwtSignatureError'; message: string; http: string };

/** ChannelsAuthorization.authorize_conn: a verifiable JWT carrying `role` and `exp`. */
export async function checkToken(keys: JwtKeys, raw: string): Promise<TokenCheck> {
  let token = raw;
  try {
    token = decodeURIComponent(raw);
  } catch {}
  token = token.replace(/\s/g, '');
  const v = await verifyToken(keys, token);
  if (!v.ok) {
    if (v.reason === 'expired') {
      let ago = 0;
      try {
        ago = Math.floor(Date.now() / 1000) - Number(decodeJwt(token).exp);
      } catch {}
      return {
        ok: false,
        code: 'InvalidJWTToken',
        message: `Token has expired ${ago} seconds ago`,
        http: 'Token has expired',
      };
    }
    if (v.reason === 'malformed') {
      const m = 'The token provided is not a valid JWT';
      return { ok: false, code: 'MalformedJWT', message: m, http: m };
    }
    const m = 'Failed to validate JWT signature';
    return { ok: false, code: 'JwtSignatureError', message: m, http: m };
  }
  const c = v.claims;
  if (typeof c.role !== 'string' || typeof c.exp !== 'number') {
    const m = 'Fields `role` and `exp` are required in JWT';
    return { ok: false, code: 'InvalidJWTToken', message: m, http: m };
  }
  return { ok: true, claims: c as Claims };
}
