/**
 * Page load of the chat route (issue "App I"): a production build (`next build` + `next start`) on
 * devstack with the seeded data, measured in real Chromium as the demo user ada:
 * - cold load of /acme/general in a fresh browser context (empty cache, signed-in cookies):
 *   TTFB, LCP, JavaScript transferred (gzip, as served), and the HTML document's size;
 * - channel switch: from a click on another channel in the sidebar to its first message painted;
 * - at 10 channels and at 1,000 channels and 1,000 members in the workspace (the first page's
 *   payload must not grow with them), plus, for information, ada a member of all 1,000 channels.
 * Baseline in the same run: the static /login page's cold load (the framework's own floor).
 *
 *   node bench/page-load.ts        (BENCH_LOADS, BENCH_SWITCHES, BENCH_SKIP_BUILD=1 to reuse the build,
 *                                   BENCH_LIST_SCRIPTS=1 to list the chat page's scripts and sizes)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import postgres from 'postgres';
import { loadConfig } from '../devstack/src/config.ts';
import { createLogger } from '../devstack/src/log.ts';
import { startDevstack } from '../devstack/src/server.ts';
import { pct } from './lib/stats.ts';

const root = path.resolve(import.meta.dirname, '..');
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const SWITCHES = Number(process.env.BENCH_SWITCHES ?? 16);
// BENCH_PORT_OFFSET lets two checkouts run this benchmark at once without sharing ports.
const PORT_OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);
const APP_PORT = 3130 + PORT_OFFSET;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const DIST_DIR = '.next-bench';
const PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
const SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';
const ACME = 'b0000000-0000-4000-8000-000000000001';
const ADA = 'a0000000-0000-4000-8000-000000000001';
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const TARGETS = { jsKiB: 250, lcpMs: 1500, switchMs: 200 };

const stackEnv = {
  ...process.env,
  DEVSTACK_API_PORT: String(27721 + PORT_OFFSET),
  DEVSTACK_DB_PORT: String(27722 + PORT_OFFSET),
  DEVSTACK_MAIL_PORT: String(27724 + PORT_OFFSET),
  DEVSTACK_DATA_DIR: path.join(root, '.devstack', 'bench-page'),
  DEVSTACK_LOG: 'silent',
  DEVSTACK_AUTH_RATE_LIMITS: 'off',
};

type Load = {
  ttfb: number;
  lcp: number;
  jsBytes: number;
  htmlBytes: number;
  htmlDecoded: number;
  scripts: { name: string; bytes: number }[];
};
/** One switch: click to first message painted, and when the page's RSC response started and ended (from the click). */
type Switch = { total: number; rscStart: number; rscEnd: number };
type Row = { scenario: string; loads: Load[]; switches: Switch[] };

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Pads acme to `channels` channels that ada belongs to (or only exist, when `adaJoins` is false). */
async function addChannels(sql: postgres.Sql, upTo: number, adaJoins: boolean): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into public.channels (id, workspace_id, kind, name, topic, created_by)
      select md5('bench-c' || i)::uuid, ${ACME}, 'public', 'bench-' || lpad(i::text, 4, '0'), 'Bench channel ' || i, ${ADA}
      from generate_series(1, ${upTo} - (select count(*) from public.channels where workspace_id = ${ACME})) i
      on conflict do nothing`;
    if (adaJoins) {
      await tx`
        insert into public.channel_members (channel_id, user_id, workspace_id)
        select id, ${ADA}, workspace_id from public.channels where workspace_id = ${ACME} and name like 'bench-%'
        on conflict do nothing`;
    }
  });
}

/** Adds workspace members to acme (and to #general, as Slack does) up to `members`. */
async function addMembers(sql: postgres.Sql, members: number): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    const [{ n }] = await tx`select count(*)::int as n from public.workspace_members where workspace_id = ${ACME}`;
    const add = members - n;
    if (add <= 0) return;
    await tx`
      insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
        raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', md5('bench-u' || i)::uuid, 'authenticated', 'authenticated',
        'member' || i || '@bench.example', now(), '{"provider":"email","providers":["email"]}', '{}', now(), now()
      from generate_series(1, ${add}) i`;
    await tx`insert into public.profiles (id, display_name)
             select md5('bench-u' || i)::uuid, 'Member ' || i from generate_series(1, ${add}) i`;
    await tx`insert into public.workspace_members (workspace_id, user_id, role)
             select ${ACME}, md5('bench-u' || i)::uuid, 'member' from generate_series(1, ${add}) i`;
    await tx`insert into public.channel_members (channel_id, user_id, workspace_id)
             select c.id, md5('bench-u' || i)::uuid, ${ACME}
             from generate_series(1, ${add}) i, public.channels c
             where c.workspace_id = ${ACME} and c.is_default`;
  });
  await sql`analyze`;
}

const LCP_PROBE = `
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

