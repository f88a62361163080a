import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

/**
 * JWT keys as the current Supabase CLI sets them up: user access tokens are signed ES256 with a
 * project signing key (published at /auth/v1/.well-known/jwks.json, so `auth.getClaims()` verifies
 * locally), while the legacy anon/service_role keys stay HS256 with the JWT secret. Every service
 * accepts both, as Supabase's do (their JWKS holds the EC public key plus the symmetric secret).
 */
export interface JwtKeys {
  secret: Uint8Array;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function loadJwtKeys(jwtSecret: string, dataDir: string): Promise<JwtKeys> {
  const file = path.join(dataDir, 'signing-key.json');
  let jwk: JWK;
  if (existsSync(file)) {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    jwk = { ...(await exportJWK(privateKey)), kid: crypto.randomUUID(), alg: 'ES256', use: 'sig' };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  const { d: _d, ...pub } = jwk;
  const publicJwk: JWK = { ...pub, key_ops: ['verify'] };
  return {
    secret: new TextEncoder().encode(jwtSecret),
    kid: jwk.kid as string,
    privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
    publicKey: (await importJWK(pub, 'ES256')) as CryptoKey,
    publicJwk,
  };
}

export async function signUserToken(keys: JwtKeys, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: keys.kid, typ: 'JWT' }).sign(keys.privateKey);
}

/** Signs with the JWT secret (HS256), as the CLI's anon/service_role keys are. */
export async function signHs256(keys: JwtKeys, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(keys.secret);
}

export type VerifyFailure =
  /** Not three dot-separated base64url parts, or unparsable header/payload. */
  | { ok: false; reason: 'malformed'; parts: number; message: string }
  | { ok: false; reason: 'expired'; message: string }
  /** Bad signature, `alg: none`, unknown algorithm or key. */
  | { ok: false; reason: 'invalid'; message: string };

export type VerifyResult = { ok: true; claims: JWTPayload & Record<string, unknown> } | VerifyFailure;

export async function verifyToken(keys: JwtKeys, token: string): Promise<VerifyResult> {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return {
      ok: false,
      reason: 'malformed',
      parts: parts.length,
      message: `Expected 3 parts in JWT; got ${parts.length}`,
    };
  }
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return { ok: false, reason: 'malformed', parts: 3, message: 'JWT cryptographic operation failed' };
  }
  const key = alg === 'HS256' ? keys.secret : alg === 'ES256' ? keys.publicKey : undefined;
  if (!key) return { ok: false, reason: 'invalid', message: 'No suitable key or wrong key type' };
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: [alg as string] });
    return { ok: true, claims: payload as JWTPayload & Record<string, unknown> };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired', message: 'JWT expired' };
    return { ok: false, reason: 'invalid', message: 'JWT cryptographic operation failed' };
  }
}
