import type { StorageApiError } from '@supabase/storage-js';
import { describe, expect, it } from 'vitest';
import { adminClient, client } from '../helpers.ts';
import { createUser, uniqueName } from '../storage-helpers.ts';

describe('storage buckets', () => {
  it('creates, gets, lists, updates and deletes a bucket (service role)', async () => {
    const s = adminClient().storage;
    const id = uniqueName('bkt');
    const created = await s.createBucket(id, {
      public: false,
      fileSizeLimit: '1MB',
      allowedMimeTypes: ['image/png'],
    });
    expect(created).toEqual({ data: { name: id }, error: null });

    const got = await s.getBucket(id);
    expect(got.error).toBeNull();
    expect(got.data).toMatchObject({
      id,
      name: id,
      public: false,
      type: 'STANDARD',
      file_size_limit: 1_000_000,
      allowed_mime_types: ['image/png'],
    });
    expect(typeof got.data?.created_at).toBe('string');

    const list = await s.listBuckets();
    expect(list.data?.map((b) => b.id)).toContain(id);
    const searched = await s.listBuckets({ search: id.slice(0, 12), sortColumn: 'created_at', sortOrder: 'desc' });
    expect(searched.data?.some((b) => b.id === id)).toBe(true);

    const updated = await s.updateBucket(id, { public: true, fileSizeLimit: 2048, allowedMimeTypes: ['text/*'] });
    expect(updated).toEqual({ data: { message: 'Successfully updated' }, error: null });
    const after = await s.getBucket(id);
    expect(after.data).toMatchObject({ public: true, file_size_limit: 2048, allowed_mime_types: ['text/*'] });

    const del = await s.deleteBucket(id);
    expect(del).toEqual({ data: { message: 'Successfully deleted' }, error: null });
    const gone = await s.getBucket(id);
    expect((gone.error as StorageApiError).statusCode).toBe('404');
  });

  it('rejects a duplicate bucket with BucketAlreadyExists (HTTP 400, statusCode "409")', async () => {
    const s = adminClient().storage;
    const id = uniqueName('dup');
    await s.createBucket(id);
    const again = await s.createBucket(id);
    const err = again.error as StorageApiError;
    expect(err.status).toBe(400);
    expect(err.statusCode).toBe('409');
    expect(err.code).toBe('BucketAlreadyExists');
    await s.deleteBucket(id);
  });

  it('rejects invalid bucket names', async () => {
    const { error } = await adminClient().storage.createBucket('bad/name');
    expect((error as StorageApiError).code).toBe('InvalidBucketName');
  });

  it('refuses to delete a non-empty bucket, empties it, then deletes it', async () => {
    const s = adminClient().storage;
    const id = uniqueName('full');
    await s.createBucket(id);
    await s.from(id).upload('a/one.txt', 'one');
    await s.from(id).upload('two.txt', 'two');
    const refused = await s.deleteBucket(id);
    expect((refused.error as StorageApiError).code).toBe('ResourceNotEmpty');
    expect((refused.error as StorageApiError).statusCode).toBe('409');
    const emptied = await s.emptyBucket(id);
    expect(emptied.data?.message).toMatch(/Empty bucket has been queued/);
    expect((await s.from(id).list()).data).toEqual([]);
    expect((await s.deleteBucket(id)).error).toBeNull();
  });

  it('answers NoSuchBucket for a missing bucket', async () => {
    const s = adminClient().storage;
    const got = await s.getBucket('does-not-exist');
    expect((got.error as StorageApiError).code).toBe('NoSuchBucket');
    const up = await s.from('does-not-exist').upload('x.txt', 'x');
    expect((up.error as StorageApiError).code).toBe('NoSuchBucket');
    expect((up.error as StorageApiError).status).toBe(400);
    expect((await s.emptyBucket('does-not-exist')).error).toBeTruthy();
  });

  it('applies RLS on storage.buckets: users and anon cannot create buckets, listing is filtered', async () => {
    const user = await createUser('bkt');
    const denied = await user.client.storage.createBucket(uniqueName('nope'));
    const err = denied.error as StorageApiError;
    expect(err.code).toBe('AccessDenied');
    expect(err.statusCode).toBe('403');
    expect(err.message).toMatch(/row-level security/);
    const anonDenied = await client().storage.createBucket(uniqueName('nope'));
    expect((anonDenied.error as StorageApiError).statusCode).toBe('403');
    // No SELECT policy on storage.buckets in the fixture: users see no buckets.
    expect((await user.client.storage.listBuckets()).data).toEqual([]);
  });

  it('rejects an invalid JWT with AccessDenied', async () => {
    const c = client('not-a-jwt');
    const { error } = await c.storage.listBuckets();
    expect((error as StorageApiError).statusCode).toBe('403');
  });
});
