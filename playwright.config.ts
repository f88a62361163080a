import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { assertLocalStack } from './e2e/assert-local-stack';
import { E2E_APP_URL, E2E_MAIL_URL, E2E_SUPABASE_URL } from './e2e/stack';

/**
 * End-to-end tests in a real Chromium against the app and a fresh devstack on their own ports
 * (e2e/stack.ts), started by e2e/start-stack.ts. Locally, a stack left running by an earlier
 * `npx playwright test` is reused (set CI=1 to always start a fresh one).
 */
assertLocalStack({ E2E_APP_URL, E2E_SUPABASE_URL, E2E_MAIL_URL });

const CI = !!process.env.CI;
// `next dev` compiles each route on first visit, which can take longer than a normal assertion.
const DEV_SERVER = process.env.E2E_NEXT === 'dev';
// No internet here: use the system Chromium when present instead of `npx playwright install`.
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: CI ? 2 : undefined,
  timeout: DEV_SERVER ? 120_000 : 60_000,
  expect: { timeout: DEV_SERVER ? 30_000 : 10_000 },
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: E2E_APP_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node e2e/start-stack.ts',
    url: `${E2E_APP_URL}/login`,
    reuseExistingServer: !CI,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // Let devstack stop its embedded Postgres cleanly instead of being SIGKILLed.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
