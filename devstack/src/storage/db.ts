import type postgres from 'postgres';
import { fromDbError } from './errors.ts';

/** Who is calling, from the verified JWT (or anon). */
export interface Caller {
  role: string;
  claims: Record<string, unknown>;
  token: string | undefined;
  /** `sub`, when present. */
  sub: string | undefined;
}

export interface RequestInfo {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const ROLLBACK = Symbol('rollback');

export type Tx = postgres.TransactionSql;

/**
 * Runs metadata queries the way Supabase Storage does: on its own connection (supabase_storage_admin,
 * the tables' owner) inside a transaction that switches to the caller's role and claims, so the app's
 * RLS policies on storage.objects / storage.buckets decide.
 */
export class StorageDb {
  readonly sql: postgres.Sql;
  constructor(sql: postgres.Sql) {
    this.sql = sql;
  }

  private async prelude(tx: Tx, caller: Caller, req: RequestInfo, operation: string): Promise<void> {
    if (!ROLE_NAME.test(caller.role)) throw new Error('invalid role');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && k !== 'authorization' && k !== 'cookie') headers[k] = Array.isArray(v) ? v[0] : v;
    }
    await tx`select
      set_config('role', ${caller.role}, true),
      set_config('request.jwt.claim.role', ${caller.role}, true),
      set_config('request.jwt.claim.sub', ${caller.sub ?? ''}, true),
      set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
      set_config('request.jwt', ${caller.token ?? ''}, true),
      set_config('request.headers', ${JSON.stringify(headers)}, true),
      set_config('request.method', ${req.method}, true),
      set_config('request.path', ${req.path}, true),
      set_config('storage.operation', ${operation}, true),
      set_config('storage.allow_delete_query', 'true', true)`;
  }

  /** Runs `fn` as the caller and commits. */
  async asUser<T>(caller: Caller, req: RequestInfo, operation: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return (await this.sql.begin(async (tx) => {
        await this.prelude(tx, caller, req, operation);
        return fn(tx);
      })) as T;
    } catch (err) {
      throw fromDbError(err);
    }
  }

  /** Runs `fn` as the caller and always rolls back (permission probes). */
  async probeAsUser<T>(caller: Caller, req: RequestInfo, operation: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    let result: T | undefined;
    try {
      await this.sql.begin(async (tx) => {
        await this.prelude(tx, caller, req, operation);
        result = await fn(tx);
        throw ROLLBACK;
      });
    } catch (err) {
      if (err !== ROLLBACK) throw fromDbError(err);
    }
    return result as T;
  }

  /** Runs `fn` as the storage admin (owner of the tables: RLS does not apply). */
  async asAdmin<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return (await this.sql.begin(async (tx) => {
        await tx`select set_config('storage.allow_delete_query', 'true', true)`;
        return fn(tx);
      })) as T;
    } catch (err) {
      throw fromDbError(err);
    }
  }
}
