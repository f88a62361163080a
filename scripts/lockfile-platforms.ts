/**
 * Completes package-lock.json with the platform-specific optional packages that this machine's npm
 * registry does not serve (it mirrors only linux-x64 builds, so npm leaves e.g. @next/swc-darwin-arm64
 * out of the lockfile, and `npm ci` then refuses the lockfile as out of sync).
 *
 * Each missing optional dependency gets a lock entry with its version and the os/cpu/libc its name
 * declares, so npm skips it on other platforms without fetching it and installs it where it fits.
 * Run after every `npm install` that changes dependencies: `node scripts/lockfile-platforms.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type LockEntry = {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
  [k: string]: unknown;
};

const OS = ['android', 'darwin', 'freebsd', 'linux', 'netbsd', 'openbsd', 'sunos', 'win32', 'aix', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'wasm32', 's390x', 'ppc64', 'riscv64', 'loong64', 'mips64el'];

/** Reads os/cpu/libc from names like `@next/swc-linux-arm64-musl` or `@biomejs/cli-win32-x64`. */
export function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> | undefined {
  const parts = name.split('/').pop()!.split('-');
  const os = parts.find((p) => OS.includes(p) || p === 'windows' || p === 'macos' || p === 'wasi');
  const cpu = parts.find((p) => CPU.includes(p) || p === 'gnueabihf' || p === 'aarch64');
  if (!os && !cpu) return undefined;
  const out: Pick<LockEntry, 'os' | 'cpu' | 'libc'> = {};
  if (os && os !== 'wasi') out.os = [os === 'windows' ? 'win32' : os === 'macos' ? 'darwin' : os];
  if (cpu) out.cpu = [cpu === 'gnueabihf' ? 'arm' : cpu === 'aarch64' ? 'arm64' : cpu];
  if (parts.includes('musl')) out.libc = ['musl'];
  else if (parts.includes('gnu') || parts.includes('glibc')) out.libc = ['glibc'];
  return out;
}

function main(): void {
  const file = path.resolve(import.meta.dirname, '..', 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  let added = 0;
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
      const base = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
      if (lock.packages[base] || lock.packages[`node_modules/${dep}`]) continue;
      const platform = platformOf(dep);
      if (!platform) continue;
      lock.packages[`node_modules/${dep}`] = { version: range.replace(/^[\^~=]/, ''), optional: true, ...platform };
      added++;
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`lockfile-platforms: added ${added} platform-specific optional entr${added === 1 ? 'y' : 'ies'}`);
}

if (import.meta.main) main();
