import { HttpError } from '../http.ts';

/**
 * PostgREST's error responses: body `{code, details, hint, message}` (keys in the order its JSON
 * encoder writes them), `Proxy-Status` header, SQLSTATE → HTTP status mapping.
 */

export function pgrstError(
  status: number,
  code: string,
  message: string,
  details: unknown = null,
  hint: unknown = null,
  headers: Record<string, string> = {},
): HttpError {
  return new HttpError(
    status,
    { code, details, hint, message },
    { 'proxy-status': `PostgREST; error=${code}`, ...headers },
  );
}

export const parseError = (message: string, details: string) => pgrstError(400, 'PGRST100', message, details);

export const tableNotFound = (schema: string, name: string, suggestion: string | undefined) =>
  pgrstError(
    404,
    'PGRST205',
    `Could not find the table '${schema}.${name}' in the schema cache`,
    null,
    suggestion ? `Perhaps you meant the table '${schema}.${suggestion}'` : null,
  );

export const columnNotFound = (table: string, column: string) =>
  pgrstError(400, 'PGRST204', `Could not find the '${column}' column of '${table}' in the schema cache`);

export const undefinedColumn = (qualifier: string, column: string) =>
  pgrstError(400, '42703', `column ${qualifier}.${column} does not exist`);

export const singularityError = (n: number) =>
  pgrstError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `The result contains ${n} rows`);

export const maxAffectedError = (n: number) =>
  pgrstError(400, 'PGRST124', 'Query result exceeds max-affected preference constraint', `The query affects ${n} rows`);

export const invalidBody = (message: string) => pgrstError(400, 'PGRST102', message);

function invalidTokenHeader(message: string): Record<string, string> {
  return { 'www-authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}` };
}

export const jwtDecodeError = (message: string) =>
  pgrstError(401, 'PGRST301', message, null, null, invalidTokenHeader(message));
export const jwtClaimsError = (message: string) =>
  pgrstError(401, 'PGRST303', message, null, null, invalidTokenHeader(message));

/** The HTTP status PostgREST answers for a Postgres error (its `mapSQLtoHTTP`). */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
  const two = code.slice(0, 2);
  switch (code) {
    case '23503':
    case '23505':
      return 409;
    case '25006':
      return 405;
    case '21000':
      return message.endsWith('requires a WHERE clause') ? 400 : 500;
    case '22023':
      return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
    case '53400':
      return 500;
    case '57P01':
      return 503;
    case 'P0001':
      return 400;
    case '42883':
      return message.startsWith('function xmlagg(') ? 406 : 404;
    case '42P01':
      return 404;
    case '42P17':
      return 500;
    case '42501':
      return authed ? 403 : 401;
  }
  switch (two) {
    case '08':
      return 503;
    case '09':
      return 500;
    case '0L':
    case '0P':
      return 403;
    case '25':
      return 500;
    case '28':
      return 403;
    case '2D':
    case '38':
    case '39':
    case '3B':
    case '40':
      return 500;
    case '53':
      return 503;
    case '54':
    case '55':
    case '57':
    case '58':
    case 'F0':
    case 'HV':
    case 'P0':
    case 'XX':
      return 500;
    case 'PT': {
      const n = Number(code.slice(2));
      return Number.isInteger(n) && n >= 100 && n <= 999 ? n : 500;
    }
  }
  return 400;
}

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

function isPgError(err: unknown): err is PgLikeError & { code: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as PgLikeError).code === 'string' &&
    (err as { name?: string }).name === 'PostgresError'
  );
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** `RAISE SQLSTATE 'PGRST' USING message = '{json}', detail = '{json}'`: full control over the response. */
function raisePgrst(err: PgLikeError): HttpError {
  const msg = parseJsonObject(err.message);
  if (!msg || typeof msg.code !== 'string' || typeof msg.message !== 'string') {
    return pgrstError(
      500,
      'PGRST121',
      `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      `Invalid JSON value for MESSAGE: '${err.message ?? ''}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    );
  }
  const hintDet =
    "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";
  if (err.detail === undefined) {
    return pgrstError(
      500,
      'PGRST121',
      `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      'DETAIL is missing in the RAISE statement',
      hintDet,
    );
  }
  const det = parseJsonObject(err.detail);
  if (!det || typeof det.status !== 'number' || typeof det.headers !== 'object' || det.headers === null) {
    return pgrstError(
      500,
      'PGRST121',
      `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      `Invalid JSON value for DETAIL: '${err.detail}'`,
      hintDet,
    );
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(det.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
  return new HttpError(
    det.status,
    {
      code: msg.code,
      details: typeof msg.details === 'string' ? msg.details : null,
      hint: typeof msg.hint === 'string' ? msg.hint : null,
      message: msg.message,
    },
    { 'proxy-status': `PostgREST; error=${msg.code}`, ...headers },
  );
}

/** Converts any error thrown while talking to Postgres into PostgREST's response. */
export function fromDbError(err: unknown, authed: boolean): HttpError {
  if (err instanceof HttpError) return err;
  if (isPgError(err)) {
    if (err.code === 'PGRST') return raisePgrst(err);
    const message = err.message ?? '';
    const status = statusForSqlState(err.code, message, authed);
    return pgrstError(
      status,
      err.code,
      message,
      err.detail ?? null,
      err.hint ?? null,
      status === 401 ? { 'www-authenticate': 'Bearer' } : {},
    );
  }
  const e = err as { code?: string; message?: string };
  if (e?.code === 'CONNECTION_CLOSED' || e?.code === 'CONNECTION_ENDED' || e?.code === 'ECONNREFUSED') {
    return pgrstError(503, 'PGRST000', 'Database connection error.', e.message ?? null);
  }
  if (e?.code === 'CONNECT_TIMEOUT') {
    return pgrstError(504, 'PGRST003', 'Timed out acquiring connection from connection pool.');
  }
  throw err;
}

/** A fuzzy match (bigram similarity) standing in for PostgREST's FuzzySet hints. */
export function closest(needle: string, candidates: Iterable<string>, minScore = 0.75): string | undefined {
  const grams = (s: string) => {
    const t = `-${s.toLowerCase()}-`;
    const m = new Map<string, number>();
    for (let i = 0; i < t.length - 1; i++) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const a = grams(needle);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, v) => s + v * v, 0));
  let best: string | undefined;
  let bestScore = 0;
  for (const c of candidates) {
    const b = grams(c);
    let dot = 0;
    for (const [k, v] of a) dot += v * (b.get(k) ?? 0);
    const score = dot / (norm(a) * norm(b) || 1);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return bestScore >= minScore ? best : undefined;
}