/** One cold load (fresh context, so nothing cached) of `url`; waits for `readySelector`. */
async function coldLoad(browser: Browser, storageState: string | undefined, url: string, ready: string) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(LCP_PROBE);
    await page.goto(url, { waitUntil: 'load' });
    await page
      .locator(ready)
      .first()
      .waitFor({ state: 'visible' })
      .catch(async (error) => {
        const text = ((await page.locator('body').textContent()) ?? '').slice(0, 500);
        throw new Error(`${url} never showed ${ready}; the page said: ${text}`, { cause: error });
      });
    await page.waitForLoadState('networkidle');
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (r) => r.initiatorType === 'script' || /\.m?js(\?|$)/.test(new URL(r.name).pathname),
      );
      return {
        ttfb: nav.responseStart - nav.startTime,
        lcp: (window as unknown as { __lcp: number }).__lcp,
        jsBytes: scripts.reduce((sum, r) => sum + r.encodedBodySize, 0),
        scripts: scripts.map((r) => ({ name: new URL(r.name).pathname, bytes: r.encodedBodySize })),
        htmlBytes: nav.encodedBodySize,
        htmlDecoded: nav.decodedBodySize,
      };
    });
  } finally {
    await context.close();
  }
}

/**
 * Click on channel `name` in the sidebar until its first message is painted (two frames later).
 * A long sidebar is virtualized: first scroll it, as a person would, until the link is rendered
 * (not timed).
 */
function switchTo(page: Page, name: string): Promise<Switch> {
  return page.evaluate(async (target) => {
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null;
    const find = () => Array.from(document.querySelectorAll(`[data-testid="sidebar-channel-${target}"]`)).find(visible);
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    let link = find();
    const scroller = document.querySelector('[data-testid="channel-sidebar"]')?.parentElement;
    if (!link && scroller) {
      for (let top = 0; !link && top <= scroller.scrollHeight; top += scroller.clientHeight / 2) {
        scroller.scrollTop = top;
        await frame();
        link = find();
      }
    }
    return new Promise<{ total: number; rscStart: number; rscEnd: number }>((resolve, reject) => {
      if (!link) return reject(new Error(`no sidebar link for ${target}`));
      // The buffer holds 250 entries by default, fewer than a session's requests: start empty.
      performance.clearResourceTimings();
      const oldList = document.querySelector('[data-testid="message-list"]');
      const timeout = setTimeout(() => reject(new Error(`switch to ${target} timed out`)), 15_000);
      const t0 = performance.now();
      const done = () => {
        const list = document.querySelector('[data-testid="message-list"]');
        const title = document.querySelector('[data-testid="channel-name"]');
        return list !== oldList && title?.textContent === target && !!list?.querySelector('[data-testid="message"]');
      };
      const observer = new MutationObserver(() => {
        if (!done()) return;
        observer.disconnect();
        clearTimeout(timeout);
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const total = performance.now() - t0;
            // The navigation's RSC request (`?_rsc=`): how much of the switch is server and network.
            const rsc = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
              .filter((r) => r.startTime >= t0 && r.name.includes('_rsc=') && r.name.includes(`/${target}?`))
              .at(-1);
            resolve({
              total,
              rscStart: rsc ? rsc.responseStart - t0 : Number.NaN,
              rscEnd: rsc ? rsc.responseEnd - t0 : Number.NaN,
            });
          }),
        );
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      (link as HTMLElement).click();
    });
  }, name);
}

