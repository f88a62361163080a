import postgres from 'postgres';
import type { DevstackConfig } from './config.ts';
import type { Cluster } from './db/cluster.ts';
import type { JwtKeys } from './jwt.ts';
import type { Logger } from './log.ts';
import type { MailCatcher } from './mail/catcher.ts';

/** Everything a devstack service needs; built once by `start`, shared by all services. */
export interface ServiceContext {
  config: DevstackConfig;
  log: Logger;
  keys: JwtKeys;
  mail: MailCatcher;
  cluster: Cluster;
  dbName: string;
  /**
   * A connection pool logged in as `role` (cached per role). Services use the role Supabase's own
   * service uses: `authenticator` for REST, `supabase_auth_admin` for Auth, and so on.
   */
  pool(role: string, max?: number): postgres.Sql;
  /** Closes every pool (on shutdown). */
  closePools(): Promise<void>;
}

export function createPools(cluster: Cluster, dbName: string) {
  const pools = new Map<string, postgres.Sql>();
  return {
    pool(role: string, max = 10): postgres.Sql {
      let p = pools.get(role);
      if (!p) {
        p = postgres(cluster.url(role, dbName), {
          max,
          idle_timeout: 60,
          onnotice: () => {},
          // Values come back as text where JSON formatting matters; services opt in per query.
          fetch_types: true,
        });
        pools.set(role, p);
      }
      return p;
    },
    async closePools() {
      await Promise.all([...pools.values()].map((p) => p.end({ timeout: 2 })));
      pools.clear();
    },
  };
}
