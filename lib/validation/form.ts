/**
 * Plain form checks for the browser (zod stays on the server: it would add ~30 KiB to every page).
 * A rule returns the message to show next to its field, or null. The zod schemas in lib/schemas
 * call the same rules, so the browser and the server actions say the same thing.
 */
export type Rule<T = string> = (value: T) => string | null;

/** Field errors as forms show them (`{ email: '…' }`): empty when the input is fine. */
export type FieldErrors = Record<string, string>;

/** A form's check: all of its fields at once, as a FormData-like object of strings. */
export type FormCheck = (values: Record<string, unknown>) => FieldErrors;

/** A form value as text (FormData gives strings; a missing field is empty). */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Runs each field's rule and keeps the problems. */
export function checkFields(checks: Record<string, string | null>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, problem] of Object.entries(checks)) if (problem) out[field] = problem;
  return out;
}
