import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { UpgradeHandler } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { header } from '../http.ts';
import type { MountedService } from '../server.ts';
import { createApiHandler } from './api.ts';
import { dispatchMessage, isMessagesTable } from './db-broadcast.ts';
import type { Deps } from './deps.ts';
import { PostgresChanges } from './handlers/postgres-changes.ts';
import { PresenceStore } from './handlers/presence.ts';
import { Hub } from './hub.ts';
import { LIMITS } from './limits.ts';
import { ReplicationStream, type Transaction } from './replication.ts';
import type { Vsn } from './serializer.ts';
import { RealtimeSocket } from './socket.ts';
import { checkToken } from './tokens.ts';

function httpError(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Realtime: `/realtime/v1/websocket` (Phoenix channels) and `/realtime/v1/api/*` (REST broadcast). */
export async function createRealtimeService(ctx: ServiceContext): Promise<MountedService> {
  const sql = ctx.pool('supabase_admin', 10);
  const hub = new Hub();
  const deps: Deps = { ctx, sql, hub, presence: new PresenceStore(), pg: new PostgresChanges(sql, ctx.log) };
  const sockets = new Set<RealtimeSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });

  const onTransaction = async (tx: Transaction) => {
    for (const change of tx.changes) {
      if (isMessagesTable(change)) dispatchMessage(hub, change);
      else await deps.pg.onChange(change, tx.commitTime);
    }
  };
  const replication = new ReplicationStream({
    url: ctx.cluster.url('supabase_admin', ctx.dbName),
    log: ctx.log,
    onTransaction,
    onRelation: (rel) => deps.pg.invalidate(rel),
  });
  await replication.start();

  // Realtime keeps broadcast messages for a few days (daily partitions); prune what is older.
  const prune = setInterval(
    () => void sql`delete from realtime.messages where inserted_at < now() - interval '3 days'`.catch(() => {}),
    3_600_000,
  );
  prune.unref();
  // Phoenix closes sockets that stay silent (no heartbeat) for 60 s.
  const idle = setInterval(() => {
    const cutoff = Date.now() - LIMITS.idleTimeoutMs;
    for (const s of sockets) if (s.lastSeen < cutoff) s.close(1000, 'heartbeat timeout');
  }, 10_000);
  idle.unref();

  const upgrade: UpgradeHandler = (req, socket, head, route) => {
    void (async () => {
      if (route.path !== '/websocket' && route.path !== '/websocket/') {
        httpError(socket, 404, 'Not Found');
        return;
      }
      const vsnParam = route.url.searchParams.get('vsn') ?? '1.0.0';
      const vsn: Vsn | undefined = /^1\.0(\.\d+)?$/.test(vsnParam)
        ? 1
        : /^2\.0(\.\d+)?$/.test(vsnParam)
          ? 2
          : undefined;
      if (!vsn) {
        httpError(socket, 403, `The client's requested transport version "${vsnParam}" is not supported`);
        return;
      }
      const token = header(req, 'x-api-key') ?? route.bearer;
      if (!token) {
        httpError(socket, 401, 'API key is missing');
        return;
      }
      const check = await checkToken(ctx.keys, token);
      if (!check.ok) {
        httpError(socket, 401, check.http);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-') && typeof v === 'string') headers[k] = v;
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(new RealtimeSocket(ws, socket, { vsn, token, headers, deps }, (s) => sockets.delete(s)));
      });
    })().catch((e) => {
      ctx.log.error(`realtime upgrade: ${(e as Error).stack ?? e}`);
      httpError(socket, 500, 'Error connecting to Realtime');
    });
  };

  return {
    handler: createApiHandler(deps),
    upgrade,
    close: async () => {
      clearInterval(prune);
      clearInterval(idle);
      for (const s of [...sockets]) s.close(1001, 'server shutting down');
      wss.close();
      await replication.stop();
    },
  };
}
