import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/supabase/database.types';

/** The client type every query function in lib/data takes first (browser, server or admin). */
export type TypedSupabaseClient = SupabaseClient<Database>;
