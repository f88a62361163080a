import type { ServiceContext } from '../context.ts';
import { sendJson } from '../http.ts';
import type { MountedService } from '../server.ts';

/** Edge Functions: `/functions/v1/<name>`. Not built yet. */
export async function createFunctionsService(_ctx: ServiceContext): Promise<MountedService> {
  return {
    handler: async (_req, res) => sendJson(res, 501, { msg: 'Edge Functions are not implemented in devstack yet' }),
  };
}
