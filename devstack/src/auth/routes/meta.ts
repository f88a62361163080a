import { type AuthRequest, type AuthService, ok, type Reply } from '../request.ts';

/** The GoTrue version the pinned Supabase CLI runs. */
export const GOTRUE_VERSION = 'v2.189.0';

const PROVIDERS = [
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'snapchat',
  'figma',
  'fly',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'kakao',
  'linkedin',
  'linkedin_oidc',
  'notion',
  'spotify',
  'slack',
  'slack_oidc',
  'workos',
  'twitch',
  'twitter',
];

/** GET /settings */
export function settings(svc: AuthService): Reply {
  const external: Record<string, boolean> = { anonymous_users: svc.cfg.enable_anonymous_sign_ins };
  for (const p of PROVIDERS) external[p] = false;
  Object.assign(external, { email: svc.cfg.email.enable_signup, phone: false, zoom: false });
  return ok({
    external,
    disable_signup: !svc.cfg.enable_signup,
    mailer_autoconfirm: svc.autoconfirm,
    phone_autoconfirm: false,
    sms_provider: 'twilio',
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  });
}

/** GET /health */
export function health(): Reply {
  return ok({
    version: GOTRUE_VERSION,
    name: 'GoTrue',
    description: 'GoTrue is a user registration and authentication API',
  });
}

/** GET /.well-known/jwks.json: the public signing key (never the HMAC secret). */
export function jwks(svc: AuthService, _ar: AuthRequest): Reply {
  return ok({ keys: [svc.ctx.keys.publicJwk] }, { 'cache-control': 'public, max-age=600' });
}
