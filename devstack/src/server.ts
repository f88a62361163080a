import type http from 'node:http';
import { buildGateway, type ServiceHandler, type Services, type UpgradeHandler } from './app.ts';
import { createAuthService } from './auth/index.ts';
import { type DevstackConfig, loadConfig } from './config.ts';
import { createPools, type ServiceContext } from './context.ts';
import { databaseName, type PrepareOptions, prepareDatabase } from './db/prepare.ts';
import { createFunctionsService } from './functions/index.ts';
import { loadJwtKeys } from './jwt.ts';
import { createLogger, type Logger } from './log.ts';
import { MailCatcher } from './mail/catcher.ts';
import { createRealtimeService } from './realtime/index.ts';
import { createRestService } from './rest/index.ts';
import { createStorageService } from './storage/index.ts';

/** A service's lifecycle: a handler plus what must be closed on shutdown. */
export interface MountedService {
  handler: ServiceHandler;
  /** WebSocket upgrades under the same prefix (realtime). */
  upgrade?: UpgradeHandler;
  close?: () => Promise<void>;
}

export interface RunningDevstack {
  config: DevstackConfig;
  ctx: ServiceContext;
  fresh: boolean;
  stop(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use. Is devstack already running? Set DEVSTACK_API_PORT to use another.`,
            )
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

/** Starts everything `supabase start` would: database, gateway with all services, mail catcher. */
export async function startDevstack(
  opts: { config?: DevstackConfig; log?: Logger; prepare?: PrepareOptions } = {},
): Promise<RunningDevstack> {
  const config = opts.config ?? loadConfig();
  const log = opts.log ?? createLogger();
  const { cluster, fresh } = await prepareDatabase(config, log, opts.prepare);
  const stops: (() => Promise<void>)[] = [() => cluster.stop()];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log.error(String(e)));
  };
  try {
    const keys = await loadJwtKeys(config.jwtSecret, config.dataDir);
    const mail = new MailCatcher();
    const dbName = databaseName(config);
    const pools = createPools(cluster, dbName);
    stops.push(() => pools.closePools());
    const ctx: ServiceContext = { config, log, keys, mail, cluster, dbName, ...pools };

    const mounted: Record<string, MountedService> = {
      '/auth/v1': await createAuthService(ctx),
      '/rest/v1': await createRestService(ctx),
      '/realtime/v1': await createRealtimeService(ctx),
      '/storage/v1': await createStorageService(ctx),
      '/functions/v1': await createFunctionsService(ctx),
    };
    for (const m of Object.values(mounted)) if (m.close) stops.push(m.close);
    const services: Services = {
      http: Object.fromEntries(Object.entries(mounted).map(([k, v]) => [k, v.handler])),
      upgrade: Object.fromEntries(
        Object.entries(mounted).flatMap(([k, v]) => (v.upgrade ? [[k, v.upgrade] as const] : [])),
      ),
    };
    const gateway = buildGateway(ctx, services);
    await listen(gateway, config.api.port, config.host);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          gateway.close(() => resolve());
          gateway.closeAllConnections();
        }),
    );
    if (config.mail.enabled) {
      await mail.listen(config.mail.port, config.host);
      stops.push(() => mail.close());
    }
    return { config, ctx, fresh, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
