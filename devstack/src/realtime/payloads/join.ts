import { z } from 'zod';

/**
 * The phx_join payload (Realtime's Payloads.Join/Config/Broadcast/Presence). Like Realtime, a field
 * that does not parse falls back to its default instead of failing the join.
 */
const flexBool = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
  .optional()
  .catch(undefined);

const objectOr = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const broadcastSchema = z.object({
  self: flexBool,
  ack: flexBool,
  replication_ready: flexBool,
});

const presenceSchema = z.object({
  enabled: flexBool,
  key: z.unknown().optional(),
});

const configSchema = z.object({
  broadcast: objectOr(broadcastSchema),
  presence: objectOr(presenceSchema),
  postgres_changes: z
    .array(z.unknown())
    .optional()
    .catch(undefined)
    .transform((xs) =>
      (xs ?? []).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)),
    ),
  private: flexBool,
});

const joinSchema = z.object({
  config: objectOr(configSchema),
  access_token: z.string().nullish().catch(undefined),
  user_token: z.string().nullish().catch(undefined),
});

export interface JoinParams {
  self: boolean;
  ack: boolean;
  replicationReady: boolean;
  presenceEnabled: boolean;
  /** undefined: the server generates one, as Realtime does for `""`. */
  presenceKey: string | undefined;
  postgresChanges: Record<string, unknown>[];
  private: boolean;
  accessToken: string | undefined;
  /** Whether the client uses the `config` API (the only one realtime-js 2.x speaks). */
  newApi: boolean;
}

export function parseJoin(payload: unknown): JoinParams {
  const parsed = joinSchema.safeParse(typeof payload === 'object' && payload !== null ? payload : {});
  const p = parsed.success ? parsed.data : {};
  const c = 'config' in p ? p.config : undefined;
  const key = c?.presence?.key;
  return {
    self: c?.broadcast?.self ?? false,
    ack: c?.broadcast?.ack ?? false,
    replicationReady: c?.broadcast?.replication_ready ?? false,
    presenceEnabled: c?.presence?.enabled ?? false,
    presenceKey: key === undefined || key === null || key === '' ? undefined : String(key),
    postgresChanges: c?.postgres_changes ?? [],
    private: c?.private ?? false,
    accessToken: ('user_token' in p && p.user_token) || ('access_token' in p && p.access_token) || undefined,
    newApi: c !== undefined,
  };
}
