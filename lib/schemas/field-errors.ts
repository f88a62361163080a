import type { z } from 'zod';

/** First message per field (`{ email: '…' }`), the shape forms render next to each input. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    out[key] ??= issue.message;
  }
  return out;
}

/** A FormData as a plain object (last value wins), so it can be parsed by a zod object schema. */
export function formDataToObject(input: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of input.entries()) out[key] = value;
  return out;
}

/**
 * A zod refinement from a plain rule of lib/validation (message or null), so the server's schema
 * and the browser's check share one rule and one message.
 */
export function byRule<T>(rule: (value: T) => string | null) {
  return (value: T, ctx: z.RefinementCtx) => {
    const message = rule(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}
