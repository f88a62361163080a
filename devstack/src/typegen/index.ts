import type { DevstackConfig } from '../config.ts';

/**
 * Returns the TypeScript types `supabase gen types typescript --local` prints for the database at
 * `dbUrl`. The CLI runs postgres-meta's server in type-generation mode (PG_META_GENERATE_TYPES) with
 * the included schemas `public` + `[api] schemas`, one-to-one relationship detection on and the
 * default schema `public`, and prints the result with console.log. We run the same postgres-meta
 * (npm package, same introspection and generator code) as a library with the same options.
 */
export async function generateTypes(config: DevstackConfig, dbUrl: string): Promise<string> {
  // postgres-meta's modules read optional settings from the environment at import time; the CLI's
  // type-generation mode keeps formatting inline, as we do by calling the generator directly.
  const { PostgresMeta } = await import('@supabase/postgres-meta');
  // postgres-meta has no "exports" map: its dist modules are importable as the CLI's image runs them.
  // biome-ignore lint/style/noRestrictedImports: postgres-meta's own dist/lib, not the app's lib/
  const { getGeneratorMetadata } = await import('@supabase/postgres-meta/dist/lib/generators.js');
  // The generator postgres-meta 0.99 delegates to (its own dependency, hoisted by npm).
  const { generateTypescript } = await import('@supabase/postgrest-typegen');

  const includedSchemas = [...new Set(['public', ...config.api.schemas])];
  const pgMeta = new PostgresMeta({
    connectionString: dbUrl,
    max: 1,
    connectionTimeoutMillis: 15_000,
    query_timeout: 55_000,
    application_name: 'postgres-meta devstack',
  });
  const { data, error } = await getGeneratorMetadata(pgMeta, { includedSchemas });
  if (error || !data) throw new Error(`gen-types: ${error?.message ?? 'introspection failed'}`);
  const types = await generateTypescript(data, {
    detectOneToOneRelationships: true,
    postgrestVersion: undefined,
    defaultSchema: 'public',
  });
  // The CLI prints the generator's output with console.log (one trailing newline added).
  return `${types}\n`;
}
