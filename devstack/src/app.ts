import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServiceContext } from './context.ts';
import { HttpError, header, sendJson } from './http.ts';

/**
 * A service mounted under a gateway prefix. `path` has the prefix stripped (`/rest/v1/todos` ->
 * `/todos`), as Kong strips it for the real services. `bearer` is the token after the CLI gateway's
 * key handling (see resolveBearer), or undefined.
 */
export type ServiceHandler = (req: IncomingMessage, res: ServerResponse, route: RouteInfo) => Promise<void>;

export interface RouteInfo {
  path: string;
  url: URL;
  bearer: string | undefined;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, route: RouteInfo) => void;

export interface Services {
  http: Record<string, ServiceHandler>;
  upgrade?: Record<string, UpgradeHandler>;
}

/** Headers browsers may read (Content-Range for counts, X-Supabase-Api-Version for auth error codes). */
const EXPOSED_HEADERS = [
  'Content-Range',
  'X-Supabase-Api-Version',
  'X-Total-Count',
  'Link',
  'Content-Location',
  'Location',
  'Content-Profile',
  'Preference-Applied',
  'x-sb-error-code',
  'Content-Length',
  'Content-Type',
  'ETag',
  'Last-Modified',
  'Cache-Control',
].join(', ');

const DEFAULT_ALLOWED_HEADERS =
  'authorization, apikey, x-client-info, content-type, prefer, accept-profile, content-profile, range, x-upsert, ' +
  'x-supabase-api-version, cache-control, x-metadata, x-retry-count, traceparent, tracestate, baggage, x-region';

/**
 * The CLI gateway's key handling (its Kong template): the incoming Authorization wins unless it
 * carries a new-style key; a `sb_secret_`/`sb_publishable_` apikey maps to the service_role/anon JWT;
 * otherwise a legacy JWT apikey is used as the bearer token. No apikey validation, as locally.
 */
export function resolveBearer(req: IncomingMessage, ctx: ServiceContext, url: URL): string | undefined {
  const keys = ctx.config.keys;
  const mapNewKey = (k: string): string | undefined =>
    k === keys.secretKey ? keys.serviceRoleKey : k === keys.publishableKey ? keys.anonKey : undefined;
  const authz = header(req, 'authorization');
  if (authz && /^bearer\s+/i.test(authz)) {
    const token = authz.replace(/^bearer\s+/i, '').trim();
    if (!token.startsWith('sb_')) return token;
    const mapped = mapNewKey(token);
    if (mapped) return mapped;
  }
  const apikey = header(req, 'apikey') ?? url.searchParams.get('apikey') ?? undefined;
  if (!apikey) return undefined;
  if (apikey.startsWith('sb_')) return mapNewKey(apikey);
  return apikey;
}

function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT');
    res.setHeader(
      'Access-Control-Allow-Headers',
      header(req, 'access-control-request-headers') ?? DEFAULT_ALLOWED_HEADERS,
    );
    res.setHeader('Access-Control-Max-Age', '3600');
  }
}

function match<T>(table: Record<string, T> | undefined, pathname: string): [T, string] | undefined {
  if (!table) return undefined;
  for (const [prefix, handler] of Object.entries(table)) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
      return [handler, pathname.slice(prefix.length) || '/'];
    }
  }
  return undefined;
}

/** Builds the gateway server (never listens itself: the caller decides where). */
export function buildGateway(ctx: ServiceContext, services: Services): http.Server {
  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    res.on('finish', () => {
      const ms = (performance.now() - started).toFixed(1);
      ctx.log.request(`${req.method} ${url.pathname} ${res.statusCode} ${ms}ms`);
    });
    applyCors(req, res);
    // Kong answers every preflight itself; services never see OPTIONS.
    if (req.method === 'OPTIONS') {
      res.writeHead(200, { 'content-length': '0' });
      res.end();
      return;
    }
    if (url.pathname === '/health' || url.pathname === '/') {
      sendJson(res, 200, { status: 'ok', name: 'devstack' });
      return;
    }
    const hit = match(services.http, url.pathname);
    if (!hit) {
      sendJson(res, 404, { message: 'no Route matched with those values' });
      return;
    }
    const [handler, path] = hit;
    try {
      await handler(req, res, { path, url, bearer: resolveBearer(req, ctx, url) });
    } catch (err) {
      if (res.headersSent) {
        res.destroy(err as Error);
        return;
      }
      if (err instanceof HttpError) {
        sendJson(res, err.status, err.body, err.headers);
        return;
      }
      ctx.log.error(`${req.method} ${url.pathname}: ${(err as Error).stack ?? String(err)}`);
      sendJson(res, 500, { message: 'An internal error occurred in devstack' });
    }
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const hit = match(services.upgrade, url.pathname);
    if (!hit) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const [handler, path] = hit;
    handler(req, socket, head, { path, url, bearer: resolveBearer(req, ctx, url) });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
