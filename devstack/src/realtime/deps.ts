import type postgres from 'postgres';
import type { ServiceContext } from '../context.ts';
import type { PostgresChanges } from './handlers/postgres-changes.ts';
import type { PresenceStore } from './handlers/presence.ts';
import type { Hub } from './hub.ts';

/** What channels share: the topic hub, presence, postgres_changes and a privileged pool. */
export interface Deps {
  ctx: ServiceContext;
  /** supabase_admin pool for authorization probes and change processing. */
  sql: postgres.Sql;
  hub: Hub;
  presence: PresenceStore;
  pg: PostgresChanges;
}
