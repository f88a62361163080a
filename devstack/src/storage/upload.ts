import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { ERR } from './errors.ts';
import { type FileStore, SizeLimitError, type WrittenFile } from './files.ts';

/** What an upload request carries besides the bytes. */
export interface UploadedBody {
  file: WrittenFile;
  mimetype: string;
  cacheControl: string;
  contentEncoding: string | undefined;
  userMetadata: Record<string, unknown> | null;
}

export interface UploadRules {
  limit: number;
  /** Throws the Storage error for a disallowed MIME type. */
  checkMime: (mime: string) => void;
}

function parseJsonObject(text: string | undefined, what: string): Record<string, unknown> | null {
  if (text === undefined || text === '') return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw ERR.invalidRequest(`Invalid ${what}: must be a JSON object`);
}

/** Makes the client's remaining body drain (so it can read our error) without keeping it. */
export function drain(req: IncomingMessage): void {
  req.unpipe();
  req.resume();
}

function abortSignalFor(req: IncomingMessage): AbortSignal {
  const ac = new AbortController();
  req.once('close', () => {
    if (!req.complete) ac.abort(new Error('client aborted the upload'));
  });
  req.once('error', (e) => ac.abort(e));
  return ac.signal;
}

function mapWriteError(err: unknown): unknown {
  return err instanceof SizeLimitError ? ERR.tooLarge() : err;
}

/**
 * Streams an upload body (multipart/form-data as storage-js sends Blobs/FormData, or a raw body) to
 * a temp file, enforcing the size limit and MIME allowlist while streaming. Never buffers the body.
 */
export async function receiveUpload(req: IncomingMessage, store: FileStore, rules: UploadRules): Promise<UploadedBody> {
  const contentType = req.headers['content-type'] ?? '';
  const signal = abortSignalFor(req);
  if (!/^multipart\/form-data/i.test(contentType)) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > rules.limit) throw ERR.tooLarge();
    const mimetype = contentType || 'application/octet-stream';
    rules.checkMime(mimetype);
    const metaHeader = req.headers['x-metadata'];
    let userMetadata: Record<string, unknown> | null = null;
    if (typeof metaHeader === 'string' && metaHeader) {
      userMetadata = parseJsonObject(Buffer.from(metaHeader, 'base64').toString('utf8'), 'x-metadata header');
    }
    try {
      const file = await store.writeTemp(req, rules.limit, signal);
      return {
        file,
        mimetype,
        cacheControl: (req.headers['cache-control'] as string | undefined) || 'no-cache',
        contentEncoding: req.headers['content-encoding'] as string | undefined,
        userMetadata,
      };
    } catch (err) {
      throw mapWriteError(err);
    }
  }

  return new Promise<UploadedBody>((resolve, reject) => {
    let settled = false;
    const fields: Record<string, string> = {};
    let pending: Promise<UploadedBody> | undefined;
    let bb: busboy.Busboy;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      bb.removeAllListeners();
      bb.on('error', () => {});
      reject(mapWriteError(err));
    };
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 32, fieldSize: 1024 * 1024 } });
    } catch (err) {
      reject(ERR.invalidRequest((err as Error).message));
      return;
    }
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (_name: string, stream: Readable, info: busboy.FileInfo) => {
      if (pending) {
        stream.resume();
        return;
      }
      pending = (async () => {
        const mimetype = info.mimeType || 'application/octet-stream';
        rules.checkMime(mimetype);
        const userMetadata = parseJsonObject(fields.metadata, 'metadata');
        const cacheTime = fields.cacheControl;
        const file = await store.writeTemp(stream, rules.limit, signal);
        return {
          file,
          mimetype,
          cacheControl: cacheTime ? `max-age=${cacheTime}` : 'no-cache',
          contentEncoding: fields.contentEncoding || undefined,
          userMetadata,
        };
      })();
      pending.catch((err) => {
        stream.resume();
        fail(err);
      });
    });
    bb.on('close', () => {
      if (!pending) {
        fail(ERR.invalidRequest('No file was found in the request (expected a multipart file field)'));
        return;
      }
      pending.then(
        (r) => {
          if (settled) {
            void store.discard(r.file.tmpPath);
            return;
          }
          settled = true;
          resolve(r);
        },
        () => {},
      );
    });
    bb.on('error', (err) => fail(ERR.invalidRequest(`Malformed multipart body: ${(err as Error).message}`)));
    signal.addEventListener('abort', () => fail(signal.reason));
    req.pipe(bb);
  });
}
