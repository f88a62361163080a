import path from 'node:path';
import type { StorageApiError } from '@supabase/storage-js';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, adminClient, apiUrl, client, JWT_SECRET, SERVICE_ROLE_KEY, sql } from '../helpers.ts';
import { createUser, listFiles, mintToken, type TestUser, testDataDir, uniqueName } from '../storage-helpers.ts';

let a: TestUser;
let b: TestUser;

beforeAll(async () => {
  [a, b] = await Promise.all([createUser('stor-a'), createUser('stor-b')]);
});

const code = (e: unknown) => (e as StorageApiError | null)?.code;

async function objectCount(bucket: string, name: string): Promise<number> {
  const db = sql();
  try {
    const [{ n }] =
      await db`select count(*)::int as n from storage.objects where bucket_id = ${bucket} and name = ${name}`;
    return n;
  } finally {
    await db.end();
  }
}

describe('storage RLS (fixture policies: each user owns the folder named after their id)', () => {
  it('lets users write, read, list and delete in their own folder only', async () => {
    const mine = `${a.id}/${uniqueName('doc')}.txt`;
    const up = await a.client.storage.from('fx-private').upload(mine, 'secret of A');
    expect(up.error).toBeNull();
    expect(await (await a.client.storage.from('fx-private').download(mine)).data?.text()).toBe('secret of A');

    // B cannot read, see in a list, sign, overwrite, move or delete A's object.
    const read = await b.client.storage.from('fx-private').download(mine);
    expect(read.error).toBeTruthy();
    expect(code((await b.client.storage.from('fx-private').info(mine)).error)).toBe('NoSuchKey');
    expect((await b.client.storage.from('fx-private').list(a.id)).data).toEqual([]);
    expect(code((await b.client.storage.from('fx-private').createSignedUrl(mine, 60)).error)).toBe('NoSuchKey');
    const over = await b.client.storage.from('fx-private').upload(mine, 'hijack', { upsert: true });
    expect(code(over.error)).toBe('AccessDenied');
    expect((over.error as StorageApiError).statusCode).toBe('403');
    const upd = await b.client.storage.from('fx-private').update(mine, 'hijack');
    expect(code(upd.error)).toBe('AccessDenied');
    expect(code((await b.client.storage.from('fx-private').move(mine, `${b.id}/stolen.txt`)).error)).toBe('NoSuchKey');
    expect((await b.client.storage.from('fx-private').remove([mine])).data).toEqual([]);
    // B cannot write into A's folder either.
    expect(code((await b.client.storage.from('fx-private').upload(`${a.id}/planted.txt`, 'x')).error)).toBe(
      'AccessDenied',
    );
    expect(await objectCount('fx-private', `${a.id}/planted.txt`)).toBe(0);

    // Still intact for A; the anon key sees nothing.
    expect(await (await a.client.storage.from('fx-private').download(mine)).data?.text()).toBe('secret of A');
    expect((await client().storage.from('fx-private').list(a.id)).data).toEqual([]);
    expect((await client().storage.from('fx-private').download(mine)).error).toBeTruthy();

    const listed = await a.client.storage.from('fx-private').list(a.id);
    expect(listed.data?.map((r) => r.name)).toContain(mine.split('/')[1]);
    const removed = await a.client.storage.from('fx-private').remove([mine]);
    expect(removed.data?.map((r) => r.name)).toEqual([mine]);
  });

  it('needs INSERT only for uploads, but INSERT + SELECT + UPDATE for upserts', async () => {
    const p = `${a.id}/${uniqueName('ins')}.txt`;
    const first = await a.client.storage.from('fx-insert-only').upload(p, 'v1');
    expect(first.error).toBeNull();
    const upsert = await a.client.storage.from('fx-insert-only').upload(p, 'v2', { upsert: true });
    expect(code(upsert.error)).toBe('AccessDenied');
    const fresh = await a.client.storage.from('fx-insert-only').upload(`${a.id}/${uniqueName('new')}.txt`, 'x', {
      upsert: true,
    });
    expect(code(fresh.error)).toBe('AccessDenied');
  });

  it('serves public buckets to anyone (RLS bypassed) and keeps writes behind policies', async () => {
    const p = `${a.id}/${uniqueName('avatar')}.txt`;
    expect((await a.client.storage.from('fx-public').upload(p, 'public bytes')).error).toBeNull();
    const { publicUrl } = client().storage.from('fx-public').getPublicUrl(p).data;
    const noToken = await fetch(publicUrl);
    expect(noToken.status).toBe(200);
    expect(await noToken.text()).toBe('public bytes');
    const asB = await b.client.storage.from('fx-public').download(p);
    expect(await asB.data?.text()).toBe('public bytes');
    const plain = await fetch(`${apiUrl()}/storage/v1/object/fx-public/${p}`);
    expect(plain.status).toBe(200);
    await plain.arrayBuffer();
    const dl = await fetch(client().storage.from('fx-public').getPublicUrl(p, { download: 'me.txt' }).data.publicUrl);
    expect(dl.headers.get('content-disposition')).toMatch(/attachment; filename="me.txt"/);
    await dl.arrayBuffer();
    // ... but a private bucket is not reachable through /object/public.
    const priv = await fetch(`${apiUrl()}/storage/v1/object/public/fx-private/${p}`);
    expect(priv.status).toBe(400);
    expect(await priv.json()).toMatchObject({ statusCode: '404', code: 'NoSuchBucket' });
    // Anonymous writes are refused.
    expect(code((await client().storage.from('fx-public').upload(`${a.id}/anon.txt`, 'x')).error)).toBe('AccessDenied');
  });

  it('signed URLs work without a token until they expire; tampered and expired tokens fail', async () => {
    const p = `${a.id}/${uniqueName('signed')}.txt`;
    await a.client.storage.from('fx-private').upload(p, 'signed bytes');
    const { data, error } = await a.client.storage.from('fx-private').createSignedUrl(p, 2);
    expect(error).toBeNull();
    const ok = await fetch(data?.signedUrl as string);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('signed bytes');
    const withDownload = await a.client.storage.from('fx-private').createSignedUrl(p, 60, { download: true });
    const dl = await fetch(withDownload.data?.signedUrl as string);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment/);
    await dl.arrayBuffer();

    const url = new URL(data?.signedUrl as string);
    const token = url.searchParams.get('token') as string;
    const [h, payload, sig] = token.split('.');
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), url: `fx-private/${b.id}/x` }),
    ).toString('base64url');
    url.searchParams.set('token', `${h}.${tamperedPayload}.${sig}`);
    const tampered = await fetch(url);
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ code: 'InvalidSignature' });

    // A validly signed token for another path does not open this one.
    const other = await new SignJWT({ url: 'fx-private/other.txt' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    url.searchParams.set('token', other);
    expect(await (await fetch(url)).json()).toMatchObject({ code: 'InvalidSignature' });

    await new Promise((r) => setTimeout(r, 3100));
    const expired = await fetch(data?.signedUrl as string);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ statusCode: '400', code: 'ExpiredToken' });
  });

  it('signs several URLs at once, reporting the invisible ones', async () => {
    const p = `${a.id}/${uniqueName('multi')}.txt`;
    await a.client.storage.from('fx-private').upload(p, 'multi');
    const { data } = await b.client.storage.from('fx-private').createSignedUrls([p], 60);
    expect(data?.[0]).toMatchObject({ path: p, signedUrl: null });
    expect(data?.[0].error).toMatch(/does not exist or you do not have access/);
    const mine = await a.client.storage.from('fx-private').createSignedUrls([p, `${a.id}/nope.txt`], 60);
    expect(mine.data?.[0].error).toBeNull();
    expect(await (await fetch(mine.data?.[0].signedUrl as string)).text()).toBe('multi');
    expect(mine.data?.[1].signedUrl).toBeNull();
  });

  it('signed upload URLs check permission when signing and upload without a token', async () => {
    const p = `${a.id}/${uniqueName('presigned')}.txt`;
    const denied = await b.client.storage.from('fx-private').createSignedUploadUrl(p);
    expect(code(denied.error)).toBe('AccessDenied');
    const { data, error } = await a.client.storage.from('fx-private').createSignedUploadUrl(p);
    expect(error).toBeNull();
    expect(data?.signedUrl).toContain(`/object/upload/sign/fx-private/${p}?token=`);
    const anonymous = client();
    const up = await anonymous.storage.from('fx-private').uploadToSignedUrl(p, data?.token as string, 'via url');
    expect(up.error).toBeNull();
    expect(up.data?.fullPath).toBe(`fx-private/${p}`);
    expect(await (await a.client.storage.from('fx-private').download(p)).data?.text()).toBe('via url');
    const db = sql();
    const [row] = await db`select owner_id from storage.objects where bucket_id = 'fx-private' and name = ${p}`;
    await db.end();
    expect(row.owner_id).toBe(a.id);
    // Reusing the (non-upsert) token on an existing object fails; a token for another path too.
    const again = await anonymous.storage.from('fx-private').uploadToSignedUrl(p, data?.token as string, 'again');
    expect(code(again.error)).toBe('KeyAlreadyExists');
    const wrong = await anonymous.storage
      .from('fx-private')
      .uploadToSignedUrl(`${a.id}/other.txt`, data?.token as string, 'x');
    expect(code(wrong.error)).toBe('InvalidSignature');
  });

  it('rejects expired or forged user JWTs with AccessDenied', async () => {
    const expired = await mintToken(a.id, a.email, { expiresIn: -10 });
    const r = await fetch(`${apiUrl()}/storage/v1/object/list/fx-private`, {
      method: 'POST',
      headers: { apikey: ANON_KEY, authorization: `Bearer ${expired}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prefix: a.id }),
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied', error: 'Unauthorized' });
    const forged = await mintToken(a.id, a.email, { secret: 'not-the-secret-not-the-secret-xyz' });
    const f = await fetch(`${apiUrl()}/storage/v1/object/authenticated/fx-private/${a.id}/x.txt`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(await f.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied' });
  });
});

describe('storage input validation', () => {
  const authz = { apikey: ANON_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}` };
  const storageRoot = () => path.join(testDataDir(), 'storage');

  /** Uploads of parallel test files pass through tmp/; none may stay there. */
  async function expectNoTempFiles() {
    let left = listFiles(path.join(storageRoot(), 'tmp'));
    for (let i = 0; i < 30 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = new Set(listFiles(path.join(storageRoot(), 'tmp')));
      left = left.filter((f) => now.has(f));
    }
    expect(left).toEqual([]);
  }

  async function rawUpload(pathPart: string, body = 'evil') {
    return fetch(`${apiUrl()}/storage/v1/object/fx-private/${pathPart}`, {
      method: 'POST',
      headers: { ...authz, 'content-type': 'text/plain' },
      body,
    });
  }

  it('rejects traversal, encoded and double-encoded, null bytes and control characters', async () => {
    const before = new Set(listFiles(testDataDir()));
    const cases = [
      '..%2F..%2Fescape.txt',
      'a/..%2F..%2F..%2Fescape.txt',
      '%2E%2E%2Fescape.txt',
      '%252E%252E%252Fescape.txt',
      'a/%2e%2e/%2e%2e/escape.txt',
      'nul%00byte.txt',
      'line%0Abreak.txt',
      'tab%09.txt',
      'del%7F.txt',
      'bad%ZZ.txt',
    ];
    for (const c of cases) {
      const r = await rawUpload(c);
      const body = (await r.json()) as { code?: string; statusCode?: string; error?: string };
      if (r.status === 404) {
        // Dot segments (also %2e%2e) are resolved by URL parsing before routing, as Kong does:
        // `fx-private/a/../../escape.txt` becomes `/object/escape.txt`, which is no upload route.
        expect(body.error, c).toBe('Not Found');
      } else {
        expect(r.status, c).toBe(400);
        expect(['InvalidKey'], `${c}: ${JSON.stringify(body)}`).toContain(body.code);
      }
    }
    const viaClient = await adminClient().storage.from('fx-private').upload('../../escape.txt', 'x');
    expect(viaClient.error).toBeTruthy();
    const nul = await adminClient().storage.from('fx-private').upload('a\u0000b.txt', 'x');
    expect(code(nul.error)).toBe('InvalidKey');
    const ctl = await adminClient().storage.from('fx-private').upload('a\u0007b.txt', 'x');
    expect(code(ctl.error)).toBe('InvalidKey');
    // JSON routes validate keys too.
    const mv = await adminClient().storage.from('fx-private').move('a.txt', '../x.txt');
    expect(code(mv.error)).toBe('InvalidKey');

    const after = listFiles(testDataDir()).filter((f) => !before.has(f));
    const outside = after.filter((f) => !/^(storage|db|deno)\//.test(f));
    expect(outside).toEqual([]);
    expect(listFiles(path.dirname(testDataDir())).filter((f) => f.includes('escape'))).toEqual([]);
    const db = sql();
    const rows = await db`select name from storage.objects where name like '%escape%' or name like '%byte%'`;
    await db.end();
    expect(rows).toEqual([]);
  });

  it('enforces bucket size limits and MIME allowlists (raw and multipart), leaving nothing behind', async () => {
    const s = a.client.storage.from('fx-limited');
    const big = `${a.id}/${uniqueName('big')}.png`;
    const tooBig = await s.upload(big, Buffer.alloc(2048, 1), { contentType: 'image/png' });
    expect(code(tooBig.error)).toBe('EntityTooLarge');
    expect((tooBig.error as StorageApiError).statusCode).toBe('413');
    const tooBigBlob = await s.upload(big, new Blob([Buffer.alloc(4096, 1)], { type: 'image/png' }));
    expect(code(tooBigBlob.error)).toBe('EntityTooLarge');
    expect(await objectCount('fx-limited', big)).toBe(0);

    const gif = await s.upload(`${a.id}/x.gif`, Buffer.from('GIF89a'), { contentType: 'image/gif' });
    expect(code(gif.error)).toBe('InvalidMimeType');
    expect((gif.error as StorageApiError).statusCode).toBe('415');
    expect(gif.error?.message).toBe('mime type image/gif is not supported');
    const gifBlob = await s.upload(`${a.id}/y.gif`, new Blob(['GIF89a'], { type: 'image/gif' }));
    expect(code(gifBlob.error)).toBe('InvalidMimeType');

    expect((await s.upload(`${a.id}/ok.png`, Buffer.alloc(1024, 1), { contentType: 'image/png' })).error).toBeNull();
    expect((await s.upload(`${a.id}/ok.txt`, 'text/* matches')).error).toBeNull();
    await expectNoTempFiles();
  });

  it('drops an aborted upload without a row or a partial file', async () => {
    const http = await import('node:http');
    const name = `${a.id}/${uniqueName('aborted')}.bin`;
    const url = new URL(`${apiUrl()}/storage/v1/object/fx-private/${name}`);
    await new Promise<void>((resolve) => {
      const req = http.request(url, {
        method: 'POST',
        headers: {
          apikey: ANON_KEY,
          authorization: `Bearer ${a.token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(10 * 1024 * 1024),
        },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(256 * 1024, 7));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await objectCount('fx-private', name)).toBe(0);
    await expectNoTempFiles();
  });
});
