/**
 * Where the end-to-end stack runs. Its own ports and data folder, so `npx playwright test` never
 * touches a developer's `npm run dev` (54321/54322/54324 and :3000) or its database.
 */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_API_PORT = Number(process.env.E2E_API_PORT ?? 28321);
export const E2E_DB_PORT = Number(process.env.E2E_DB_PORT ?? 28322);
export const E2E_MAIL_PORT = Number(process.env.E2E_MAIL_PORT ?? 28324);

export const E2E_APP_URL = process.env.E2E_APP_URL ?? `http://127.0.0.1:${E2E_APP_PORT}`;
export const E2E_SUPABASE_URL = process.env.E2E_SUPABASE_URL ?? `http://127.0.0.1:${E2E_API_PORT}`;
export const E2E_MAIL_URL = process.env.E2E_MAIL_URL ?? `http://127.0.0.1:${E2E_MAIL_PORT}`;

/** The Supabase CLI's well-known local keys (as scripts/dev.ts): public by design, local-only. */
export const E2E_KEYS = {
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  SUPABASE_SECRET_KEY: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
};
