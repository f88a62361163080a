/**
 * Typed application errors with `${type}:${surface}` codes (the ai-chatbot pattern). The code is
 * stable and machine-readable (tests and clients branch on it); the message is written for the
 * person in front of the screen and says what they can do about it.
 */
export const errorTypes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limit',
  'offline',
  'internal',
] as const;
export type ErrorType = (typeof errorTypes)[number];

export const surfaces = ['auth', 'workspace', 'channel', 'message', 'database', 'api'] as const;
export type Surface = (typeof surfaces)[number];

export type ErrorCode = `${ErrorType}:${Surface}`;

/** Surfaces whose details are safe to show as-is; the rest get a generic message in `toResult()`. */
const visibleSurfaces: ReadonlySet<Surface> = new Set(['auth', 'workspace', 'channel', 'message', 'api']);

const defaultMessages: Partial<Record<ErrorType, string>> = {
  bad_request: 'Please check what you entered and try again.',
  unauthorized: 'Please sign in to continue.',
  forbidden: "You don't have access to this.",
  not_found: "We couldn't find what you were looking for.",
  conflict: 'That already exists.',
  rate_limit: 'Too many attempts. Please wait a minute and try again.',
  offline: "We couldn't reach the server. Check your connection and try again.",
  internal: 'Something went wrong on our side. Please try again.',
};

export class AppError extends Error {
  readonly type: ErrorType;
  readonly surface: Surface;
  readonly code: ErrorCode;
  /** Field-level messages for forms, keyed by input name. */
  readonly fieldErrors?: Record<string, string>;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; fieldErrors?: Record<string, string> }) {
    const [type, surface] = code.split(':') as [ErrorType, Surface];
    super(message ?? defaultMessages[type] ?? 'Something went wrong.', { cause: options?.cause });
    this.name = 'AppError';
    this.type = type;
    this.surface = surface;
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
  }

  /** The failure half of an action result; hides internal details of non-visible surfaces. */
  toResult(): ActionFailure {
    const visible = visibleSurfaces.has(this.surface) && this.type !== 'internal';
    return {
      ok: false,
      code: this.code,
      message: visible ? this.message : (defaultMessages[this.type] ?? 'Something went wrong.'),
      ...(this.fieldErrors ? { fieldErrors: this.fieldErrors } : {}),
    };
  }
}

export type ActionFailure = {
  ok: false;
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string>;
};
export type ActionSuccess<T> = { ok: true; data: T };
export type ActionResult<T> = ActionSuccess<T> | ActionFailure;

/** The shape of errors from supabase-js (AuthError, PostgrestError, fetch failures). */
type SupabaseLikeError = { code?: string; status?: number; message?: string; name?: string };

/**
 * Maps a Supabase Auth error to an AppError with a message a person can act on. Auth error codes
 * are GoTrue's (`invalid_credentials`, `user_already_exists`, …); anything unknown becomes
 * `internal:auth` and keeps the original as `cause` for the server log.
 */
export function authError(error: SupabaseLikeError): AppError {
  const cause = error;
  switch (error.code) {
    case 'invalid_credentials':
      return new AppError('unauthorized:auth', 'Email or password is incorrect.', { cause });
    case 'email_not_confirmed':
      return new AppError('forbidden:auth', 'Please confirm your email first: open the link we sent you.', { cause });
    case 'user_already_exists':
    case 'email_exists':
      return new AppError('conflict:auth', 'An account with this email already exists. Try signing in instead.', {
        cause,
        fieldErrors: { email: 'An account with this email already exists.' },
      });
    case 'weak_password':
      return new AppError('bad_request:auth', error.message ?? 'Please choose a stronger password.', {
        cause,
        fieldErrors: { password: error.message ?? 'Please choose a stronger password.' },
      });
    case 'same_password':
      return new AppError('bad_request:auth', 'Your new password must be different from the old one.', {
        cause,
        fieldErrors: { password: 'Your new password must be different from the old one.' },
      });
    case 'email_address_invalid':
      return new AppError('bad_request:auth', 'Please enter a valid email address.', {
        cause,
        fieldErrors: { email: 'Please enter a valid email address.' },
      });
    case 'signup_disabled':
    case 'email_provider_disabled':
      return new AppError('forbidden:auth', 'Sign-ups are turned off on this server.', { cause });
    case 'over_request_rate_limit':
    case 'over_email_send_rate_limit':
      return new AppError('rate_limit:auth', undefined, { cause });
    case 'otp_expired':
    case 'flow_state_expired':
    case 'flow_state_not_found':
    case 'bad_code_verifier':
      return new AppError('bad_request:auth', 'This link has expired or was already used. Please request a new one.', {
        cause,
      });
    case 'session_not_found':
    case 'refresh_token_not_found':
    case 'no_authorization':
      return new AppError('unauthorized:auth', 'Your session has ended. Please sign in again.', { cause });
  }
  if (error.status === 429) return new AppError('rate_limit:auth', undefined, { cause });
  if (error.name === 'AuthRetryableFetchError' || error.status === 0) {
    return new AppError('offline:auth', undefined, { cause });
  }
  return new AppError('internal:auth', undefined, { cause });
}
