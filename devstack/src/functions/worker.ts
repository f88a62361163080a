import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Logger } from '../log.ts';

export interface WorkerSpec {
  name: string;
  denoBin: string;
  runner: string;
  /** File URL of the function's entrypoint. */
  entryUrl: string;
  cwd: string;
  denoArgs: string[];
  env: () => Record<string, string>;
  log: Logger;
  bootTimeoutMs: number;
}

export class BootError extends Error {}

/**
 * One warm Deno process serving one function. Started on first use, replaced when its files change
 * (the old one finishes its in-flight requests first) and restarted after a crash with a backoff.
 */
export class FunctionWorker {
  readonly spec: WorkerSpec;
  private proc: ChildProcess | undefined;
  private ready: Promise<number> | undefined;
  port = 0;
  agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  inflight = 0;
  retired = false;
  exited = false;
  /** When the process last exited unexpectedly, and the consecutive crash count. */
  crashedAt = 0;
  crashes = 0;
  private startedAt = 0;
  private stderrTail: string[] = [];

  constructor(spec: WorkerSpec) {
    this.spec = spec;
  }

  get alive(): boolean {
    return !!this.proc && !this.exited && !this.retired;
  }

  /** Resolves with the port once the function module loaded and called Deno.serve. */
  start(): Promise<number> {
    if (this.ready) return this.ready;
    const { spec } = this;
    const nonce = randomUUID();
    this.startedAt = Date.now();
    this.exited = false;
    this.stderrTail = [];
    this.ready = new Promise<number>((resolve, reject) => {
      const proc = spawn(spec.denoBin, ['run', ...spec.denoArgs, spec.runner], {
        cwd: spec.cwd,
        env: {
          ...spec.env(),
          DEVSTACK_FN_ENTRY: spec.entryUrl,
          DEVSTACK_FN_NONCE: nonce,
          DEVSTACK_FN_NAME: spec.name,
        } as unknown as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.proc = proc;
      let booted = false;
      const timer = setTimeout(() => {
        if (booted) return;
        reject(new BootError(`did not start within ${spec.bootTimeoutMs / 1000}s`));
        proc.kill('SIGKILL');
      }, spec.bootTimeoutMs);
      const lines = (stream: NodeJS.ReadableStream, isErr: boolean) => {
        let buf = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          buf += chunk;
          let i = buf.indexOf('\n');
          while (i >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            i = buf.indexOf('\n');
            const m = /^DEVSTACK_READY (\S+) (\d+)$/.exec(line);
            if (!isErr && m && m[1] === nonce && !booted) {
              booted = true;
              clearTimeout(timer);
              this.port = Number(m[2]);
              resolve(this.port);
              continue;
            }
            if (isErr) {
              this.stderrTail.push(line);
              if (this.stderrTail.length > 20) this.stderrTail.shift();
            }
            spec.log.info(`[functions:${spec.name}] ${line}`);
          }
        });
      };
      lines(proc.stdout as NodeJS.ReadableStream, false);
      lines(proc.stderr as NodeJS.ReadableStream, true);
      proc.on('error', (err) => {
        clearTimeout(timer);
        if (!booted) reject(new BootError(`could not run Deno (${spec.denoBin}): ${err.message}`));
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        this.exited = true;
        this.agent.destroy();
        if (!booted) {
          const tail = this.stderrTail.slice(-8).join('\n');
          reject(new BootError(`exited during start-up (${signal ?? `code ${code}`})${tail ? `:\n${tail}` : ''}`));
          return;
        }
        if (!this.retired) {
          const quick = Date.now() - this.startedAt < 10_000;
          this.crashes = quick ? this.crashes + 1 : 1;
          this.crashedAt = Date.now();
          spec.log.warn(`function ${spec.name} exited (${signal ?? `code ${code}`}); it restarts on the next request`);
        }
      });
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  /** Milliseconds to wait after a crash before booting again (grows with repeated quick crashes). */
  backoffMs(): number {
    if (!this.crashes) return 0;
    return Math.min(250 * 2 ** (this.crashes - 1), 5000);
  }

  /** Stops taking requests; the process ends when its in-flight requests are done. */
  retire(): void {
    this.retired = true;
    if (this.inflight === 0) this.kill();
  }

  release(): void {
    this.inflight--;
    if (this.retired && this.inflight === 0) this.kill();
  }

  kill(): void {
    this.retired = true;
    this.agent.destroy();
    if (this.proc && !this.exited) this.proc.kill('SIGTERM');
    const p = this.proc;
    setTimeout(() => {
      if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    }, 2000).unref();
  }

  exitedPromise(): Promise<void> {
    const p = this.proc;
    if (!p || this.exited) return Promise.resolve();
    return new Promise((r) => p.once('exit', () => r()));
  }
}
