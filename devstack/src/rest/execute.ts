import type postgres from 'postgres';

/**
 * One request = one transaction on one `authenticator` connection (PostgREST's model):
 * BEGIN [READ ONLY] → `select set_config(...)` → main statement → COMMIT/ROLLBACK.
 * The statements are pipelined (sent without waiting for each other) so a read costs about one
 * round trip. Parameters are sent with type `unknown` (oid 705) as PostgREST does: Postgres infers
 * the column type and reports bad input itself (22P02 ...).
 */

export interface MainRow {
  total_result_set: string | null;
  page_total: string;
  /** The response body as Postgres built it, UTF-8 bytes that are never decoded into a JS string. */
  body: Buffer;
  response_headers: string | null;
  response_status: string | null;
  response_inserted: string | null;
}

export interface Statement {
  sql: string;
  params: (string | null)[];
}

export interface TxPlan {
  readOnly: boolean;
  setup: Statement;
  main: Statement;
  /** Extra statement run after main in the same transaction (EXPLAIN for planned counts). */
  explain?: Statement;
  /**
   * Decides after the main statement whether to commit. Only consulted for read-write
   * transactions; throwing rolls back. Without it the COMMIT goes out in the same pipeline as
   * everything else (one round trip, as for reads), so give it only when the answer can be
   * 'rollback' (singular media, max-affected, Prefer: tx=rollback).
   */
  decide?: (row: MainRow | undefined) => 'commit' | 'rollback';
}

export interface TxResult {
  row: MainRow | undefined;
  explainRows?: number;
}

const UNKNOWN = 705;

function run(sql: postgres.ReservedSql, st: Statement) {
  const args = st.params.map((v) => (v === null ? null : sql.typed(v, UNKNOWN)));
  return sql.unsafe(st.sql, args as postgres.ParameterOrJSON<never>[], { prepare: true });
}

/**
 * The main statement's row, read raw: a page of messages is tens of kilobytes of JSON that the
 * gateway only passes on, and decoding it into a string (then encoding it again for the socket) cost
 * CPU and, worse, garbage that V8 promoted to the old generation on every request (its GC pauses were
 * the slowest requests of a fetch_messages run).
 */
function runMain(sql: postgres.ReservedSql, st: Statement) {
  return run(sql, st).raw();
}

function mainRow(rows: {
  columns: readonly { name: string | number | symbol }[];
  [i: number]: unknown;
}): MainRow | undefined {
  const row = rows[0] as (Buffer | null)[] | undefined;
  if (!row) return undefined;
  const out: Record<string, string | Buffer | null> = {};
  rows.columns.forEach((c, i) => {
    const v = row[i];
    const name = String(c.name);
    out[name] = v === null ? null : name === 'body' ? v : v.toString('utf8');
  });
  return out as unknown as MainRow;
}

export async function runTransaction(pool: postgres.Sql, plan: TxPlan): Promise<TxResult> {
  const sql = await pool.reserve();
  try {
    const begin = sql.unsafe(plan.readOnly ? 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY' : 'BEGIN').execute();
    const setup = run(sql, plan.setup).execute();
    const main = runMain(sql, plan.main).execute();
    const explain = plan.explain ? run(sql, plan.explain).execute() : undefined;
    if (plan.readOnly || !plan.decide) {
      // After a failed statement the server answers this COMMIT with ROLLBACK: nothing is kept.
      const end = sql.unsafe('COMMIT').execute();
      const settled = await Promise.allSettled([begin, setup, main, ...(explain ? [explain] : []), end]);
      const failed = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
      if (failed) throw failed.reason;
      return {
        row: mainRow(await main),
        explainRows: explain ? planRows(await explain) : undefined,
      };
    }
    let row: MainRow | undefined;
    let explainRows: number | undefined;
    try {
      const settled = await Promise.allSettled([begin, setup, main, ...(explain ? [explain] : [])]);
      const failed = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
      if (failed) throw failed.reason;
      row = mainRow(await main);
      if (explain) explainRows = planRows(await explain);
      const decision = plan.decide ? plan.decide(row) : 'commit';
      if (decision === 'rollback') {
        await sql.unsafe('ROLLBACK');
        return { row, explainRows };
      }
    } catch (err) {
      await sql.unsafe('ROLLBACK').catch(() => {});
      throw err;
    }
    await sql.unsafe('COMMIT');
    return { row, explainRows };
  } finally {
    sql.release();
  }
}

function planRows(rows: postgres.RowList<postgres.Row[]>): number | undefined {
  const v = rows[0]?.['QUERY PLAN'];
  const doc = typeof v === 'string' ? JSON.parse(v) : v;
  const n = doc?.[0]?.Plan?.['Plan Rows'];
  return typeof n === 'number' ? n : undefined;
}
