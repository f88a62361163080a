import type { DevstackConfig } from '../config.ts';

/**
 * Returns the TypeScript types `supabase gen types typescript --local` would print for the running
 * database. Not built yet.
 */
export async function generateTypes(_config: DevstackConfig, _dbUrl: string): Promise<string> {
  throw new Error('gen-types is not implemented yet');
}
