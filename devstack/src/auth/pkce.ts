import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { badRequest, notFound, unprocessable } from './errors.ts';
import type { Db } from './request.ts';

const CHALLENGE_RE = /^[a-zA-Z._~0-9-]+$/;
/** GoTrue's default flow-state expiry (GOTRUE_EXTERNAL_FLOW_STATE_EXPIRY_DURATION). */
const FLOW_STATE_EXPIRY_MS = 300_000;

export function validatePkceParams(method: string, challenge: string): void {
  if ((challenge === '') !== (method === '')) {
    throw badRequest('validation_failed', 'PKCE flow requires code_challenge_method and code_challenge');
  }
  if (challenge === '') return;
  if (challenge.length < 43 || challenge.length > 128) {
    throw badRequest('validation_failed', 'code challenge has to be between 43 and 128 characters');
  }
  if (!CHALLENGE_RE.test(challenge)) {
    throw badRequest(
      'validation_failed',
      'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes',
    );
  }
  if (!['s256', 'plain'].includes(method.toLowerCase())) {
    throw badRequest('validation_failed', `unsupported code_challenge method "${method}"`);
  }
}

export const isPkce = (challenge: string) => challenge !== '';

/** Prefixes an email token for the PKCE flow (`pkce_<hash>`), as addFlowPrefixToToken. */
export const flowToken = (hash: string, challenge: string) => (isPkce(challenge) ? `pkce_${hash}` : hash);

export async function createFlowState(
  db: Db,
  providerType: string,
  authMethod: string,
  method: string,
  challenge: string,
  userId: string,
): Promise<void> {
  await db`insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
             created_at, updated_at, authentication_method)
           values (${randomUUID()}, ${userId}, ${randomUUID()}, ${method.toLowerCase()}, ${challenge}, ${providerType},
             now(), now(), ${authMethod})`;
}

/** Marks the user's latest flow state for `authMethod` issued and returns its auth code. */
export async function issueAuthCode(db: Db, userId: string, authMethod: string): Promise<string> {
  const [fs] = await db<{ id: string; auth_code: string }[]>`
    select id, auth_code from auth.flow_state where user_id = ${userId} and authentication_method = ${authMethod}
    order by created_at desc limit 1`;
  if (!fs)
    throw notFound('flow_state_not_found', 'No associated flow state found. No valid flow state found for user.');
  await db`update auth.flow_state set auth_code_issued_at = now(), updated_at = now() where id = ${fs.id}`;
  return fs.auth_code;
}

export interface FlowState {
  id: string;
  user_id: string | null;
  code_challenge: string;
  code_challenge_method: string;
  authentication_method: string;
  created_at: Date;
  auth_code_issued_at: Date | null;
}

export async function consumeFlowState(db: Db, authCode: string, verifier: string): Promise<FlowState> {
  const [fs] = await db<FlowState[]>`
    select id, user_id, code_challenge, code_challenge_method::text, authentication_method, created_at, auth_code_issued_at
    from auth.flow_state where auth_code = ${authCode} for update`;
  if (!fs?.user_id) throw notFound('flow_state_not_found', 'invalid flow state, no valid flow state found');
  const start =
    fs.auth_code_issued_at && fs.authentication_method === 'magiclink' ? fs.auth_code_issued_at : fs.created_at;
  if (Date.now() > start.getTime() + FLOW_STATE_EXPIRY_MS) {
    throw unprocessable('flow_state_expired', 'invalid flow state, flow state has expired');
  }
  const expected =
    fs.code_challenge_method === 's256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(expected);
  const b = Buffer.from(fs.code_challenge);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw badRequest('bad_code_verifier', 'code challenge does not match previously saved code verifier');
  }
  await db`delete from auth.flow_state where id = ${fs.id}`;
  return fs;
}
