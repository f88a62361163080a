import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { RouteInfo } from '../app.ts';
import { HttpError, header, readBody, sendJson, sendRaw } from '../http.ts';
import { writePolicies } from './authorization.ts';
import type { Deps } from './deps.ts';
import { type BroadcastMsg, topicKey } from './hub.ts';
import { LIMITS } from './limits.ts';
import { type Claims, checkToken } from './tokens.ts';

/** REST broadcast (protocol doc 5.9): `POST /api/broadcast` and `POST /api/broadcast/:topic/events/:event`. */

const messageSchema = z.object({
  topic: z.string().min(1),
  event: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  private: z.boolean().nullish(),
  id: z.string().nullish(),
});
const batchSchema = z.object({ messages: z.array(z.unknown()).min(1) });

const unauthorized = () => new HttpError(401, { message: 'Unauthorized' });

async function authenticate(deps: Deps, req: IncomingMessage, route: RouteInfo): Promise<Claims> {
  const token = header(req, 'x-api-key') ?? route.bearer;
  if (!token) throw unauthorized();
  const check = await checkToken(deps.ctx.keys, token);
  if (!check.ok) throw unauthorized();
  return check.claims;
}

/** Private messages need the write policy of their topic, evaluated with the request's claims. */
async function mayWrite(deps: Deps, req: IncomingMessage, claims: Claims, topic: string): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-') && typeof v === 'string') headers[k] = v;
  try {
    const p = await writePolicies(deps.sql, { topic, claims, headers }, ['broadcast'], {
      broadcastRead: null,
      broadcastWrite: null,
      presenceRead: null,
      presenceWrite: null,
    });
    return p.broadcastWrite === true;
  } catch {
    return false;
  }
}

export function createApiHandler(deps: Deps) {
  const tooLarge = () => new HttpError(413, { message: 'Payload too large' });
  return async (req: IncomingMessage, res: ServerResponse, route: RouteInfo): Promise<void> => {
    const single = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(route.path);
    if (req.method !== 'POST' || (route.path !== '/api/broadcast' && !single)) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const claims = await authenticate(deps, req, route);
    const body = await readBody(req, LIMITS.maxFrameBytes, tooLarge);

    if (single) {
      const topic = decodeURIComponent(single[1]);
      const event = decodeURIComponent(single[2]);
      const isPrivate = route.url.searchParams.get('private') === 'true';
      if (body.length > LIMITS.maxPayloadBytes) {
        sendJson(res, 422, { errors: { payload: ['Payload size exceeds tenant limit'] } });
        return;
      }
      const binary = (header(req, 'content-type') ?? '').startsWith('application/octet-stream');
      let msg: BroadcastMsg;
      if (binary) msg = { kind: 'user', event, encoding: 0, data: body, metadata: '' };
      else {
        try {
          JSON.parse(body.toString('utf8'));
        } catch {
          sendJson(res, 422, { errors: { payload: ['is invalid'] } });
          return;
        }
        msg = { kind: 'user', event, encoding: 1, data: body, metadata: '' };
      }
      if (!isPrivate || (await mayWrite(deps, req, claims, topic))) deps.hub.broadcast(topicKey(isPrivate, topic), msg);
      sendRaw(res, 202, '');
      return;
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      sendJson(res, 422, { errors: { messages: ["can't be blank"] } });
      return;
    }
    const batch = batchSchema.safeParse(parsed);
    if (!batch.success) {
      sendJson(res, 422, { errors: { messages: ["can't be blank"] } });
      return;
    }
    const messages: z.infer<typeof messageSchema>[] = [];
    const errors: Record<string, string[]>[] = [];
    for (const m of batch.data.messages) {
      const r = messageSchema.safeParse(m);
      const e: Record<string, string[]> = {};
      if (!r.success) {
        for (const issue of r.error.issues) e[String(issue.path[0] ?? 'message')] = ["can't be blank"];
      } else if (JSON.stringify(r.data.payload).length > LIMITS.maxPayloadBytes) {
        e.payload = ['Payload size exceeds tenant limit'];
      } else messages.push(r.data);
      errors.push(e);
    }
    if (errors.some((e) => Object.keys(e).length)) {
      sendJson(res, 422, { errors: { messages: errors } });
      return;
    }
    const allowed = new Map<string, boolean>();
    for (const m of messages) {
      const isPrivate = m.private === true;
      if (isPrivate) {
        let ok = allowed.get(m.topic);
        if (ok === undefined) {
          ok = await mayWrite(deps, req, claims, m.topic);
          allowed.set(m.topic, ok);
        }
        if (!ok) continue;
      }
      const payload: Record<string, unknown> = { type: 'broadcast', event: m.event, payload: m.payload };
      if (m.id) payload.meta = { id: m.id };
      deps.hub.broadcast(topicKey(isPrivate, m.topic), { kind: 'json', payload });
    }
    sendRaw(res, 202, '');
  };
}