async function measureScenario(browser: Browser, storageState: string, scenario: string): Promise<Row> {
  const loads: Load[] = [];
  for (let i = 0; i < LOADS; i++) {
    loads.push(await coldLoad(browser, storageState, `${APP_URL}/acme/general`, '[data-testid="message"]'));
  }
  const context: BrowserContext = await browser.newContext({ storageState, viewport: { width: 1280, height: 800 } });
  const switches: Switch[] = [];
  try {
    const page = await context.newPage();
    await page.goto(`${APP_URL}/acme/general`);
    await page.locator('[data-testid="message"]').first().waitFor();
    // A long sidebar arrives as a first page; the rest loads right after hydration.
    await page.locator('[data-testid="sidebar-loading"]').waitFor({ state: 'detached' });
    const order = ['engineering', 'leadership', 'general']; // ada's seeded channels with messages
    // One untimed round: the first visit of each route also loads its code and warms the server.
    for (const name of order) await switchTo(page, name);
    for (let i = 0; i < SWITCHES; i++) switches.push(await switchTo(page, order[i % order.length]));
  } finally {
    await context.close();
  }
  return { scenario, loads, switches };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const median = (xs: number[]) => pct(xs, 50);

async function main(): Promise<void> {
  const config = loadConfig({ workdir: root, env: stackEnv });
  console.log('starting devstack (reset + seed)…');
  const stack = await startDevstack({ config, log: createLogger('silent'), prepare: { reset: true } });
  const sql = postgres(stack.ctx.cluster.superUrl('postgres'), { max: 2, onnotice: () => {} });
  const appEnv = {
    ...process.env,
    NEXT_PUBLIC_SUPABASE_URL: config.api.url,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    SUPABASE_SECRET_KEY: SECRET_KEY,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
  let next: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      console.log('next build…');
      await run([nextBin, 'build'], appEnv);
    }
    const nextLog = openSync(path.join(root, '.devstack', 'bench-page-next.log'), 'w');
    next = spawn(process.execPath, [nextBin, 'start', '--port', String(APP_PORT), '--hostname', '127.0.0.1'], {
      cwd: root,
      env: appEnv,
      stdio: ['ignore', nextLog, nextLog],
    });
    await waitForOk(`${APP_URL}/login`, 120_000);

    browser = await chromium.launch({
      executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });

    // Sign in once through the real form; every measured context starts from these cookies.
    const signIn = await browser.newContext();
    const page = await signIn.newPage();
    await page.goto(`${APP_URL}/login`);
    await page.getByTestId('email-input').fill('ada@example.com');
    await page.getByTestId('password-input').fill('password123');
    await page.getByTestId('sign-in-button').click();
    await page.waitForURL(/\/acme\/general$/);
    const storageState = path.join(root, '.devstack', 'bench-page-state.json');
    await signIn.storageState({ path: storageState });
    await signIn.close();

    const baseline: Load[] = [];
    for (let i = 0; i < LOADS; i++) {
      baseline.push(await coldLoad(browser, undefined, `${APP_URL}/login`, '[data-testid="login-form"]'));
    }

    const rows: Row[] = [];
    await addChannels(sql, 10, true);
    rows.push(await measureScenario(browser, storageState, '10 channels, 4 members'));
    await addChannels(sql, 1000, false);
    await addMembers(sql, 1000);
    rows.push(await measureScenario(browser, storageState, '1,000 channels, 1,000 members (ada in 10)'));
    await addChannels(sql, 1000, true);
    rows.push(await measureScenario(browser, storageState, '1,000 channels, ada in all (information)'));

    console.log(
      `\nuptime: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} (load average)`,
    );
    console.log(`cold loads per row: ${LOADS}; channel switches: ${SWITCHES} (medians, p95 in brackets)\n`);
    console.log(
      '| page | TTFB | LCP | JS (gzip) | HTML (gzip / raw) | channel switch | of which RSC response (first byte / done) |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const line = (name: string, loads: Load[], switches: Switch[] | null) => {
      const total = switches?.map((s) => s.total) ?? [];
      const rsc = (key: 'rscStart' | 'rscEnd') => median((switches ?? []).map((s) => s[key]).filter(Number.isFinite));
      console.log(
        `| ${name} | ${ms(median(loads.map((l) => l.ttfb)))} | ${ms(median(loads.map((l) => l.lcp)))} (${ms(
          pct(
            loads.map((l) => l.lcp),
            95,
          ),
        )}) | ` +
          `${kib(median(loads.map((l) => l.jsBytes)))} | ${kib(median(loads.map((l) => l.htmlBytes)))} / ${kib(median(loads.map((l) => l.htmlDecoded)))} | ` +
          `${switches ? `${ms(median(total))} (${ms(pct(total, 95))})` : '–'} | ` +
          `${switches ? `${ms(rsc('rscStart'))} / ${ms(rsc('rscEnd'))}` : '–'} |`,
      );
    };
    line('/login (baseline)', baseline, null);
    for (const r of rows) line(`/acme/general, ${r.scenario}`, r.loads, r.switches);
    if (process.env.BENCH_LIST_SCRIPTS === '1') {
      // Which files make up the JS figure (gzip as served), largest first: where to look next.
      console.log('\nscripts of the first cold load of /acme/general (10 channels):');
      for (const s of [...rows[0].loads[0].scripts].sort((a, b) => b.bytes - a.bytes)) {
        console.log(`  ${kib(s.bytes).padStart(10)}  ${s.name}`);
      }
    }

    const small = rows[0];
    const big = rows[1];
    const js = median(small.loads.map((l) => l.jsBytes));
    const lcp = median(small.loads.map((l) => l.lcp));
    const sw = median(small.switches.map((s) => s.total));
    const growth = median(big.loads.map((l) => l.htmlDecoded)) / median(small.loads.map((l) => l.htmlDecoded));
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log('');
    console.log(`chat route JS ${kib(js)} vs target ${TARGETS.jsKiB} KiB: ${verdict(js <= TARGETS.jsKiB * 1024)}`);
    console.log(
      `chat route JS / login JS: ${(js / median(baseline.map((l) => l.jsBytes))).toFixed(2)}x; LCP / login LCP: ${(lcp / median(baseline.map((l) => l.lcp))).toFixed(2)}x`,
    );
    console.log(`LCP ${ms(lcp)} vs target ${TARGETS.lcpMs} ms: ${verdict(lcp <= TARGETS.lcpMs)}`);
    console.log(`channel switch ${ms(sw)} vs target ${TARGETS.switchMs} ms: ${verdict(sw <= TARGETS.switchMs)}`);
    console.log(
      `first page HTML at 1,000 channels and members / at 10: ${growth.toFixed(2)}x (target: not growing, <= 1.1x): ${verdict(growth <= 1.1)}`,
    );
  } finally {
    await browser?.close();
    next?.kill('SIGTERM');
    await sql.end();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
