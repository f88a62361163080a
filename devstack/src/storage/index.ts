import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { errors as joseErrors, jwtVerify } from 'jose';
import type postgres from 'postgres';
import type { RouteInfo } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { HttpError, readBody, sendJson } from '../http.ts';
import { signHs256, verifyToken } from '../jwt.ts';
import type { MountedService } from '../server.ts';
import { type Caller, type RequestInfo, StorageDb, type Tx } from './db.ts';
import { ERR, isValidBucketName, mustBeValidKey, storageError } from './errors.ts';
import { FileStore } from './files.ts';
import { drain, receiveUpload } from './upload.ts';

/** Storage: `/storage/v1/*`, the Supabase Storage API subset supabase-js uses (protocol doc §6). */

interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  public: boolean;
  type: string;
  file_size_limit: string | number | null;
  allowed_mime_types: string[] | null;
  created_at: Date;
  updated_at: Date;
}

interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_LIMIT = 1024 * 1024;
/** Signed upload URLs are valid for two hours, as on Supabase. */
const UPLOAD_URL_TTL = 2 * 60 * 60;

function bucketJson(b: BucketRow) {
  return {
    id: b.id,
    name: b.name,
    owner: b.owner ?? b.owner_id ?? '',
    public: b.public,
    type: b.type,
    file_size_limit: b.file_size_limit === null ? null : Number(b.file_size_limit),
    allowed_mime_types: b.allowed_mime_types,
    created_at: b.created_at,
    updated_at: b.updated_at,
  };
}

/** `'1MB'`, `'20GB'`, `1024` → bytes (Storage's parser: decimal units). */
function parseFileSizeLimit(v: unknown): number | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v);
  if (typeof v === 'string') {
    const m = /^([0-9]+(?:\.[0-9]+)?)\s*(gb|mb|kb|b)?$/i.exec(v.trim());
    if (m) {
      const unit = { gb: 1e9, mb: 1e6, kb: 1e3, b: 1 }[(m[2] ?? 'b').toLowerCase() as 'b'];
      return Math.round(Number(m[1]) * unit);
    }
  }
  throw storageError(400, 'InvalidRequest', 'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B');
}

function parseMimeTypes(v: unknown): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((m) => typeof m !== 'string' || !/^[\w.+-]+\/[\w.+*-]+$/.test(m.trim()))) {
    throw storageError(400, 'InvalidRequest', 'Invalid allowed_mime_types: expected an array of mime types');
  }
  return v.length ? (v as string[]) : null;
}

function mimeAllowed(mime: string, allowed: string[] | null): boolean {
  if (!allowed || allowed.length === 0) return true;
  const base = mime.split(';')[0].trim().toLowerCase();
  return allowed.some((a) => {
    const rule = a.trim().toLowerCase();
    if (rule === '*/*' || rule === '*') return true;
    if (rule.endsWith('/*')) return base.startsWith(rule.slice(0, -1));
    return base === rule || mime.trim().toLowerCase() === rule;
  });
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw ERR.invalidKey(s);
  }
}

/** Splits `<bucket>/<key...>` (still percent-encoded) into the decoded bucket and key. */
function splitBucketKey(rest: string): { bucket: string; key: string } {
  const i = rest.indexOf('/');
  if (i < 0) return { bucket: decodeSegment(rest), key: '' };
  return { bucket: decodeSegment(rest.slice(0, i)), key: decodeSegment(rest.slice(i + 1)) };
}

