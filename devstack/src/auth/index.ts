import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteInfo } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { clientIp, sendJson, sendRaw } from '../http.ts';
import type { MountedService } from '../server.ts';
import { AuthError, renderAuthError } from './errors.ts';
import { RateLimiter } from './rate-limit.ts';
import { AuthRequest, type AuthService, type Reply } from './request.ts';
import { admin } from './routes/admin.ts';
import { magicLinkRoute, otp, recover, resend } from './routes/email-flows.ts';
import { health, jwks, settings } from './routes/meta.ts';
import { signup } from './routes/signup.ts';
import { token } from './routes/token.ts';
import { getUser, logout, reauthenticate, updateUser } from './routes/user.ts';
import { verifyGet, verifyPost } from './routes/verify.ts';

type Handler = (svc: AuthService, ar: AuthRequest) => Promise<Reply> | Reply;

const ROUTES: Record<string, Handler> = {
  'GET /health': () => health(),
  'GET /.well-known/jwks.json': jwks,
  'GET /settings': (svc) => settings(svc),
  'POST /signup': signup,
  'POST /token': token,
  'GET /user': getUser,
  'PUT /user': updateUser,
  'POST /logout': logout,
  'GET /reauthenticate': reauthenticate,
  'POST /otp': otp,
  'POST /magiclink': magicLinkRoute,
  'POST /recover': recover,
  'POST /resend': resend,
  'GET /verify': verifyGet,
  'POST /verify': verifyPost,
};

/**
 * devstack's GoTrue: the `/auth/v1` API supabase-js and @supabase/ssr speak, on real auth.* rows
 * (via the supabase_auth_admin role, as GoTrue connects), answering GoTrue's JSON and error shapes.
 */
export async function createAuthService(ctx: ServiceContext): Promise<MountedService> {
  const cfg = ctx.config.auth;
  const svc: AuthService = {
    ctx,
    sql: ctx.pool('supabase_auth_admin'),
    cfg,
    limiter: new RateLimiter(cfg.rateLimitsEnabled),
    autoconfirm: !cfg.email.enable_confirmations,
  };

  async function dispatch(ar: AuthRequest): Promise<Reply> {
    const handler = ROUTES[`${ar.method === 'HEAD' ? 'GET' : ar.method} ${ar.path}`];
    if (handler) return handler(svc, ar);
    const adminReply = await admin(svc, ar);
    if (adminReply) return adminReply;
    if (ar.path === '/authorize' && ar.method === 'GET') {
      throw new AuthError(400, 'validation_failed', 'Unsupported provider: provider is not enabled');
    }
    throw new AuthError(404, 'not_found', 'Not Found');
  }

  const handler = async (req: IncomingMessage, res: ServerResponse, route: RouteInfo): Promise<void> => {
    const ar = new AuthRequest(req, res, route, clientIp(req), ctx.config.api.maxBodyBytes);
    let reply: Reply;
    try {
      reply = await dispatch(ar);
    } catch (err) {
      let authErr: AuthError;
      if (err instanceof AuthError) {
        authErr = err;
        if (err.status >= 500)
          ctx.log.error(`auth ${ar.method} ${ar.path}: ${err.message}: ${String(err.cause ?? '')}`);
      } else {
        ctx.log.error(`auth ${ar.method} ${ar.path}: ${(err as Error).stack ?? String(err)}`);
        authErr = new AuthError(
          500,
          'unexpected_failure',
          'Unexpected failure, please check server logs for more information',
        );
      }
      req.resume();
      const r = renderAuthError(req, authErr);
      sendJson(res, r.status, r.body, r.headers);
      return;
    }
    for (const mail of ar.outbox) ctx.mail.send(mail);
    if (reply.status === 204) {
      sendRaw(res, 204, undefined, reply.headers ?? {});
    } else if (typeof reply.body === 'string') {
      sendRaw(res, reply.status, reply.body, reply.headers ?? {});
    } else {
      sendJson(res, reply.status, reply.body ?? {}, reply.headers ?? {});
    }
  };
  return { handler };
}
