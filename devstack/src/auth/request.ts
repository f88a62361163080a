import type { IncomingMessage, ServerResponse } from 'node:http';
import type postgres from 'postgres';
import type { RouteInfo } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { HttpError, header, readBody } from '../http.ts';
import type { Mail } from '../mail/catcher.ts';
import { AuthError, badRequest } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';

/** Any postgres.js handle: the pool or a transaction. */
export type Db = postgres.ISql;

export type AuthConfig = ServiceContext['config']['auth'];

/** What every auth handler gets: the service, its pool, config and limits. */
export interface AuthService {
  ctx: ServiceContext;
  sql: postgres.Sql;
  cfg: AuthConfig;
  limiter: RateLimiter;
  /** GoTrue's MAILER_AUTOCONFIRM (`[auth.email] enable_confirmations = false`). */
  autoconfirm: boolean;
}

export type JsonBody = Record<string, unknown>;

/** One incoming request, with the mails to deliver once the handler succeeded. */
export class AuthRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: RouteInfo;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly ip: string;
  readonly userAgent: string | undefined;
  readonly outbox: Mail[] = [];
  private readonly maxBody: number;
  private cached: JsonBody | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, route: RouteInfo, ip: string, maxBody: number) {
    this.req = req;
    this.res = res;
    this.route = route;
    this.method = req.method ?? 'GET';
    this.path = route.path.replace(/\/+$/, '') || '/';
    this.query = route.url.searchParams;
    this.ip = ip;
    this.userAgent = header(req, 'user-agent');
    this.maxBody = maxBody;
  }

  /** The JSON object body, as GoTrue's retrieveRequestParams reads it (400 bad_json otherwise). */
  async json(): Promise<JsonBody> {
    if (this.cached) return this.cached;
    let raw: Buffer;
    try {
      raw = await readBody(this.req, this.maxBody, () => new HttpError(413, {}));
    } catch (err) {
      if (err instanceof HttpError && err.status === 413) {
        throw new AuthError(413, 'request_entity_too_large', `Request body too large (max ${this.maxBody} bytes)`);
      }
      throw err;
    }
    const text = raw.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      const why = text.trim() === '' ? 'unexpected end of JSON input' : (err as Error).message;
      throw badRequest('bad_json', `Could not parse request body as JSON: ${why}`);
    }
    if (parsed === null) parsed = {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badRequest(
        'bad_json',
        `Could not parse request body as JSON: json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type object`,
      );
    }
    this.cached = parsed as JsonBody;
    return this.cached;
  }

  /** The body when there may be none (DELETE /admin/users/{id}). */
  async optionalJson(): Promise<JsonBody> {
    const len = Number(this.req.headers['content-length'] ?? 'NaN');
    if (len === 0) return {};
    return this.json();
  }
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });

function typeError(field: string, want: string, got: unknown): AuthError {
  const kind = got === null ? 'null' : Array.isArray(got) ? 'array' : typeof got;
  return badRequest(
    'bad_json',
    `Could not parse request body as JSON: json: cannot unmarshal ${kind} into Go struct field .${field} of type ${want}`,
  );
}

/** A string field ('' when absent or null), refusing other JSON types as Go's decoder does. */
export function str(body: JsonBody, field: string): string {
  const v = body[field];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw typeError(field, 'string', v);
  return v;
}

/** A string field that distinguishes absent/null (undefined) from '' (Go's *string). */
export function optStr(body: JsonBody, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw typeError(field, 'string', v);
  return v;
}

export function bool(body: JsonBody, field: string, fallback = false): boolean {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw typeError(field, 'bool', v);
  return v;
}

/** An object field (map[string]interface{}), undefined when absent or null. */
export function obj(body: JsonBody, field: string): Record<string, unknown> | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw typeError(field, 'map[string]interface {}', v);
  return v as Record<string, unknown>;
}
