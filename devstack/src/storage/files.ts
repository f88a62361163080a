import { createHash, randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The byte store. Objects live at `<root>/objects/<v0v1>/<version>` where `version` is a UUID devstack
 * generates for every write (the `storage.objects.version` column). No part of a user-supplied name
 * ever reaches a filesystem path, so nothing can be written outside the root whatever the key says.
 * Uploads stream into `<root>/tmp/` and are renamed into place only when complete, so a failed or
 * aborted upload never leaves a partial object behind.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class SizeLimitError extends Error {}

export interface WrittenFile {
  tmpPath: string;
  size: number;
  md5: string;
}

export class FileStore {
  readonly root: string;
  readonly tmpDir: string;
  constructor(root: string) {
    this.root = root;
    this.tmpDir = path.join(root, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(path.join(this.root, 'objects'), { recursive: true });
    // Leftovers of uploads interrupted by a crash are never referenced by a row: drop them.
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  newVersion(): string {
    return randomUUID();
  }

  /** The file holding `version`, or undefined for a version string devstack did not generate. */
  pathOf(version: string | null | undefined): string | undefined {
    if (!version || !UUID.test(version)) return undefined;
    return path.join(this.root, 'objects', version.slice(0, 2), version);
  }

  /** Streams `source` into a temp file, failing with SizeLimitError past `limit` bytes. */
  async writeTemp(source: Readable, limit: number, signal?: AbortSignal): Promise<WrittenFile> {
    const tmpPath = path.join(this.tmpDir, randomUUID());
    const hash = createHash('md5');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > limit) {
          cb(new SizeLimitError('too large'));
          return;
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    // The source is piped, not handed to pipeline(): on failure it must stay open (the request
    // socket carries our error response), the caller drains it instead.
    const onSourceError = (err: Error) => meter.destroy(err);
    source.on('error', onSourceError);
    source.pipe(meter);
    try {
      await pipeline(meter, createWriteStream(tmpPath, { flags: 'wx' }), { signal });
    } catch (err) {
      source.unpipe(meter);
      await unlink(tmpPath).catch(() => {});
      throw err;
    } finally {
      source.off('error', onSourceError);
    }
    return { tmpPath, size, md5: hash.digest('hex') };
  }

  /** Moves a finished temp file to its version's place. */
  async commit(tmpPath: string, version: string): Promise<void> {
    const dest = this.pathOf(version);
    if (!dest) throw new Error(`invalid version ${version}`);
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(tmpPath, dest);
  }

  /** Copies the bytes of one version to a new one (reflink where the filesystem supports it). */
  async copy(fromVersion: string, toVersion: string): Promise<void> {
    const src = this.pathOf(fromVersion);
    const dest = this.pathOf(toVersion);
    if (!src || !dest) throw new Error('invalid version');
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(src, dest, constants.COPYFILE_FICLONE);
  }

  async remove(version: string | null | undefined): Promise<void> {
    const p = this.pathOf(version);
    if (p) await unlink(p).catch(() => {});
  }

  async discard(tmpPath: string): Promise<void> {
    await unlink(tmpPath).catch(() => {});
  }

  async size(version: string): Promise<number | undefined> {
    const p = this.pathOf(version);
    if (!p) return undefined;
    try {
      return (await stat(p)).size;
    } catch {
      return undefined;
    }
  }
}
