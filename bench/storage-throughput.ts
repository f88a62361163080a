/**
 * Storage and Edge Function benchmark against an in-process devstack:
 * - upload and download of 1 MB and 100 MB objects through /storage/v1 (streamed from / to files),
 *   against a plain file copy of the same bytes in the same run (MB/s and ratio);
 * - peak RSS growth of the process during the 100 MB (and a 200 MB) upload;
 * - a trivial Edge Function's round trip p50/p99 when warm, and its cold start.
 *
 *   node bench/storage-throughput.ts
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../devstack/src/config.ts';
import { createLogger } from '../devstack/src/log.ts';
import { startDevstack } from '../devstack/src/server.ts';
import { pct } from './lib/stats.ts';

const MB = 1024 * 1024;
const WARM_N = Number(process.env.BENCH_N ?? 300);

async function makeFile(file: string, size: number): Promise<void> {
  const fh = await open(file, 'w');
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  for (let written = 0; written < size; written += MB) {
    await fh.write(chunk, 0, Math.min(MB, size - written));
  }
  await fh.close();
}

/** Samples RSS every 5 ms while `fn` runs; returns its duration and the peak RSS growth. */
async function measure(fn: () => Promise<void>): Promise<{ seconds: number; peakRssGrowth: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const t = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds: (performance.now() - t) / 1000, peakRssGrowth: peak - base };
}

const CHILD_UPLOADER = `
const [url, file, size, headers] = process.argv.slice(1);
const fs = require('node:fs');
const http = require('node:http');
const req = http.request(url, { method: 'POST', headers: { ...JSON.parse(headers), 'content-length': size } }, (res) => {
  let body = '';
  res.on('data', (c) => (body += c));
  res.on('end', () => { if (res.statusCode !== 200) { console.error(res.statusCode, body); process.exit(1); } });
});
fs.createReadStream(file).pipe(req);
`;

function uploadFromChild(url: string, file: string, size: number): Promise<void> {
  const headers = JSON.stringify({ ...auth, 'content-type': 'application/octet-stream', 'x-upsert': 'true' });
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', CHILD_UPLOADER, url, file, String(size), headers], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`upload child exited ${code}`))));
  });
}

const config = loadConfig({
  workdir: 'devstack/test/fixture',
  env: {
    ...process.env,
    DEVSTACK_API_PORT: '27521',
    DEVSTACK_DB_PORT: '27522',
    DEVSTACK_MAIL_PORT: '27524',
    DEVSTACK_DATA_DIR: '.devstack/bench-st',
    DEVSTACK_LOG: 'silent',
  },
});
// The fixture keeps the CLI's default 50 MiB global limit; the benchmark needs bigger objects.
config.storage.fileSizeLimit = 1024 * MB;
const running = await startDevstack({ config, log: createLogger('silent'), prepare: { reset: true } });
const api = config.api.url;
const auth = { apikey: config.keys.anonKey, authorization: `Bearer ${config.keys.serviceRoleKey}` };
const work = path.resolve('.devstack/bench-st/files');
await mkdir(work, { recursive: true });

try {
  const bucket = 'bench';
  const created = await fetch(`${api}/storage/v1/bucket`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ id: bucket, name: bucket, public: false, file_size_limit: null }),
  });
  if (!created.ok) throw new Error(`createBucket: ${await created.text()}`);

  const rows: string[] = [];
  const memRows: string[] = [];
  for (const size of [1 * MB, 100 * MB, 200 * MB]) {
    const label = `${size / MB} MB`;
    const src = path.join(work, `src-${size}`);
    const copy = path.join(work, `copy-${size}`);
    const back = path.join(work, `back-${size}`);
    await makeFile(src, size);
    const reps = size <= MB ? 20 : 1;

    // Plain file copy (streamed, like the storage path).
    let copySecs = 0;
    for (let i = 0; i < reps; i++) {
      copySecs += (await measure(() => pipeline(createReadStream(src), createWriteStream(copy)))).seconds;
    }

    // The upload client runs in a child process, so the RSS sampled here is devstack's alone.
    let upSecs = 0;
    let upPeak = 0;
    for (let i = 0; i < reps; i++) {
      const url = `${api}/storage/v1/object/${bucket}/obj-${size}`;
      // 1 MB: in-process fetch (a child per upload would dominate the time); large: child uploader.
      const m = await measure(() =>
        size <= MB
          ? fetch(url, {
              method: 'POST',
              headers: { ...auth, 'content-type': 'application/octet-stream', 'x-upsert': 'true' },
              body: Readable.toWeb(createReadStream(src)) as ReadableStream,
              duplex: 'half',
            } as RequestInit).then(async (r) => {
              if (!r.ok) throw new Error(`upload: ${r.status} ${await r.text()}`);
              await r.arrayBuffer();
            })
          : uploadFromChild(url, src, size),
      );
      upSecs += m.seconds;
      upPeak = Math.max(upPeak, m.peakRssGrowth);
    }

    let downSecs = 0;
    for (let i = 0; i < reps; i++) {
      downSecs += (
        await measure(async () => {
          const r = await fetch(`${api}/storage/v1/object/${bucket}/obj-${size}`, { headers: auth });
          if (!r.ok || !r.body) throw new Error(`download: ${r.status}`);
          await pipeline(Readable.fromWeb(r.body as never), createWriteStream(back));
        })
      ).seconds;
    }
    if ((await stat(back)).size !== size) throw new Error('download size mismatch');

    const mbps = (secs: number) => ((size / MB) * reps) / secs;
    const copyRate = mbps(copySecs);
    if (size <= 100 * MB) {
      rows.push(
        `| ${label} | ${copyRate.toFixed(0)} | ${mbps(upSecs).toFixed(0)} (${(mbps(upSecs) / copyRate).toFixed(2)}×) | ${mbps(downSecs).toFixed(0)} (${(mbps(downSecs) / copyRate).toFixed(2)}×) |`,
      );
    }
    if (size >= 100 * MB) memRows.push(`| ${label} upload | ${(upPeak / MB).toFixed(1)} MB |`);
    await rm(src, { force: true });
    await rm(copy, { force: true });
    await rm(back, { force: true });
  }

  // --- Edge Functions: fx-open is a one-line Deno.serve handler with verify_jwt = false.
  const fnUrl = `${api}/functions/v1/fx-open`;
  const coldStart = performance.now();
  const first = await fetch(fnUrl, { method: 'POST' });
  await first.text();
  const cold = performance.now() - coldStart;
  if (first.status !== 200) throw new Error(`function: ${first.status}`);
  for (let i = 0; i < 50; i++) await (await fetch(fnUrl, { method: 'POST' })).text();
  const times: number[] = [];
  for (let i = 0; i < WARM_N; i++) {
    const t = performance.now();
    await (await fetch(fnUrl, { method: 'POST' })).text();
    times.push(performance.now() - t);
  }

  console.log('\n| object | plain file copy MB/s | upload MB/s (ratio) | download MB/s (ratio) |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('\n| peak RSS growth during | |');
  console.log('|---|---|');
  for (const r of memRows) console.log(r);
  console.log('\n| Edge Function (trivial, warm) | p50 | p99 | cold start |');
  console.log('|---|---|---|---|');
  console.log(
    `| POST /functions/v1/fx-open (n=${WARM_N}) | ${pct(times, 50).toFixed(2)} ms | ${pct(times, 99).toFixed(2)} ms | ${cold.toFixed(0)} ms |`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
  await running.stop();
}
