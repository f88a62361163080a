/**
 * Validated environment, read only through this module (house style). Two halves:
 *
 * - `publicEnv`: `NEXT_PUBLIC_*` values. Next inlines them into browser bundles, which only works
 *   when they are read as literal `process.env.NEXT_PUBLIC_X` expressions, so they are listed one by
 *   one below instead of parsing `process.env` as a whole. Checked once, at import.
 * - `serverEnv()`: secrets. Checked lazily on first call (so a page that never needs the secret key
 *   does not fail without it) and refused in the browser, where the values would be undefined anyway.
 *
 * Plain checks instead of zod: this module is in every browser bundle (the Supabase browser client
 * reads publicEnv), and zod would add ~30 KiB there for two strings.
 */
export type PublicEnv = { NEXT_PUBLIC_SUPABASE_URL: string; NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: string };
export type ServerEnv = { SUPABASE_SECRET_KEY: string };

type Rule = (value: string | undefined) => string | null;

const required =
  (name: string, unset: string): Rule =>
  (value) =>
    value === undefined ? `${name} is not set ${unset}` : value === '' ? `${name} is empty` : null;

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const publicRules: Record<keyof PublicEnv, Rule> = {
  NEXT_PUBLIC_SUPABASE_URL: (value) =>
    value !== undefined && isUrl(value)
      ? null
      : 'NEXT_PUBLIC_SUPABASE_URL must be the URL of your Supabase API, e.g. http://127.0.0.1:54321',
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: required(
    'NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY',
    '(run `npm run dev`, or see README)',
  ),
};

const serverRules: Record<keyof ServerEnv, Rule> = {
  SUPABASE_SECRET_KEY: required('SUPABASE_SECRET_KEY', '(only server code that needs admin access reads it)'),
};

/** Checks every value against its rule and throws one error listing all problems. */
export function checkEnv<K extends string>(
  rules: Record<K, Rule>,
  values: Record<K, string | undefined>,
): Record<K, string> {
  const problems = (Object.keys(rules) as K[]).flatMap((key) => rules[key](values[key]) ?? []);
  if (problems.length > 0) throw new Error(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return values as Record<K, string>;
}

export const publicEnv: PublicEnv = checkEnv(publicRules, {
  NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
});

let cachedServerEnv: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (typeof window !== 'undefined') throw new Error('serverEnv() was called in the browser');
  cachedServerEnv ??= checkEnv(serverRules, { SUPABASE_SECRET_KEY: process.env.SUPABASE_SECRET_KEY });
  return cachedServerEnv;
}
