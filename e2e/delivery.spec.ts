import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from './fixtures';
import { ChatPage } from './pages/chat-page';
import { LoginPage } from './pages/login-page';

/**
 * Live delivery and network faults between two signed-in people (seeded ada and grace in acme
 * #general), each in their own browser context.
 */
const PASSWORD = 'password123';

async function openAs(
  browser: Browser,
  email: string,
): Promise<{ context: BrowserContext; page: Page; chat: ChatPage }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, PASSWORD);
  const chat = new ChatPage(page);
  await expect(chat.channelName).toHaveText('general');
  return { context, page, chat };
}

/**
 * Playwright's offline mode stops HTTP but not an already open WebSocket. This routes the
 * realtime socket through the test so "offline" also cuts it: open sockets close, new ones are
 * refused until `online()`; realtime-js then reconnects on its own schedule.
 */
async function cuttableRealtime(page: Page) {
  let offline = false;
  const open = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/realtime\/v1\/websocket/, (ws) => {
    if (offline) {
      void ws.close({ code: 1011, reason: 'test: offline' });
      return;
    }
    ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    offline() {
      offline = true;
      for (const ws of open) void ws.close({ code: 1011, reason: 'test: offline' });
    },
    online() {
      offline = false;
    },
  };
}

/** The seqs of the rendered messages containing each text, in the list's order. */
async function renderedSeqs(chat: ChatPage, texts: string[]): Promise<number[]> {
  const seqs: number[] = [];
  for (const t of texts) seqs.push(Number(await chat.message(t).getAttribute('data-seq')));
  return seqs;
}

test.describe('delivery', () => {
  test("grace's message appears live in ada's open channel within one second", async ({ browser }) => {
    const ada = await openAs(browser, 'ada@example.com');
    const grace = await openAs(browser, 'grace@example.com');
    try {
      // Give ada's realtime subscription a moment to join before the clock starts.
      await expect(ada.page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'live');
      const text = `Live ${randomUUID()}`;
      await grace.chat.send(text);
      await expect(grace.chat.message(text)).toHaveAttribute('data-status', 'sent');
      // Within one second of grace's send completing, without focus events or reloads.
      await expect(ada.chat.message(text)).toHaveCount(1, { timeout: 1_000 });
      await expect(ada.chat.message(text)).toHaveAttribute('data-status', 'sent');
    } finally {
      await ada.context.close();
      await grace.context.close();
    }
  });

  test('sends made offline are delivered once, in order, on reconnect; missed messages arrive without reload', async ({
    browser,
  }) => {
    const ada = await openAs(browser, 'ada@example.com');
    const grace = await openAs(browser, 'grace@example.com');
    try {
      await expect(ada.page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'live');
      const socket = await cuttableRealtime(ada.page);
      // Reload so the realtime socket goes through the route above.
      await ada.page.reload();
      await expect(ada.page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'live');

      const id = randomUUID().slice(0, 8);
      const first = `Offline one ${id}`;
      const second = `Offline two ${id}`;
      const missed = `While ada was away ${id}`;

      socket.offline();
      await ada.context.setOffline(true);
      await ada.chat.send(first);
      await ada.chat.send(second);
      // Kept on screen, not lost, and not shown as sent.
      await expect(ada.chat.message(first)).toHaveCount(1);
      await expect(ada.chat.message(second)).toHaveCount(1);
      await expect(ada.chat.message(first)).not.toHaveAttribute('data-status', 'sent');
      await expect(ada.chat.message(second)).not.toHaveAttribute('data-status', 'sent');

      await grace.chat.send(missed);
      await expect(grace.chat.message(missed)).toHaveAttribute('data-status', 'sent');

      socket.online();
      await ada.context.setOffline(false);

      // Both of ada's messages go out by themselves, once each, in the order she wrote them.
      await expect(ada.chat.message(first)).toHaveAttribute('data-status', 'sent', { timeout: 15_000 });
      await expect(ada.chat.message(second)).toHaveAttribute('data-status', 'sent', { timeout: 15_000 });
      await expect(ada.chat.message(first)).toHaveCount(1);
      await expect(ada.chat.message(second)).toHaveCount(1);
      const [s1, s2] = await renderedSeqs(ada.chat, [first, second]);
      expect(s1).toBeGreaterThan(0);
      expect(s2).toBeGreaterThan(s1);

      // Grace's message from while ada was offline shows up without a reload, once.
      await expect(ada.chat.message(missed)).toHaveCount(1, { timeout: 15_000 });

      // Grace sees ada's two messages once each, in order, live.
      await expect(grace.chat.message(first)).toHaveCount(1);
      await expect(grace.chat.message(second)).toHaveCount(1);
      const [g1, g2] = await renderedSeqs(grace.chat, [first, second]);
      expect([g1, g2]).toEqual([s1, s2]);

      // And nothing doubled after a reload either.
      await ada.page.reload();
      for (const t of [first, second, missed]) await expect(ada.chat.message(t)).toHaveCount(1);
    } finally {
      await ada.context.close();
      await grace.context.close();
    }
  });
});
