import type { ServiceContext } from '../context.ts';
import { sendJson } from '../http.ts';
import type { MountedService } from '../server.ts';

/** Realtime: `/realtime/v1/websocket` (upgrade) and `/realtime/v1/api/*` (HTTP). Not built yet. */
export async function createRealtimeService(_ctx: ServiceContext): Promise<MountedService> {
  return {
    handler: async (_req, res) => sendJson(res, 501, { message: 'Realtime is not implemented in devstack yet' }),
    upgrade: (_req, socket) => socket.end('HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\n\r\n'),
  };
}
