import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ChatPage } from './pages/chat-page';
import { LoginPage } from './pages/login-page';

/** Seeded demo users (supabase/seed.sql). */
const PASSWORD = 'password123';

async function signIn(page: Page, email: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, PASSWORD);
}

test.describe('chat', () => {
  test('ada lands in acme #general, sends a message that shows once, also after a reload', async ({ page }) => {
    const chat = new ChatPage(page);
    await signIn(page, 'ada@example.com');
    await expect(page).toHaveURL(/\/acme\/general$/);
    await expect(chat.channelName).toHaveText('general');
    await expect(page.getByTestId('current-workspace').first()).toHaveText('Acme Inc.');
    await expect(page.getByTestId('sidebar-channel-general').first()).toHaveAttribute('aria-current', 'page');

    const text = `Hello from e2e ${randomUUID()}`;
    await chat.send(text);
    await expect(chat.composer).toHaveValue('');
    await expect(chat.message(text)).toHaveCount(1);
    await expect(chat.message(text)).toHaveAttribute('data-status', 'sent');

    await page.reload();
    await expect(chat.message(text)).toHaveCount(1);
    await expect(chat.message(text)).toHaveAttribute('data-status', 'sent');
  });

  test('markdown renders and HTML injection stays inert', async ({ page }) => {
    const chat = new ChatPage(page);
    await signIn(page, 'ada@example.com');
    await expect(chat.channelName).toHaveText('general');

    const marker = randomUUID().slice(0, 8);
    const payload =
      `**bold-${marker}** _it-${marker}_ \`code-${marker}\` [docs](https://example.com/${marker}) ` +
      `<img src=x onerror="window.__xss='${marker}'"><script>window.__xss='${marker}'</script> ` +
      `[bad](javascript:window.__xss=1) <a href="https://evil.example" onclick="window.__xss=1">raw-${marker}</a>`;
    await chat.send(payload);

    const message = chat.message(`bold-${marker}`);
    await expect(message).toHaveCount(1);
    await expect(message).toHaveAttribute('data-status', 'sent');
    const expectRendered = async () => {
      const body = message.getByTestId('message-body');
      await expect(body.locator('strong')).toHaveText(`bold-${marker}`);
      await expect(body.locator('em')).toHaveText(`it-${marker}`);
      await expect(body.locator('code')).toHaveText(`code-${marker}`);
      const link = body.locator(`a[href="https://example.com/${marker}"]`);
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(link).toHaveAttribute('target', '_blank');
      await expect(body.locator('img, script, [onerror], [onclick], a[href^="javascript"]')).toHaveCount(0);
      await expect(body.locator('a[href="https://evil.example"]')).toHaveCount(0);
      await expect(body).toContainText(`raw-${marker}`);
      expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    };
    // Rendered in the browser (the renderer loads on demand for a new message)…
    await expectRendered();
    // …and by the server, for the first page after a reload: same markup, no renderer needed.
    await page.reload();
    await expect(message).toHaveCount(1);
    await expectRendered();
    await expect(page.locator('[data-markdown="pending"]')).toHaveCount(0);
  });

  test('the composer refuses empty and over-long messages', async ({ page }) => {
    const chat = new ChatPage(page);
    await signIn(page, 'ada@example.com');
    await expect(chat.channelName).toHaveText('general');

    await chat.send('   ');
    await expect(chat.composerError).toContainText('Write something');

    await chat.composer.fill('x'.repeat(40_001));
    await expect(chat.composerError).toContainText('too long');
    await expect(chat.composerError).toContainText('40,001 of 40,000');
    await chat.composer.press('Enter');
    await expect(chat.composerError).toContainText('too long');
    await expect(chat.composer).toHaveValue('x'.repeat(40_001));
    await expect(chat.message('x'.repeat(100))).toHaveCount(0);
    await expect(page.locator('[data-status="sending"], [data-status="failed"]')).toHaveCount(0);
  });

  test('a failed send shows retry, and the retry delivers it once', async ({ page }) => {
    const chat = new ChatPage(page);
    await signIn(page, 'ada@example.com');
    await expect(chat.channelName).toHaveText('general');

    await page.route('**/rest/v1/rpc/send_message', (route) => route.abort('internetdisconnected'), { times: 1 });
    const text = `Retry me ${randomUUID()}`;
    await chat.send(text);
    await expect(chat.message(text)).toHaveAttribute('data-status', 'failed');
    await chat.message(text).getByTestId('retry-send').click();
    await expect(chat.message(text)).toHaveAttribute('data-status', 'sent');
    await expect(chat.message(text)).toHaveCount(1);
    await page.reload();
    await expect(chat.message(text)).toHaveCount(1);
  });

  test('messages from others appear on window focus (catch-up), once', async ({ page, browser }) => {
    const chat = new ChatPage(page);
    await signIn(page, 'ada@example.com');
    await expect(chat.channelName).toHaveText('general');

    const other = await browser.newContext();
    const gracePage = await other.newPage();
    const grace = new ChatPage(gracePage);
    await signIn(gracePage, 'grace@example.com');
    await expect(grace.channelName).toHaveText('general');
    const text = `From grace ${randomUUID()}`;
    await grace.send(text);
    await expect(grace.message(text)).toHaveAttribute('data-status', 'sent');
    await other.close();

    // Live delivery may or may not be up; a focus event must catch up either way.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(chat.message(text)).toHaveCount(1);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(chat.message(text)).toHaveCount(1);
  });

  test('a globex user opening an acme channel gets not found, with no acme data', async ({ page }) => {
    await signIn(page, 'eve@example.com');
    await expect(page).toHaveURL(/\/globex\/general$/);

    const response = await page.goto('/acme/general');
    await expect(page.getByTestId('not-found')).toBeVisible();
    expect(response?.status()).toBe(404);
    const html = (await response?.text()) ?? '';
    for (const leak of ['Acme Inc.', 'Company-wide announcements', 'c0000000-0000-4000-8000-000000000001']) {
      expect(html).not.toContain(leak);
    }
    await expect(page.getByTestId('workspace-shell')).toHaveCount(0);

    // By channel id too.
    await page.goto('/globex/c0000000-0000-4000-8000-000000000001');
    await expect(page.getByTestId('not-found')).toBeVisible();
  });

  test('scrolling up pages through history to the first message', async ({ page }) => {
    const chat = new ChatPage(page);
    await signIn(page, 'ada@example.com');
    await expect(chat.channelName).toHaveText('general');
    const list = page.getByTestId('message-list');
    const beginning = page.getByText('This is the very beginning of #general.');
    // #general has 150+ seeded messages: three or more pages of 50 before the beginning shows.
    await expect(async () => {
      await list.evaluate((el) => {
        el.scrollTop = 0;
      });
      await expect(beginning).toBeVisible({ timeout: 1_000 });
      // The seeded history starts at seq 1 (the first channel message), rendered exactly once.
      await expect(page.locator('[data-testid="message"][data-seq="1"]')).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
  });

  test('the sidebar is a drawer at phone width', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await signIn(page, 'ada@example.com');
    await expect(page).toHaveURL(/\/acme\/general$/);
    await page.getByTestId('open-sidebar').click();
    const drawer = page.getByRole('dialog');
    await expect(drawer.getByTestId('channel-sidebar')).toBeVisible();
    await drawer.getByTestId('sidebar-channel-engineering').click();
    await expect(page).toHaveURL(/\/acme\/engineering$/);
    await expect(page.getByTestId('channel-name')).toHaveText('engineering');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
});
