import 'server-only';

import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { type ActionResult, AppError } from '@/lib/errors';
import { fieldErrorsOf, formDataToObject } from '@/lib/schemas/field-errors';
import { createClient, type ServerSupabaseClient } from '@/lib/supabase/server';

/**
 * The one wrapper every server action goes through (house style, in the spirit of makerkit's
 * `enhanceAction`). It
 *   1. parses the input (a FormData or a plain object) with the action's zod schema,
 *   2. creates the per-request Supabase server client and, unless `auth: false`, requires a
 *      signed-in user (verified JWT claims via getClaims()),
 *   3. runs the handler and returns `{ ok: true, data }`,
 *   4. turns any failure into `{ ok: false, code, message, fieldErrors? }`; unexpected errors are
 *      logged on the server and never leak their details to the client.
 * `redirect()` and `notFound()` thrown by a handler pass through (Next implements them as throws).
 */
export type PublicActionContext = {
  supabase: ServerSupabaseClient;
  /** Present when a user happens to be signed in. */
  userId: string | null;
};

export type AuthedActionContext = {
  supabase: ServerSupabaseClient;
  userId: string;
  email: string | null;
};

type Input<S extends z.ZodType> = FormData | z.input<S>;

export function safeAction<S extends z.ZodType, T>(
  options: { schema: S; auth: false },
  handler: (input: z.output<S>, ctx: PublicActionContext) => Promise<T>,
): (input: Input<S>) => Promise<ActionResult<T>>;
export function safeAction<S extends z.ZodType, T>(
  options: { schema: S; auth?: true },
  handler: (input: z.output<S>, ctx: AuthedActionContext) => Promise<T>,
): (input: Input<S>) => Promise<ActionResult<T>>;
export function safeAction<S extends z.ZodType, T>(
  options: { schema: S; auth?: boolean },
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above give callers the precise context type
  handler: (input: z.output<S>, ctx: any) => Promise<T>,
): (input: Input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const parsed = options.schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
      if (!parsed.success) {
        const fieldErrors = fieldErrorsOf(parsed.error);
        return new AppError('bad_request:api', Object.values(fieldErrors)[0], { fieldErrors }).toResult();
      }

      const supabase = await createClient();
      const { data } = await supabase.auth.getClaims();
      const claims = data?.claims;
      if (options.auth === false) {
        return { ok: true, data: await handler(parsed.data, { supabase, userId: claims?.sub ?? null }) };
      }
      if (!claims?.sub) throw new AppError('unauthorized:auth', 'Your session has ended. Please sign in again.');
      const ctx: AuthedActionContext = {
        supabase,
        userId: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : null,
      };
      return { ok: true, data: await handler(parsed.data, ctx) };
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof AppError) {
        if (error.type === 'internal') console.error(`[action] ${error.code}`, error.cause ?? error);
        return error.toResult();
      }
      console.error('[action] unexpected error', error);
      return new AppError('internal:api').toResult();
    }
  };
}
