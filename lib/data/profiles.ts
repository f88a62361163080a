import { idBatches } from '@/lib/data/id-batches';
import { AppError } from '@/lib/errors';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

/**
 * Display names of profiles by id (RLS: only people who share a workspace with the caller), in
 * batches so any number of ids fits the URL. No `server-only`: the channel page also asks from the
 * browser for authors it has not seen yet.
 */
export async function listProfileNames(
  supabase: TypedSupabaseClient,
  { ids }: { ids: Iterable<string> },
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const batch of idBatches(ids)) {
    const { data, error } = await supabase.from('profiles').select('id, display_name').in('id', batch);
    if (error) throw new AppError('internal:database', 'Could not load people.', { cause: error });
    for (const p of data ?? []) names[p.id] = p.display_name;
  }
  return names;
}
