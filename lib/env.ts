import { z } from 'zod';

/**
 * Validated environment, read only through this module (house style). Two halves:
 *
 * - `publicEnv`: `NEXT_PUBLIC_*` values. Next inlines them into browser bundles, which only works
 *   when they are read as literal `process.env.NEXT_PUBLIC_X` expressions, so they are listed one by
 *   one below instead of parsing `process.env` as a whole. Parsed once, at import.
 * - `serverEnv()`: secrets. Parsed lazily on first call (so a page that never needs the secret key
 *   does not fail without it) and refused in the browser, where the values would be undefined anyway.
 */
const publicSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url({
    error: 'NEXT_PUBLIC_SUPABASE_URL must be the URL of your Supabase API, e.g. http://127.0.0.1:54321',
  }),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: z
    .string({ error: 'NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY is not set (run `npm run dev`, or see README)' })
    .min(1, 'NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY is empty'),
});

const serverSchema = z.object({
  SUPABASE_SECRET_KEY: z
    .string({ error: 'SUPABASE_SECRET_KEY is not set (only server code that needs admin access reads it)' })
    .min(1, 'SUPABASE_SECRET_KEY is empty'),
});

export type PublicEnv = z.infer<typeof publicSchema>;
export type ServerEnv = z.infer<typeof serverSchema>;

function parse<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return result.data;
}

export const publicEnv: PublicEnv = parse(publicSchema, {
  NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
});

let cachedServerEnv: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (typeof window !== 'undefined') throw new Error('serverEnv() was called in the browser');
  cachedServerEnv ??= parse(serverSchema, { SUPABASE_SECRET_KEY: process.env.SUPABASE_SECRET_KEY });
  return cachedServerEnv;
}
