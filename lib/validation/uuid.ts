/**
 * An RFC 9562 UUID (versions 1-8, RFC variant) or the nil/max UUID: the same rule as zod's
 * `z.uuid()`, which the server actions apply, so the browser never accepts what they refuse.
 */
const UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
