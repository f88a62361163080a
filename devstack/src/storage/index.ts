import type { ServiceContext } from '../context.ts';
import { sendJson } from '../http.ts';
import type { MountedService } from '../server.ts';

/** Storage: `/storage/v1/*`. Not built yet. */
export async function createStorageService(_ctx: ServiceContext): Promise<MountedService> {
  return {
    handler: async (_req, res) =>
      sendJson(res, 400, {
        statusCode: '501',
        error: 'not_implemented',
        message: 'Storage is not implemented in devstack yet',
      }),
  };
}
