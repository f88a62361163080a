import type { ServiceContext } from '../context.ts';
import { sendJson } from '../http.ts';
import type { MountedService } from '../server.ts';

export async function createAuthService(_ctx: ServiceContext): Promise<MountedService> {
  return { handler: async (_req, res) => sendJson(res, 501, { message: 'not implemented' }) };
}
