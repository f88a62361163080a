import type { IncomingMessage } from 'node:http';
import { header } from '../http.ts';

/**
 * GoTrue's error model. An AuthError renders as `{code, message}` (+ `X-Supabase-Api-Version` and
 * `x-sb-error-code` headers) when the request asked for API version >= 2024-01-01 (auth-js always
 * does), and in the legacy `{code: <status>, error_code, msg}` shape otherwise, exactly as GoTrue's
 * HandleResponseError does. OAuth-style errors (`{error, error_description}`) are always 400.
 */
export class AuthError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra top-level body fields (the `weak_password` payload). */
  readonly extra: Record<string, unknown> | undefined;
  readonly oauth: boolean;
  constructor(status: number, code: string, message: string, extra?: Record<string, unknown>, oauth = false) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.oauth = oauth;
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);
export const tooManyRequests = (code: string, message: string) => new AuthError(429, code, message);
export const internal = (message: string) => new AuthError(500, 'unexpected_failure', message);
export const oauthError = (error: string, description: string) =>
  new AuthError(400, error, description, undefined, true);

export function weakPassword(message: string, reasons: string[]): AuthError {
  return new AuthError(422, 'weak_password', message, { weak_password: { reasons } });
}

export const API_VERSION_HEADER = 'X-Supabase-Api-Version';
const API_2024 = Date.UTC(2024, 0, 1);

/** True when the request's X-Supabase-Api-Version parses to 2024-01-01 or later. */
function wantsVersion2024(req: IncomingMessage): boolean {
  const v = header(req, 'x-supabase-api-version');
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return Number.isFinite(t) && t >= API_2024;
}

export interface RenderedError {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export function renderAuthError(req: IncomingMessage, err: AuthError): RenderedError {
  if (err.oauth) {
    return { status: 400, body: { error: err.code, error_description: err.message }, headers: {} };
  }
  const isWeak = err.code === 'weak_password';
  if (wantsVersion2024(req)) {
    const headers: Record<string, string> = { [API_VERSION_HEADER]: '2024-01-01' };
    // GoTrue's weak-password branch writes no x-sb-error-code header in the 2024 shape.
    if (!isWeak) headers['x-sb-error-code'] = err.code;
    return { status: err.status, body: { code: err.code, message: err.message, ...err.extra }, headers };
  }
  return {
    status: err.status,
    body: { code: err.status, error_code: err.code, msg: err.message, ...err.extra },
    headers: { 'x-sb-error-code': err.code },
  };
}
