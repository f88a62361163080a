import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteInfo } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { HttpError, readBody, sendRaw } from '../http.ts';
import type { MountedService } from '../server.ts';
import { handleMutation, handleRead, handleRpc, type RestRequest } from './actions.ts';
import { fromDbError, pgrstError } from './errors.ts';
import { decodeQuery } from './parse-query.ts';
import { parsePrefer } from './prefer.ts';
import { authenticate, negotiate, resolveSchema } from './request.ts';
import { loadSchemaCache, type SchemaCache } from './schema-cache.ts';

/**
 * `/rest/v1`: a PostgREST v14-compatible Data API. The schema cache is loaded at start and
 * reloaded on `NOTIFY pgrst, 'reload schema'` (devstack's bootstrap notifies on every DDL).
 */

const ANON_ROLE = 'anon';

/** PostgREST's db-tx-end; the CLI leaves it at `commit`, so `Prefer: tx=rollback` is ignored. */
function txAllowOverride(): boolean {
  const v = process.env.DEVSTACK_REST_TX_END ?? 'commit';
  return v.endsWith('allow-override');
}

export async function createRestService(ctx: ServiceContext): Promise<MountedService> {
  const schemas = ctx.config.api.schemas;
  const admin = ctx.pool('supabase_admin', 2);
  const pool = ctx.pool('authenticator', 10);
  let cache: SchemaCache | undefined;
  let loading: Promise<void> | undefined;
  let again = false;

  const reload = (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        try {
          cache = await loadSchemaCache(admin, schemas);
        } catch (err) {
          ctx.log.error(`rest: schema cache load failed: ${(err as Error).message}`);
        }
      } while (again);
      loading = undefined;
    })();
    return loading;
  };
  await reload();
  const listener = await admin.listen('pgrst', (payload) => {
    if (payload === '' || payload === 'reload schema') void reload();
  });

  const allowTx = txAllowOverride();

  const handler = async (req: IncomingMessage, res: ServerResponse, route: RouteInfo) => {
    const method = req.method ?? 'GET';
    if (!cache) {
      throw pgrstError(503, 'PGRST002', 'Could not query the database for the schema cache. Retrying.');
    }
    const current = cache;
    const segments = route.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments.length === 0) {
      if (method !== 'GET' && method !== 'HEAD')
        throw pgrstError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
      const { schema } = resolveSchema(req, schemas);
      const paths: Record<string, object> = { '/': {} };
      for (const t of current.tables.values()) if (t.schema === schema) paths[`/${t.name}`] = {};
      for (const [k, rs] of current.routines)
        if (rs[0].schema === schema) paths[`/rpc/${k.slice(schema.length + 1)}`] = {};
      const body = JSON.stringify({
        swagger: '2.0',
        info: { title: 'devstack', description: 'PostgREST-compatible API', version: '14.0 (devstack)' },
        host: new URL(ctx.config.api.url).host,
        basePath: '/',
        schemes: ['http'],
        consumes: ['application/json'],
        produces: ['application/json'],
        paths,
        definitions: {},
      });
      sendRaw(res, 200, method === 'HEAD' ? undefined : body, {
        'content-type': 'application/openapi+json; charset=utf-8',
      });
      return;
    }
    const isRpc = segments[0] === 'rpc' && segments.length === 2;
    if (segments.length > 1 && !isRpc) throw pgrstError(404, 'PGRST125', 'Invalid path specified in request URL');
    if (!['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) {
      throw pgrstError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
    }
    const { schema, negotiated } = resolveSchema(req, schemas);
    const auth = await authenticate(ctx.keys, route.bearer, ANON_ROLE);
    const media = negotiate(header(req, 'accept'));
    const prefer = parsePrefer(req.headers.prefer, allowTx);
    if (prefer.handling === 'strict' && prefer.invalid.length) {
      throw pgrstError(
        400,
        'PGRST122',
        'Invalid preferences given with handling=strict',
        `Invalid preferences: ${prefer.invalid.join(', ')}`,
      );
    }
    let body: Buffer | undefined;
    if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
      body = await readBody(
        req,
        ctx.config.api.maxBodyBytes,
        () => new HttpError(413, { message: 'Request size limit exceeded' }),
      );
    } else req.resume();
    const r: RestRequest = {
      ctx,
      cache: current,
      pool,
      req,
      res,
      method,
      path: route.path,
      schema,
      negotiated,
      auth,
      media,
      prefer,
      pairs: decodePairs(route.url.search),
      search: route.url.search,
      body,
      name: isRpc ? segments[1] : segments[0],
    };
    try {
      if (isRpc) await handleRpc(r);
      else if (method === 'GET' || method === 'HEAD') await handleRead(r);
      else await handleMutation(r);
    } catch (err) {
      throw fromDbError(err, auth.authed);
    }
  };

  return {
    handler,
    close: async () => {
      await listener.unlisten().catch(() => {});
    },
  };
}

/** Decoded query strings, shared between requests (parseQuery never mutates them). */
const decoded = new Map<string, [string, string][]>();
function decodePairs(search: string): [string, string][] {
  let pairs = decoded.get(search);
  if (!pairs) {
    pairs = decodeQuery(search);
    if (decoded.size >= 500) decoded.delete(decoded.keys().next().value as string);
    decoded.set(search, pairs);
  }
  return pairs;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
