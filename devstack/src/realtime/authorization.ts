import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { Claims } from './tokens.ts';

/**
 * Private-channel authorization as Realtime does it (Tenants.Authorization): RLS policies on
 * realtime.messages decide, evaluated as the user's role and claims with `realtime.topic()` set, in a
 * transaction that is always rolled back. Protocol doc 5.7.
 */

export type Extension = 'broadcast' | 'presence';

export interface AuthContext {
  /** Channel name without `realtime:`. */
  topic: string;
  claims: Claims;
  /** The socket's x-* request headers (request.headers). */
  headers: Record<string, string>;
}

/** null = not evaluated yet (Realtime's nil), as opposed to false = denied. */
export interface Policies {
  broadcastRead: boolean | null;
  broadcastWrite: boolean | null;
  presenceRead: boolean | null;
  presenceWrite: boolean | null;
}

export const emptyPolicies = (): Policies => ({
  broadcastRead: null,
  broadcastWrite: null,
  presenceRead: null,
  presenceWrite: null,
});

class Rollback extends Error {}

async function setContext(tx: postgres.TransactionSql, ctx: AuthContext): Promise<void> {
  const role = ctx.claims.role;
  const sub = typeof ctx.claims.sub === 'string' ? ctx.claims.sub : '';
  await tx`select
    set_config('role', ${role}, true),
    set_config('realtime.topic', ${ctx.topic}, true),
    set_config('request.jwt.claims', ${JSON.stringify(ctx.claims)}, true),
    set_config('request.jwt.claim.sub', ${sub}, true),
    set_config('request.jwt.claim.role', ${role}, true),
    set_config('request.headers', ${JSON.stringify(ctx.headers)}, true)`;
}

/** Runs `fn` in a transaction that is rolled back whatever happens, returning fn's result. */
async function rolledBack<T>(sql: postgres.Sql, fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await sql.begin(async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out as T;
}

/**
 * Read: insert one probe row per extension as the privileged user, switch to the user's role and see
 * which probes the SELECT policies let through. A policy error counts as denied (RlsPolicyError).
 */
export async function readPolicies(
  sql: postgres.Sql,
  ctx: AuthContext,
  extensions: Extension[],
  into: Policies,
): Promise<Policies> {
  const probes = extensions.map((ext) => ({ ext, id: randomUUID() }));
  let visible: Set<string>;
  try {
    visible = await rolledBack(sql, async (tx) => {
      for (const p of probes) {
        await tx`insert into realtime.messages (id, topic, extension) values (${p.id}, ${ctx.topic}, ${p.ext})`;
      }
      await setContext(tx, ctx);
      const rows = await tx<
        { id: string }[]
      >`select id from realtime.messages where id in ${tx(probes.map((p) => p.id))}`;
      return new Set(rows.map((r) => r.id));
    });
  } catch {
    // RlsPolicyError: a policy that fails to evaluate denies access.
    visible = new Set();
  }
  const out = { ...into };
  for (const p of probes) {
    if (p.ext === 'broadcast') out.broadcastRead = visible.has(p.id);
    else out.presenceRead = visible.has(p.id);
  }
  return out;
}

/** Write: as the user, insert a row per extension in a savepoint; 42501 means denied. */
export async function writePolicies(
  sql: postgres.Sql,
  ctx: AuthContext,
  extensions: Extension[],
  into: Policies,
): Promise<Policies> {
  const out = { ...into };
  const allowed = await rolledBack(sql, async (tx) => {
    await setContext(tx, ctx);
    const result: Partial<Record<Extension, boolean>> = {};
    for (const ext of extensions) {
      try {
        await tx.savepoint((sp) => sp`insert into realtime.messages (topic, extension) values (${ctx.topic}, ${ext})`);
        result[ext] = true;
      } catch (e) {
        if ((e as { code?: string }).code === '42501') result[ext] = false;
        else throw e;
      }
    }
    return result;
  });
  if (extensions.includes('broadcast')) out.broadcastWrite = allowed.broadcast ?? false;
  if (extensions.includes('presence')) out.presenceWrite = allowed.presence ?? false;
  return out;
}
