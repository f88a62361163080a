import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ChatPage } from './pages/chat-page';
import { LoginPage } from './pages/login-page';

/** Seeded demo users (supabase/seed.sql): ada and grace are both in acme #engineering. */
const PASSWORD = 'password123';

async function signIn(page: Page, email: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, PASSWORD);
  // Sign-in renders the landing channel server-side: slow on a busy machine, so a longer wait.
  await expect(page).toHaveURL(/\/acme\/general$/, { timeout: 30_000 });
}

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

async function openAs(browser: Browser, email: string, channel: string): Promise<ChatPage> {
  const page = await newPage(browser);
  await signIn(page, email);
  const chat = new ChatPage(page);
  await chat.goto('acme', channel);
  return chat;
}

const THREAD_URL = /[?&]thread=[0-9a-f-]{36}/;

test.describe('threads', () => {
  test('replies and also-send-to-channel replies appear live for the other person, with the reply count', async ({
    browser,
  }) => {
    const ada = await openAs(browser, 'ada@example.com', 'engineering');
    const grace = await openAs(browser, 'grace@example.com', 'engineering');
    const tag = randomUUID().slice(0, 8);

    const rootText = `Thread root ${tag}`;
    await ada.send(rootText);
    await expect(ada.message(rootText)).toHaveAttribute('data-status', 'sent');
    await expect(grace.message(rootText)).toHaveCount(1);

    // Ada opens the thread from the hover action; the URL names it.
    await ada.messageAction(ada.message(rootText), 'reply-in-thread');
    await expect(ada.threadPanel).toBeVisible();
    await expect(ada.page).toHaveURL(THREAD_URL);
    await expect(ada.threadPanel.getByTestId('thread-root')).toContainText(rootText);
    await expect(ada.threadComposer).toBeFocused();

    await grace.messageAction(grace.message(rootText), 'reply-in-thread');
    await expect(grace.threadPanel.getByTestId('thread-root')).toContainText(rootText);
    await expect(grace.threadPanel.getByTestId('thread-reply-count')).toHaveText('No replies yet');

    const reply1 = `First reply ${tag}`;
    await ada.reply(reply1);
    await expect(ada.threadMessage(reply1)).toHaveAttribute('data-status', 'sent');
    await expect(grace.threadMessage(reply1)).toHaveCount(1);
    // The root in the channel shows the count and last reply, live (thread_updated).
    const graceRoot = grace.message(rootText);
    await expect(graceRoot.getByTestId('reply-count')).toHaveText('1 reply');
    await expect(graceRoot.getByTestId('last-reply')).toHaveText('Last reply just now');
    // A plain reply stays in the thread.
    await expect(grace.message(reply1)).toHaveCount(0);
    await expect(ada.message(reply1)).toHaveCount(0);

    const reply2 = `Also in channel ${tag}`;
    await ada.reply(reply2, { alsoToChannel: true });
    await expect(ada.threadMessage(reply2)).toHaveAttribute('data-status', 'sent');
    await expect(grace.threadMessage(reply2)).toHaveCount(1);
    await expect(grace.message(reply2)).toHaveCount(1);
    await expect(grace.message(reply2).getByTestId('replied-to-thread')).toBeVisible();
    await expect(ada.message(reply2)).toHaveCount(1);
    await expect(graceRoot.getByTestId('reply-count')).toHaveText('2 replies');

    // Grace answers from her side; Ada sees it live.
    const reply3 = `Grace answers ${tag}`;
    await grace.reply(reply3);
    await expect(ada.threadMessage(reply3)).toHaveCount(1);
    await expect(ada.message(rootText).getByTestId('reply-count')).toHaveText('3 replies');

    // Everything once, also after a reload.
    await grace.page.reload();
    await expect(grace.threadPanel).toBeVisible();
    for (const text of [reply1, reply2, reply3]) await expect(grace.threadMessage(text)).toHaveCount(1);
    await expect(grace.message(reply2)).toHaveCount(1);
  });

  test('a reload keeps the open thread, Esc closes it, and the reply link reopens it', async ({ page }) => {
    await signIn(page, 'ada@example.com');
    const chat = new ChatPage(page);
    await chat.goto('acme', 'engineering');
    const tag = randomUUID().slice(0, 8);
    const rootText = `Reload root ${tag}`;
    await chat.send(rootText);
    await chat.messageAction(chat.message(rootText), 'reply-in-thread');
    await chat.reply(`Reload reply ${tag}`);
    await expect(chat.threadMessage(`Reload reply ${tag}`)).toHaveAttribute('data-status', 'sent');
    const url = page.url();
    expect(url).toMatch(THREAD_URL);

    await page.reload();
    await expect(page).toHaveURL(url);
    await expect(chat.threadPanel.getByTestId('thread-root')).toContainText(rootText);
    await expect(chat.threadMessage(`Reload reply ${tag}`)).toHaveCount(1);

    await chat.threadComposer.click();
    await page.keyboard.press('Escape');
    await expect(chat.threadPanel).toHaveCount(0);
    await expect(page).not.toHaveURL(THREAD_URL);

    await chat.message(rootText).getByTestId('thread-link').click();
    await expect(chat.threadPanel.getByTestId('thread-root')).toContainText(rootText);
    await expect(page).toHaveURL(url);
    // Back closes it again (the open thread is history state).
    await page.goBack();
    await expect(chat.threadPanel).toHaveCount(0);
  });

  test('at phone width the thread covers the list and has a back button', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await signIn(page, 'ada@example.com');
    const chat = new ChatPage(page);
    await chat.goto('acme', 'engineering');
    const rootText = `Phone root ${randomUUID().slice(0, 8)}`;
    await chat.send(rootText);
    await chat.messageAction(chat.message(rootText), 'reply-in-thread');
    await expect(chat.threadPanel).toBeVisible();
    const box = await chat.threadPanel.boundingBox();
    expect(box?.width).toBe(390);
    expect(box?.x).toBe(0);
    await expect(chat.threadPanel.getByTestId('close-thread')).toBeHidden();
    await chat.threadPanel.getByTestId('thread-back').click();
    await expect(chat.threadPanel).toHaveCount(0);
    await expect(chat.composer).toBeVisible();
  });

  test('a thread link to a message that is not a root shows a clear error', async ({ page }) => {
    await signIn(page, 'ada@example.com');
    await page.goto(`/acme/engineering?thread=${randomUUID()}`);
    await expect(page.getByTestId('thread-error')).toContainText('no longer exists');
    await expect(page.getByTestId('thread-composer')).toHaveCount(0);
  });

  test('the root\'s "last reply" time moves on while the page stays open', async ({ browser }) => {
    const ada = await openAs(browser, 'ada@example.com', 'engineering');
    // Grace's browser gets a controllable clock (time flows normally until the test jumps it).
    const context = await browser.newContext();
    contexts.push(context);
    await context.clock.install();
    const gracePage = await context.newPage();
    await signIn(gracePage, 'grace@example.com');
    const grace = new ChatPage(gracePage);
    await grace.goto('acme', 'engineering');

    const tag = randomUUID().slice(0, 8);
    const rootText = `Ageing thread ${tag}`;
    await ada.send(rootText);
    await ada.messageAction(ada.message(rootText), 'reply-in-thread');
    await ada.reply(`Reply ${tag}`);
    const root = grace.message(rootText);
    await expect(root.getByTestId('last-reply')).toHaveText('Last reply just now');

    await gracePage.clock.fastForward('03:00');
    await expect(root.getByTestId('last-reply')).toHaveText('Last reply 3 minutes ago');
  });
});
