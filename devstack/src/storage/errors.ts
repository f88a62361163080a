import { HttpError } from '../http.ts';

/**
 * Supabase Storage's error shape: the semantic status travels as a *string* `statusCode` in the body,
 * while the HTTP status is 400 for every 4xx (only 500s pass through). storage-js reads both.
 */
export function storageError(status: number, code: string, message: string, error?: string): HttpError {
  return new HttpError(status >= 500 ? status : 400, {
    statusCode: String(status),
    code,
    error: error ?? code,
    message,
  });
}

export const ERR = {
  noSuchBucket: () => storageError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  noSuchKey: () => storageError(404, 'NoSuchKey', 'Object not found', 'not_found'),
  keyExists: () => storageError(409, 'KeyAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketExists: () => storageError(409, 'BucketAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketNotEmpty: () => storageError(409, 'ResourceNotEmpty', 'The bucket you tried to delete is not empty'),
  accessDenied: (message: string) => storageError(403, 'AccessDenied', message, 'Unauthorized'),
  tooLarge: () =>
    storageError(413, 'EntityTooLarge', 'The object exceeded the maximum allowed size', 'Payload too large'),
  invalidMime: (mime: string) =>
    storageError(415, 'InvalidMimeType', `mime type ${mime} is not supported`, 'invalid_mime_type'),
  invalidKey: (key: string) => storageError(400, 'InvalidKey', `Invalid key: ${key}`),
  invalidBucketName: () => storageError(400, 'InvalidBucketName', 'Bucket name invalid', 'Invalid Input'),
  invalidRequest: (message: string) => storageError(400, 'InvalidRequest', message),
  invalidSignature: () => storageError(400, 'InvalidSignature', 'Invalid signature'),
  expiredToken: () => storageError(400, 'ExpiredToken', 'The provided token has expired.'),
  notFoundRoute: (method: string, path: string) =>
    new HttpError(404, { statusCode: '404', error: 'Not Found', message: `Route ${method}:${path} not found` }),
  internal: (message = 'Internal server error') => storageError(500, 'InternalError', message),
};

// Object keys: any UTF-8 except controls, S3's "characters to avoid" and invisible glyphs (the rule
// Supabase Storage applies), no `.`/`..` segments, at most 1024 UTF-8 bytes.
const REJECTED_CHARS = /[\u0000-\u001f\u007f-\u009f#[\]{}^`"<>\\|%~]/;
/** Invisible / direction-override glyphs that could spoof a path (U+034F is a combining mark). */
const INVISIBLE_CHARS = /[\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|\u034f/;
const TRAVERSAL = /(^|\/)\.{1,2}(\/|$)/;

export function isValidKey(key: unknown): key is string {
  return (
    typeof key === 'string' &&
    key.length > 0 &&
    !REJECTED_CHARS.test(key) &&
    !INVISIBLE_CHARS.test(key) &&
    !TRAVERSAL.test(key) &&
    Buffer.byteLength(key) <= 1024
  );
}

export function mustBeValidKey(key: unknown): string {
  if (!isValidKey(key)) throw ERR.invalidKey(typeof key === 'string' ? key : '');
  return key;
}

const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]+$/;

export function isValidBucketName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length < 101 && VALID_BUCKET_NAME.test(name);
}

/** Postgres error → Storage error, for the SQLSTATEs user-scoped queries produce. */
export function fromDbError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { code?: string; message?: string; constraint_name?: string };
  switch (e.code) {
    case '42501':
      return ERR.accessDenied(e.message ?? 'new row violates row-level security policy');
    case '23505':
      return ERR.keyExists();
    case '23503':
      return ERR.noSuchBucket();
    case '22P02':
    case '22021':
    case '22023':
      return ERR.invalidRequest(e.message ?? 'invalid input');
    default:
      if (e.code) return storageError(500, 'DatabaseError', e.message ?? 'database error');
      throw err;
  }
}