function httpDate(d: Date): string {
  return d.toUTCString();
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function createStorageService(ctx: ServiceContext): Promise<MountedService> {
  const store = new FileStore(path.join(ctx.config.dataDir, 'storage'));
  await store.init();
  const db = new StorageDb(ctx.pool('supabase_storage_admin', 10));
  const globalLimit = ctx.config.storage.fileSizeLimit;

  // ---------------------------------------------------------------- identity

  async function resolveCaller(route: RouteInfo, required: boolean): Promise<Caller | undefined> {
    const token = route.bearer;
    if (!token) {
      if (required) throw ERR.accessDenied('jwt must be provided');
      return undefined;
    }
    const r = await verifyToken(ctx.keys, token);
    if (!r.ok) {
      if (!required) return undefined;
      const msg =
        r.reason === 'expired'
          ? '"exp" claim timestamp check failed'
          : r.reason === 'malformed'
            ? 'Invalid Compact JWS'
            : 'signature verification failed';
      throw ERR.accessDenied(msg);
    }
    const role = typeof r.claims.role === 'string' && r.claims.role ? r.claims.role : 'anon';
    return {
      role,
      claims: r.claims,
      token,
      sub: typeof r.claims.sub === 'string' ? r.claims.sub : undefined,
    };
  }

  function ownerOf(sub: string | undefined): { owner: string | null; owner_id: string | null } {
    return { owner: sub && UUID.test(sub) ? sub : null, owner_id: sub ?? null };
  }

  function requestInfo(req: IncomingMessage, route: RouteInfo): RequestInfo {
    return { method: req.method ?? 'GET', path: route.path, headers: req.headers };
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const buf = await readBody(req, JSON_LIMIT, () => ERR.tooLarge());
    if (buf.length === 0) return {};
    try {
      const v = JSON.parse(buf.toString('utf8')) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {}
    throw storageError(400, 'InvalidRequest', 'Body must be a JSON object');
  }

  // ---------------------------------------------------------------- lookups

  async function adminBucket(id: string): Promise<BucketRow> {
    const rows = await db.sql<BucketRow[]>`select * from storage.buckets where id = ${id}`;
    if (!rows.length) throw ERR.noSuchBucket();
    return rows[0];
  }

  async function adminObject(bucket: string, key: string): Promise<ObjectRow> {
    const rows = await db.sql<ObjectRow[]>`
      select * from storage.objects where bucket_id = ${bucket} and name = ${key}`;
    if (!rows.length) throw ERR.noSuchKey();
    return rows[0];
  }

  async function userObject(caller: Caller, info: RequestInfo, bucket: string, key: string, op: string) {
    const rows = await db.asUser(
      caller,
      info,
      op,
      (tx) => tx<ObjectRow[]>`select * from storage.objects where bucket_id = ${bucket} and name = ${key}`,
    );
    if (!rows.length) throw ERR.noSuchKey();
    return rows[0];
  }

  /** The RLS probe Supabase runs before touching bytes: a rolled-back insert (or upsert). */
  async function probeWrite(
    caller: Caller,
    info: RequestInfo,
    bucket: string,
    key: string,
    upsert: boolean,
    userMetadata: Record<string, unknown> | null,
  ): Promise<void> {
    const { owner, owner_id } = ownerOf(caller.sub);
    const version = store.newVersion();
    await db.probeAsUser(caller, info, upsert ? 'storage.object.upload_upsert' : 'storage.object.upload', (tx) =>
      upsert
        ? tx`insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
             values (${bucket}, ${key}, ${owner}, ${owner_id}, null, ${userMetadata ? tx.json(userMetadata as never) : null}, ${version})
             on conflict (bucket_id, name) do update set
               owner = excluded.owner, owner_id = excluded.owner_id, user_metadata = excluded.user_metadata,
               version = excluded.version
             returning id`
        : tx`insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
             values (${bucket}, ${key}, ${owner}, ${owner_id}, null, ${userMetadata ? tx.json(userMetadata as never) : null}, ${version})`,
    );
  }

  /**
   * Writes an object's row as the storage admin and moves the finished bytes into place before the
   * transaction commits; replaced bytes are removed after it commits.
   */
  async function finalizeWrite(opts: {
    bucket: string;
    key: string;
    upsert: boolean;
    sub: string | undefined;
    tmpPath?: string;
    copyFromVersion?: string;
    metadata: Record<string, unknown>;
    userMetadata: Record<string, unknown> | null;
  }): Promise<ObjectRow> {
    const { owner, owner_id } = ownerOf(opts.sub);
    const version = store.newVersion();
    let oldVersion: string | null = null;
    let placed = false;
    try {
      const row = await db.asAdmin(async (tx: Tx) => {
        if (opts.upsert) {
          const old = await tx<{ version: string | null }[]>`
            select version from storage.objects where bucket_id = ${opts.bucket} and name = ${opts.key} for update`;
          oldVersion = old[0]?.version ?? null;
        }
        const meta = tx.json(opts.metadata as never);
        const umeta = opts.userMetadata ? tx.json(opts.userMetadata as never) : null;
        const rows = opts.upsert
          ? await tx<ObjectRow[]>`
              insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
              values (${opts.bucket}, ${opts.key}, ${owner}, ${owner_id}, ${meta}, ${umeta}, ${version})
              on conflict (bucket_id, name) do update set
                owner = excluded.owner, owner_id = excluded.owner_id, metadata = excluded.metadata,
                user_metadata = excluded.user_metadata, version = excluded.version,
                last_accessed_at = now()
              returning *`
          : await tx<ObjectRow[]>`
              insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
              values (${opts.bucket}, ${opts.key}, ${owner}, ${owner_id}, ${meta}, ${umeta}, ${version})
              returning *`;
        if (opts.tmpPath) await store.commit(opts.tmpPath, version);
        else if (opts.copyFromVersion) await store.copy(opts.copyFromVersion, version);
        placed = true;
        return rows[0];
      });
      if (oldVersion && oldVersion !== version) await store.remove(oldVersion);
      return row;
    } catch (err) {
      if (placed) await store.remove(version);
      if (opts.tmpPath) await store.discard(opts.tmpPath);
      throw err;
    }
  }

  function objectMetadata(size: number, md5: string, mimetype: string, cacheControl: string, enc?: string) {
    return {
      eTag: `"${md5}"`,
      size,
      mimetype,
      cacheControl,
      lastModified: new Date().toISOString(),
      contentLength: size,
      httpStatusCode: 200,
      ...(enc ? { contentEncoding: enc } : {}),
    };
  }

  // ---------------------------------------------------------------- uploads

  async function upload(
    req: IncomingMessage,
    res: ServerResponse,
    opts: {
      bucket: string;
      key: string;
      upsert: boolean;
      /** The caller whose RLS decides; undefined for signed uploads (checked when signing). */
      caller: Caller | undefined;
      sub: string | undefined;
      info: RequestInfo;
      respond: (row: ObjectRow) => unknown;
    },
  ): Promise<void> {
    try {
      mustBeValidKey(opts.key);
      const bucket = await adminBucket(opts.bucket);
      const bucketLimit = bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit);
      const limit = Math.min(globalLimit, bucketLimit);
      if (opts.caller) {
        let headerMeta: Record<string, unknown> | null = null;
        const h = req.headers['x-metadata'];
        if (typeof h === 'string' && h) {
          try {
            headerMeta = JSON.parse(Buffer.from(h, 'base64').toString('utf8')) as Record<string, unknown>;
          } catch {}
        }
        await probeWrite(opts.caller, opts.info, opts.bucket, opts.key, opts.upsert, headerMeta);
      } else if (!opts.upsert) {
        const exists =
          await db.sql`select 1 from storage.objects where bucket_id = ${opts.bucket} and name = ${opts.key}`;
        if (exists.length) throw ERR.keyExists();
      }
      const body = await receiveUpload(req, store, {
        limit,
        checkMime: (mime) => {
          if (!mimeAllowed(mime, bucket.allowed_mime_types)) throw ERR.invalidMime(mime);
        },
      });
      const row = await finalizeWrite({
        bucket: opts.bucket,
        key: opts.key,
        upsert: opts.upsert,
        sub: opts.sub,
        tmpPath: body.file.tmpPath,
        metadata: objectMetadata(body.file.size, body.file.md5, body.mimetype, body.cacheControl, body.contentEncoding),
        userMetadata: body.userMetadata,
      });
      sendJson(res, 200, opts.respond(row));
    } catch (err) {
      if ((req.destroyed && !req.complete) || (err as Error).name === 'AbortError') {
        // The client went away mid-upload: nothing was kept, nobody to answer.
        res.destroy();
        return;
      }
      if (!req.complete) drain(req);
      throw err;
    }
  }

  // ---------------------------------------------------------------- downloads

  async function serveObject(
    req: IncomingMessage,
    res: ServerResponse,
    row: ObjectRow,
    url: URL,
    extraHeaders: Record<string, string> = {},
  ): Promise<void> {
    const file = store.pathOf(row.version);
    const size = row.version ? await store.size(row.version) : undefined;
    if (!file || size === undefined) throw ERR.noSuchKey();
    const meta = row.metadata ?? {};
    const etag = typeof meta.eTag === 'string' ? meta.eTag : `"${row.version}"`;
    const lastModified = new Date(typeof meta.lastModified === 'string' ? meta.lastModified : row.updated_at);
    lastModified.setMilliseconds(0);
    const headers: Record<string, string> = {
      'content-type': typeof meta.mimetype === 'string' ? meta.mimetype : 'application/octet-stream',
      'cache-control': typeof meta.cacheControl === 'string' ? meta.cacheControl : 'no-cache',
      etag,
      'last-modified': httpDate(lastModified),
      'accept-ranges': 'bytes',
      ...extraHeaders,
    };
    if (typeof meta.contentEncoding === 'string') headers['content-encoding'] = meta.contentEncoding;
    if (url.searchParams.has('download')) {
      headers['content-disposition'] = contentDisposition(
        url.searchParams.get('download') || (row.name.split('/').pop() ?? row.name),
      );
    }

    // Conditional requests (RFC 9110 §13).
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    const etagList = (h: string) => h.split(',').map((s) => s.trim().replace(/^W\//, ''));
    if (ifMatch && ifMatch !== '*' && !etagList(ifMatch).includes(etag)) {
      res.writeHead(412, headers).end();
      return;
    }
    const ius = req.headers['if-unmodified-since'];
    if (!ifMatch && ius && lastModified.getTime() > Date.parse(ius)) {
      res.writeHead(412, headers).end();
      return;
    }
    if (ifNoneMatch) {
      if (ifNoneMatch === '*' || etagList(ifNoneMatch).includes(etag)) {
        res.writeHead(304, headers).end();
        return;
      }
    } else {
      const ims = req.headers['if-modified-since'];
      if (ims && !Number.isNaN(Date.parse(ims)) && lastModified.getTime() <= Date.parse(ims)) {
        res.writeHead(304, headers).end();
        return;
      }
    }

    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = req.headers.range;
    const ifRange = req.headers['if-range'] as string | undefined;
    const rangeApplies = range && (!ifRange || ifRange === etag || Date.parse(ifRange) >= lastModified.getTime());
    if (rangeApplies) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      let ok = !!m && (m[1] !== '' || m[2] !== '');
      if (m && ok) {
        if (m[1] === '') {
          const suffix = Number(m[2]);
          start = Math.max(0, size - suffix);
          ok = suffix > 0;
        } else {
          start = Number(m[1]);
          end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
          ok = start <= end && start < size;
        }
      }
      if (!ok) {
        res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
    headers['content-length'] = String(size === 0 ? 0 : end - start + 1);
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    await pipeline(createReadStream(file, { start, end }), res).catch(() => {});
  }

  /** `/object/{b}/{p}` and `/object/info/{b}/{p}`: public buckets bypass RLS, else the caller's. */
  async function findForRead(
    route: RouteInfo,
    info: RequestInfo,
    bucketId: string,
    key: string,
    mode: 'auto' | 'authenticated' | 'public',
  ): Promise<ObjectRow> {
    mustBeValidKey(key);
    if (mode === 'public') {
      const b = await db.sql<{ public: boolean }[]>`select public from storage.buckets where id = ${bucketId}`;
      if (!b.length || !b[0].public) throw ERR.noSuchBucket();
      return adminObject(bucketId, key);
    }
    if (mode === 'auto') {
      const b = await db.sql<{ public: boolean }[]>`select public from storage.buckets where id = ${bucketId}`;
      if (!b.length) throw ERR.noSuchBucket();
      if (b[0].public) return adminObject(bucketId, key);
      const caller = await resolveCaller(route, false);
      if (!caller) throw ERR.noSuchBucket();
      return userObject(caller, info, bucketId, key, 'storage.object.get');
    }
    const caller = (await resolveCaller(route, true)) as Caller;
    return userObject(caller, info, bucketId, key, 'storage.object.get_authenticated');
  }

  function infoJson(row: ObjectRow) {
    const meta = row.metadata ?? {};
    return {
      id: row.id,
      name: row.name,
      version: row.version,
      bucket_id: row.bucket_id,
      size: typeof meta.size === 'number' ? meta.size : null,
      content_type: meta.mimetype ?? null,
      cache_control: meta.cacheControl ?? null,
      content_encoding: meta.contentEncoding ?? null,
      etag: meta.eTag ?? null,
      metadata: row.user_metadata ?? {},
      last_modified: row.updated_at,
      created_at: row.created_at,
    };
  }

  // ---------------------------------------------------------------- signed URLs

  async function signUrl(payload: Record<string, unknown>, expiresIn: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return signHs256(ctx.keys, { ...payload, iat: now, exp: now + expiresIn });
  }

  async function verifySigned(token: string | null, expectedUrl: string): Promise<Record<string, unknown>> {
    if (!token) throw ERR.invalidSignature();
    let payload: Record<string, unknown>;
    try {
      payload = (await jwtVerify(token, ctx.keys.secret, { algorithms: ['HS256'] })).payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw ERR.expiredToken();
      throw ERR.invalidSignature();
    }
    if (payload.url !== expectedUrl) throw ERR.invalidSignature();
    return payload;
  }

  function parseExpiresIn(v: unknown): number {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 1) throw storageError(400, 'InvalidRequest', 'expiresIn must be a positive number');
    return Math.floor(n);
  }

  // ---------------------------------------------------------------- buckets

  async function bucketRoutes(req: IncomingMessage, res: ServerResponse, route: RouteInfo, parts: string[]) {
    const method = req.method ?? 'GET';
    const info = requestInfo(req, route);
    const id = parts[1] !== undefined ? decodeSegment(parts[1]) : undefined;

    if (id === undefined && method === 'GET') {
      const caller = (await resolveCaller(route, true)) as Caller;
      const q = route.url.searchParams;
      const limit = q.has('limit') ? Math.max(0, Number(q.get('limit')) || 0) : null;
      const offset = Math.max(0, Number(q.get('offset')) || 0);
      const sortColumn = ['id', 'name', 'created_at', 'updated_at'].includes(q.get('sortColumn') ?? '')
        ? (q.get('sortColumn') as string)
        : 'name';
      const sortOrder = q.get('sortOrder') === 'desc' ? 'desc' : 'asc';
      const search = q.get('search') ?? '';
      const rows = await db.asUser(
        caller,
        info,
        'storage.bucket.list',
        (tx) => tx<BucketRow[]>`
          select * from storage.buckets
          where ${search ? tx`name ilike ${`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : tx`true`}
          order by ${tx(sortColumn)} ${sortOrder === 'desc' ? tx`desc` : tx`asc`}
          ${limit !== null ? tx`limit ${limit}` : tx``} offset ${offset}`,
      );
      sendJson(res, 200, rows.map(bucketJson));
      return;
    }

    if (id === undefined && method === 'POST') {
      const caller = (await resolveCaller(route, true)) as Caller;
      const body = await readJson(req);
      const name = (body.name ?? body.id) as unknown;
      const bucketId = (body.id ?? name) as unknown;
      if (!isValidBucketName(bucketId) || !isValidBucketName(name)) throw ERR.invalidBucketName();
      const type = body.type === undefined ? 'STANDARD' : String(body.type).toUpperCase();
      if (type !== 'STANDARD') throw storageError(400, 'InvalidRequest', `Bucket type ${type} is not supported`);
      const { owner, owner_id } = ownerOf(caller.sub);
      const fileSizeLimit = parseFileSizeLimit(body.file_size_limit);
      const mimeTypes = parseMimeTypes(body.allowed_mime_types);
      try {
        await db.asUser(
          caller,
          info,
          'storage.bucket.create',
          (tx) => tx`
            insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
            values (${bucketId}, ${name}, ${owner}, ${owner_id}, ${body.public === true}, ${fileSizeLimit}, ${mimeTypes})`,
        );
      } catch (err) {
        if (err instanceof HttpError && (err.body as { code?: string }).code === 'KeyAlreadyExists') {
          throw ERR.bucketExists();
        }
        throw err;
      }
      sendJson(res, 200, { name: bucketId });
      return;
    }

    if (id === undefined) throw ERR.notFoundRoute(method, `/bucket`);
    const caller = (await resolveCaller(route, true)) as Caller;

    if (parts.length === 2 && method === 'GET') {
      const rows = await db.asUser(
        caller,
        info,
        'storage.bucket.get',
        (tx) => tx<BucketRow[]>`select * from storage.buckets where id = ${id}`,
      );
      if (!rows.length) throw ERR.noSuchBucket();
      sendJson(res, 200, bucketJson(rows[0]));
      return;
    }

    if (parts.length === 2 && method === 'PUT') {
      const body = await readJson(req);
      const sets: postgres.PendingQuery<postgres.Row[]>[] = [];
      const rows = await db.asUser(caller, info, 'storage.bucket.update', async (tx) => {
        if (body.public !== undefined) sets.push(tx`public = ${body.public === true}`);
        if (body.file_size_limit !== undefined) {
          sets.push(tx`file_size_limit = ${parseFileSizeLimit(body.file_size_limit)}`);
        }
        if (body.allowed_mime_types !== undefined) {
          sets.push(tx`allowed_mime_types = ${parseMimeTypes(body.allowed_mime_types)}`);
        }
        sets.push(tx`updated_at = now()`);
        const assignments = sets.reduce((acc, s, i) => (i === 0 ? s : tx`${acc}, ${s}`));
        return tx`update storage.buckets set ${assignments} where id = ${id} returning id`;
      });
      if (!rows.length) throw ERR.noSuchBucket();
      sendJson(res, 200, { message: 'Successfully updated' });
      return;
    }

    if (parts.length === 2 && method === 'DELETE') {
      await db.asUser(caller, info, 'storage.bucket.delete', async (tx) => {
        const found = await tx`select id from storage.buckets where id = ${id} for update`;
        if (!found.length) throw ERR.noSuchBucket();
        // Objects the caller cannot see still make the bucket non-empty.
        const any = await db.sql`select 1 from storage.objects where bucket_id = ${id} limit 1`;
        if (any.length) throw ERR.bucketNotEmpty();
        const deleted = await tx`delete from storage.buckets where id = ${id} returning id`;
        if (!deleted.length) throw ERR.noSuchBucket();
      });
      sendJson(res, 200, { message: 'Successfully deleted' });
      return;
    }

    if (parts.length === 3 && parts[2] === 'empty' && method === 'POST') {
      const versions = await db.asUser(caller, info, 'storage.bucket.empty', async (tx) => {
        const found = await tx`select id from storage.buckets where id = ${id}`;
        if (!found.length) throw ERR.noSuchBucket();
        const rows = await tx<{ version: string | null }[]>`
          delete from storage.objects where bucket_id = ${id} returning version`;
        return rows.map((r) => r.version);
      });
      for (const v of versions) await store.remove(v);
      sendJson(res, 200, { message: 'Empty bucket has been queued. Completion may take up to an hour.' });
      return;
    }

    throw ERR.notFoundRoute(method, route.path);
  }

  // ---------------------------------------------------------------- objects

  async function objectRoutes(req: IncomingMessage, res: ServerResponse, route: RouteInfo, rest: string) {
    const method = req.method ?? 'GET';
    const info = requestInfo(req, route);
    const first = rest.split('/')[0];
    const after = rest.slice(first.length + 1);

    // POST /object/list/{bucket}
    if (first === 'list' && method === 'POST' && after && !after.includes('/')) {
      const caller = (await resolveCaller(route, true)) as Caller;
      const bucketId = decodeSegment(after);
      const body = await readJson(req);
      let prefix = typeof body.prefix === 'string' ? body.prefix : '';
      if (prefix.includes('\0')) throw ERR.invalidKey(prefix);
      prefix = prefix.replace(/^\/+/, '');
      if (prefix && !prefix.endsWith('/')) prefix += '/';
      const limit = Math.min(Math.max(Number(body.limit ?? 100) || 100, 1), 1500);
      const offset = Math.max(Number(body.offset ?? 0) || 0, 0);
      const sortBy = (body.sortBy ?? {}) as { column?: string; order?: string };
      const search = typeof body.search === 'string' ? body.search : '';
      const levels = prefix ? prefix.split('/').length : 1;
      const rows = await db.asUser(
        caller,
        info,
        'storage.object.list',
        (tx) => tx`
          select * from storage.search(${prefix}, ${bucketId}, ${limit}, ${levels}, ${offset}, ${search},
            ${sortBy.column ?? 'name'}, ${sortBy.order ?? 'asc'})`,
      );
      sendJson(res, 200, rows);
      return;
    }

    // POST /object/move, /object/copy
    if ((first === 'move' || first === 'copy') && method === 'POST' && !after) {
      const caller = (await resolveCaller(route, true)) as Caller;
      const body = await readJson(req);
      const bucketId = body.bucketId;
      if (typeof bucketId !== 'string') throw storageError(400, 'InvalidRequest', 'bucketId is required');
      const sourceKey = mustBeValidKey(body.sourceKey);
      const destKey = mustBeValidKey(body.destinationKey);
      const destBucket = typeof body.destinationBucket === 'string' ? body.destinationBucket : bucketId;
      if (first === 'move') {
        const moved = await db.asUser(caller, info, 'storage.object.move', async (tx) => {
          const src = await tx<ObjectRow[]>`
            select * from storage.objects where bucket_id = ${bucketId} and name = ${sourceKey}`;
          if (!src.length) throw ERR.noSuchKey();
          if (destBucket !== bucketId || destKey !== sourceKey) {
            const b = await db.sql`select 1 from storage.buckets where id = ${destBucket}`;
            if (!b.length) throw ERR.noSuchBucket();
            const clash = await db.sql`
              select 1 from storage.objects where bucket_id = ${destBucket} and name = ${destKey}`;
            if (clash.length) throw ERR.keyExists();
          }
          const { owner, owner_id } = ownerOf(caller.sub);
          const rows = await tx<{ id: string }[]>`
            update storage.objects set bucket_id = ${destBucket}, name = ${destKey},
              owner = ${owner}, owner_id = ${owner_id}
            where id = ${src[0].id} returning id`;
          if (!rows.length) throw ERR.noSuchKey();
          return rows[0];
        });
        sendJson(res, 200, { message: 'Successfully moved', Id: moved.id, Key: `${destBucket}/${destKey}` });
        return;
      }
      const upsert = req.headers['x-upsert'] === 'true';
      const src = await userObject(caller, info, bucketId, sourceKey, 'storage.object.copy');
      if (!src.version || (await store.size(src.version)) === undefined) throw ERR.noSuchKey();
      const dest = await adminBucket(destBucket);
      const meta = src.metadata ?? {};
      if (typeof meta.mimetype === 'string' && !mimeAllowed(meta.mimetype, dest.allowed_mime_types)) {
        throw ERR.invalidMime(meta.mimetype);
      }
      const destLimit = Math.min(globalLimit, dest.file_size_limit === null ? Infinity : Number(dest.file_size_limit));
      if (typeof meta.size === 'number' && meta.size > destLimit) throw ERR.tooLarge();
      const userMetadata =
        body.copyMetadata === false
          ? body.metadata && typeof body.metadata === 'object'
            ? (body.metadata as Record<string, unknown>)
            : null
          : src.user_metadata;
      await probeWrite(caller, info, destBucket, destKey, upsert, userMetadata);
      const row = await finalizeWrite({
        bucket: destBucket,
        key: destKey,
        upsert,
        sub: caller.sub,
        copyFromVersion: src.version,
        metadata: { ...meta, lastModified: new Date().toISOString() },
        userMetadata,
      });
      sendJson(res, 200, { Id: row.id, Key: `${destBucket}/${destKey}`, ...row });
      return;
    }

    // /object/sign/...
    if (first === 'sign') {
      if (method === 'POST' && after && !after.includes('/')) {
        const caller = (await resolveCaller(route, true)) as Caller;
        const bucketId = decodeSegment(after);
        const body = await readJson(req);
        const expiresIn = parseExpiresIn(body.expiresIn);
        if (!Array.isArray(body.paths)) throw storageError(400, 'InvalidRequest', 'paths must be an array');
        const paths = (body.paths as unknown[]).filter((p): p is string => typeof p === 'string');
        const visible = await db.asUser(
          caller,
          info,
          'storage.object.sign_urls',
          (tx) => tx<{ name: string }[]>`
            select name from storage.objects
            where bucket_id = ${bucketId} and name = any(${paths.filter((p) => !p.includes('\0'))}::text[])`,
        );
        const found = new Set(visible.map((r) => r.name));
        const out = [];
        for (const p of paths) {
          if (found.has(p)) {
            const token = await signUrl({ url: `${bucketId}/${p}` }, expiresIn);
            out.push({ error: null, path: p, signedURL: `/object/sign/${bucketId}/${p}?token=${token}` });
          } else {
            out.push({
              error: 'Either the object does not exist or you do not have access to it',
              path: p,
              signedURL: null,
            });
          }
        }
        sendJson(res, 200, out);
        return;
      }
      const { bucket, key } = splitBucketKey(after);
      if (method === 'POST') {
        const caller = (await resolveCaller(route, true)) as Caller;
        mustBeValidKey(key);
        const body = await readJson(req);
        const expiresIn = parseExpiresIn(body.expiresIn);
        await userObject(caller, info, bucket, key, 'storage.object.sign');
        const token = await signUrl({ url: `${bucket}/${key}` }, expiresIn);
        sendJson(res, 200, { signedURL: `/object/sign/${bucket}/${key}?token=${token}` });
        return;
      }
      if (method === 'GET' || method === 'HEAD') {
        mustBeValidKey(key);
        await verifySigned(route.url.searchParams.get('token'), `${bucket}/${key}`);
        const row = await adminObject(bucket, key);
        await serveObject(req, res, row, route.url);
        return;
      }
    }

    // /object/upload/sign/{bucket}/{path}
    if (first === 'upload' && after.startsWith('sign/')) {
      const { bucket, key } = splitBucketKey(after.slice('sign/'.length));
      if (method === 'POST') {
        const caller = (await resolveCaller(route, true)) as Caller;
        mustBeValidKey(key);
        await adminBucket(bucket);
        const upsert = req.headers['x-upsert'] === 'true';
        await probeWrite(caller, info, bucket, key, upsert, null);
        const token = await signUrl({ owner: caller.sub, url: `${bucket}/${key}`, upsert }, UPLOAD_URL_TTL);
        const url = `/object/upload/sign/${bucket}/${key}?token=${token}`;
        sendJson(res, 200, { url, token });
        return;
      }
      if (method === 'PUT') {
        let payload: Record<string, unknown>;
        try {
          payload = await verifySigned(route.url.searchParams.get('token'), `${bucket}/${key}`);
        } catch (err) {
          drain(req);
          throw err;
        }
        const sub = typeof payload.owner === 'string' ? payload.owner : undefined;
        await upload(req, res, {
          bucket,
          key,
          upsert: payload.upsert === true,
          caller: undefined,
          sub,
          info,
          respond: (row) => ({ Key: `${bucket}/${key}`, Id: row.id }),
        });
        return;
      }
    }

    // /object/info/[authenticated|public/]{bucket}/{path}
    if (first === 'info' && (method === 'GET' || method === 'HEAD')) {
      let mode: 'auto' | 'authenticated' | 'public' = 'auto';
      let tail = after;
      if (tail.startsWith('authenticated/')) {
        mode = 'authenticated';
        tail = tail.slice('authenticated/'.length);
      } else if (tail.startsWith('public/')) {
        mode = 'public';
        tail = tail.slice('public/'.length);
      }
      const { bucket, key } = splitBucketKey(tail);
      const row = await findForRead(route, info, bucket, key, mode);
      sendJson(res, 200, infoJson(row));
      return;
    }

    // GET|HEAD /object/public|authenticated/{bucket}/{path}
    if ((first === 'public' || first === 'authenticated') && (method === 'GET' || method === 'HEAD')) {
      const { bucket, key } = splitBucketKey(after);
      const row = await findForRead(route, info, bucket, key, first);
      await serveObject(req, res, row, route.url);
      return;
    }

    // DELETE /object/{bucket}  {prefixes}
    if (method === 'DELETE' && !rest.includes('/')) {
      const caller = (await resolveCaller(route, true)) as Caller;
      const bucketId = decodeSegment(rest);
      const body = await readJson(req);
      if (!Array.isArray(body.prefixes)) throw storageError(400, 'InvalidRequest', 'prefixes must be an array');
      const names = (body.prefixes as unknown[]).filter((p): p is string => typeof p === 'string' && !p.includes('\0'));
      if (names.length > 1000) throw storageError(400, 'InvalidRequest', 'At most 1000 objects per request');
      const rows = await db.asUser(
        caller,
        info,
        'storage.object.delete_many',
        (tx) => tx<ObjectRow[]>`
          delete from storage.objects where bucket_id = ${bucketId} and name = any(${names}::text[]) returning *`,
      );
      for (const r of rows) await store.remove(r.version);
      sendJson(res, 200, rows);
      return;
    }

    // /object/{bucket}/{path}
    const { bucket, key } = splitBucketKey(rest);
    if (!key) throw ERR.notFoundRoute(method, route.path);
    if (method === 'GET' || method === 'HEAD') {
      const row = await findForRead(route, info, bucket, key, 'auto');
      await serveObject(req, res, row, route.url);
      return;
    }
    if (method === 'POST' || method === 'PUT') {
      let caller: Caller;
      try {
        caller = (await resolveCaller(route, true)) as Caller;
      } catch (err) {
        drain(req);
        throw err;
      }
      await upload(req, res, {
        bucket,
        key,
        upsert: method === 'PUT' || req.headers['x-upsert'] === 'true',
        caller,
        sub: caller.sub,
        info,
        respond: (row) => ({ Id: row.id, Key: `${bucket}/${key}` }),
      });
      return;
    }
    if (method === 'DELETE') {
      const caller = (await resolveCaller(route, true)) as Caller;
      mustBeValidKey(key);
      const rows = await db.asUser(
        caller,
        info,
        'storage.object.delete',
        (tx) => tx<ObjectRow[]>`
          delete from storage.objects where bucket_id = ${bucket} and name = ${key} returning *`,
      );
      if (!rows.length) throw ERR.noSuchKey();
      await store.remove(rows[0].version);
      sendJson(res, 200, { message: 'Successfully deleted' });
      return;
    }
    throw ERR.notFoundRoute(method, route.path);
  }

  return {
    handler: async (req, res, route) => {
      const p = route.path;
      if (p === '/status' || p === '/health') {
        sendJson(res, 200, { status: 'ok' });
        return;
      }
      if (p === '/version') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('devstack');
        return;
      }
      const parts = p.split('/').slice(1);
      if (parts[0] === 'bucket') {
        await bucketRoutes(req, res, route, parts);
        return;
      }
      if (parts[0] === 'object' && parts.length > 1) {
        await objectRoutes(req, res, route, p.slice('/object/'.length));
        return;
      }
      throw ERR.notFoundRoute(req.method ?? 'GET', p);
    },
  };
}
