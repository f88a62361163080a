import type { StorageApiError } from '@supabase/storage-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, adminClient, apiUrl, sql } from '../helpers.ts';
import { uniqueName } from '../storage-helpers.ts';

const bucket = uniqueName('objs');
const s = () => adminClient().storage.from(bucket);

beforeAll(async () => {
  const { error } = await adminClient().storage.createBucket(bucket, { public: false });
  if (error) throw error;
});

afterAll(async () => {
  await adminClient().storage.emptyBucket(bucket);
  await adminClient().storage.deleteBucket(bucket);
});

describe('storage objects', () => {
  it('uploads a raw body with content type, cache control and metadata', async () => {
    const up = await s().upload('raw/hello.txt', Buffer.from('hello raw'), {
      contentType: 'text/markdown',
      cacheControl: '120',
      metadata: { purpose: 'test', n: 1 },
    });
    expect(up.error).toBeNull();
    expect(up.data).toMatchObject({ path: 'raw/hello.txt', fullPath: `${bucket}/raw/hello.txt` });
    expect(up.data?.id).toMatch(/^[0-9a-f-]{36}$/);

    const info = await s().info('raw/hello.txt');
    expect(info.error).toBeNull();
    expect(info.data).toMatchObject({
      name: 'raw/hello.txt',
      bucketId: bucket,
      size: 9,
      contentType: 'text/markdown',
      cacheControl: 'max-age=120',
      metadata: { purpose: 'test', n: 1 },
    });
    expect(info.data?.etag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('uploads a Blob as multipart (empty field name) with metadata', async () => {
    const blob = new Blob(['{"a":1}'], { type: 'application/json' });
    const up = await s().upload('multi/data.json', blob, { cacheControl: '60', metadata: { kind: 'blob' } });
    expect(up.error).toBeNull();
    const info = await s().info('multi/data.json');
    expect(info.data).toMatchObject({
      size: 7,
      contentType: 'application/json',
      cacheControl: 'max-age=60',
      metadata: { kind: 'blob' },
    });
    const dl = await s().download('multi/data.json');
    expect(await dl.data?.text()).toBe('{"a":1}');
    expect(dl.data?.type).toBe('application/json');
  });

  it('refuses to overwrite without upsert and overwrites with upsert / update()', async () => {
    await s().upload('over/x.txt', 'first');
    const dup = await s().upload('over/x.txt', 'second');
    const err = dup.error as StorageApiError;
    expect(err.status).toBe(400);
    expect(err.statusCode).toBe('409');
    expect(err.code).toBe('KeyAlreadyExists');
    expect(await (await s().download('over/x.txt')).data?.text()).toBe('first');

    const first = await s().info('over/x.txt');
    const ok = await s().upload('over/x.txt', 'second!', { upsert: true });
    expect(ok.error).toBeNull();
    expect(ok.data?.id).toBe(first.data?.id);
    expect(await (await s().download('over/x.txt')).data?.text()).toBe('second!');
    const upd = await s().update('over/x.txt', 'third');
    expect(upd.error).toBeNull();
    expect(await (await s().download('over/x.txt')).data?.text()).toBe('third');
  });

  it('downloads with Range, ETag/If-None-Match and If-Modified-Since', async () => {
    await s().upload('range/abc.txt', '0123456789');
    const url = `${apiUrl()}/storage/v1/object/${bucket}/range/abc.txt`;
    const auth = { apikey: ANON_KEY, authorization: `Bearer ${(await import('../helpers.ts')).SERVICE_ROLE_KEY}` };
    const full = await fetch(url, { headers: auth });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe('10');
    expect(full.headers.get('cache-control')).toBe('max-age=3600');
    const etag = full.headers.get('etag') as string;
    const lastModified = full.headers.get('last-modified') as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await full.text()).toBe('0123456789');

    const part = await fetch(url, { headers: { ...auth, range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await part.text()).toBe('2345');
    const suffix = await fetch(url, { headers: { ...auth, range: 'bytes=-3' } });
    expect(await suffix.text()).toBe('789');
    const bad = await fetch(url, { headers: { ...auth, range: 'bytes=50-60' } });
    expect(bad.status).toBe(416);
    await bad.arrayBuffer();

    const notModified = await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    const notModified2 = await fetch(url, { headers: { ...auth, 'if-modified-since': lastModified } });
    expect(notModified2.status).toBe(304);
    const changed = await fetch(url, { headers: { ...auth, 'if-none-match': '"other"' } });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();

    const head = await fetch(url, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
  });

  it('lists one folder level with folders as id:null rows, search, sort, limit and offset', async () => {
    for (const p of ['lst/b.txt', 'lst/a.txt', 'lst/sub/deep.txt', 'lst/sub2/x/y.txt', 'lst/c.txt']) {
      await s().upload(p, p);
    }
    const { data, error } = await s().list('lst');
    expect(error).toBeNull();
    expect(data?.map((r) => r.name)).toEqual(['sub', 'sub2', 'a.txt', 'b.txt', 'c.txt']);
    const folder = data?.find((r) => r.name === 'sub');
    expect(folder).toMatchObject({ id: null, updated_at: null, created_at: null, metadata: null });
    const file = data?.find((r) => r.name === 'a.txt');
    expect(file?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(file?.metadata).toMatchObject({ size: 9, mimetype: 'text/plain;charset=UTF-8' });

    expect((await s().list('lst', { limit: 2, offset: 1 })).data?.map((r) => r.name)).toEqual(['sub2', 'a.txt']);
    const desc = await s().list('lst', { sortBy: { column: 'name', order: 'desc' } });
    expect(desc.data?.map((r) => r.name)).toEqual(['sub2', 'sub', 'c.txt', 'b.txt', 'a.txt']);
    // search: case-insensitive name prefix inside the folder; LIKE wildcards are literal.
    for (const p of ['srch/Apple.txt', 'srch/apricot.txt', 'srch/banana.txt', 'srch/a_b.txt', 'srch/axb.txt']) {
      await s().upload(p, p);
    }
    const found = (await s().list('srch', { search: 'ap' })).data?.map((r) => r.name).sort();
    expect(found).toEqual(['Apple.txt', 'apricot.txt']);
    expect((await s().list('srch', { search: 'a_' })).data?.map((r) => r.name)).toEqual(['a_b.txt']);
    expect((await s().list('lst/sub')).data?.map((r) => r.name)).toEqual(['deep.txt']);
    expect((await s().list('nothing-here')).data).toEqual([]);
  });

  it('moves and copies objects (also across buckets), with metadata', async () => {
    await s().upload('mv/src.txt', 'move me', { metadata: { tag: 'm' } });
    const moved = await s().move('mv/src.txt', 'mv/dst.txt');
    expect(moved.data?.message).toBe('Successfully moved');
    expect((await s().download('mv/src.txt')).error).toBeTruthy();
    expect(await (await s().download('mv/dst.txt')).data?.text()).toBe('move me');

    const copied = await s().copy('mv/dst.txt', 'mv/copy.txt');
    expect(copied.data).toEqual({ path: `${bucket}/mv/copy.txt` });
    expect(await (await s().download('mv/copy.txt')).data?.text()).toBe('move me');
    expect((await s().info('mv/copy.txt')).data?.metadata).toEqual({ tag: 'm' });
    const copied2 = await s().copy('mv/dst.txt', 'mv/copy2.txt', {
      copyMetadata: false,
      metadata: { tag: 'new' } as never,
    });
    expect(copied2.error).toBeNull();
    expect((await s().info('mv/copy2.txt')).data?.metadata).toEqual({ tag: 'new' });

    const dup = await s().move('mv/dst.txt', 'mv/copy.txt');
    expect((dup.error as StorageApiError).code).toBe('KeyAlreadyExists');
    const missing = await s().move('mv/nope.txt', 'mv/z.txt');
    expect((missing.error as StorageApiError).code).toBe('NoSuchKey');

    const other = uniqueName('objs-dest');
    await adminClient().storage.createBucket(other);
    const across = await s().copy('mv/dst.txt', 'in-other.txt', { destinationBucket: other });
    expect(across.data?.path).toBe(`${other}/in-other.txt`);
    const moveAcross = await s().move('mv/copy2.txt', 'moved.txt', { destinationBucket: other });
    expect(moveAcross.error).toBeNull();
    expect(await (await adminClient().storage.from(other).download('moved.txt')).data?.text()).toBe('move me');
    await adminClient().storage.emptyBucket(other);
    await adminClient().storage.deleteBucket(other);
  });

  it('removes objects, returning only the deleted rows, and deletes the bytes', async () => {
    await s().upload('rm/a.txt', 'a');
    await s().upload('rm/b.txt', 'b');
    const db = sql();
    const [{ version }] =
      await db`select version from storage.objects where bucket_id = ${bucket} and name = 'rm/a.txt'`;
    await db.end();
    const { data, error } = await s().remove(['rm/a.txt', 'rm/b.txt', 'rm/missing.txt']);
    expect(error).toBeNull();
    expect(data?.map((r) => r.name).sort()).toEqual(['rm/a.txt', 'rm/b.txt']);
    expect((await s().remove(['rm/a.txt'])).data).toEqual([]);
    expect((await s().exists('rm/a.txt')).data).toBe(false);
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    const { testDataDir } = await import('../storage-helpers.ts');
    expect(existsSync(path.join(testDataDir(), 'storage', 'objects', version.slice(0, 2), version))).toBe(false);
  });

  it('exists() / info() report NoSuchKey for missing objects', async () => {
    expect((await s().exists('nope/missing.txt')).data).toBe(false);
    const info = await s().info('nope/missing.txt');
    expect((info.error as StorageApiError).code).toBe('NoSuchKey');
    expect((info.error as StorageApiError).statusCode).toBe('404');
    const dl = await s().download('nope/missing.txt');
    expect((dl.error as StorageApiError).status).toBe(400);
  });

  it('keeps unicode and spaces in names', async () => {
    const name = 'uni/héllo wörld 日本.txt';
    expect((await s().upload(name, 'u')).error).toBeNull();
    expect(await (await s().download(name)).data?.text()).toBe('u');
    expect((await s().list('uni')).data?.map((r) => r.name)).toEqual(['héllo wörld 日本.txt']);
  });
});
