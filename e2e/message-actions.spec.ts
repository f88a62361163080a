import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ChatPage } from './pages/chat-page';
import { LoginPage } from './pages/login-page';

/**
 * Edit, delete, reactions and typing, live between two people (ada and grace, seeded in acme).
 * They run in the ada–grace DM and #leadership (private), where no other spec writes, so "your last
 * message" and "who is typing" are not disturbed by tests running in parallel.
 */
const PASSWORD = 'password123';
const DM = 'c0000000-0000-4000-8000-000000000005';

test.describe.configure({ mode: 'serial' });

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

test.describe('message actions', () => {
  test('edit, reactions and delete appear live for the other person', async ({ browser }) => {
    const ada = await openAs(browser, 'ada@example.com', DM);
    const grace = await openAs(browser, 'grace@example.com', DM);
    const tag = randomUUID().slice(0, 8);
    const original = `Original ${tag}`;
    await ada.send(original);
    await expect(ada.message(original)).toHaveAttribute('data-status', 'sent');
    await expect(grace.message(original)).toHaveCount(1);
    // Grace may not edit Ada's message, but as a workspace admin she may delete it (moderation).
    await grace.message(original).hover();
    await expect(grace.message(original).getByTestId('edit-message')).toHaveCount(0);
    await expect(grace.message(original).getByTestId('delete-message')).toBeVisible();

    // Esc cancels an edit without changing anything.
    await ada.messageAction(ada.message(original), 'edit-message');
    const editor = ada.page.getByTestId('edit-composer');
    await expect(editor).toBeFocused();
    await editor.fill('never saved');
    await editor.press('Escape');
    await expect(editor).toHaveCount(0);
    await expect(ada.message(original).getByTestId('message-edited')).toHaveCount(0);

    // Enter saves.
    const edited = `Edited ${tag}`;
    await ada.messageAction(ada.message(original), 'edit-message');
    await editor.fill(edited);
    await editor.press('Enter');
    await expect(ada.message(edited).getByTestId('message-edited')).toHaveText('(edited)');
    await expect(grace.message(edited).getByTestId('message-edited')).toHaveText('(edited)');
    await expect(grace.message(original)).toHaveCount(0);

    // Reactions: pick, count, toggle by clicking the chip, who reacted on hover.
    await grace.react(grace.message(edited), 'tada');
    const adaChip = ada.message(edited).getByTestId('reaction-tada');
    await expect(adaChip).toHaveAttribute('data-count', '1');
    await expect(adaChip).toHaveAttribute('aria-pressed', 'false');
    await adaChip.click();
    await expect(adaChip).toHaveAttribute('data-count', '2');
    await expect(adaChip).toHaveAttribute('aria-pressed', 'true');
    const graceChip = grace.message(edited).getByTestId('reaction-tada');
    await expect(graceChip).toHaveAttribute('data-count', '2');
    await expect(adaChip).toHaveAccessibleName(/^Grace Hopper and You reacted with :tada:/);
    // Radix keeps a tooltip shut after a click until the pointer leaves: leave, then come back.
    await ada.composer.hover();
    await adaChip.hover();
    await expect(ada.page.getByTestId('reaction-tooltip').first()).toContainText(
      'Grace Hopper and You reacted with :tada:',
    );
    await graceChip.click();
    await expect(adaChip).toHaveAttribute('data-count', '1');
    await expect(graceChip).toHaveAttribute('aria-pressed', 'false');

    // Delete, after confirming.
    await ada.messageAction(ada.message(edited), 'delete-message');
    await expect(ada.deleteDialog).toBeVisible();
    await ada.deleteDialog.getByTestId('confirm-delete').click();
    await expect(ada.deleteDialog).toHaveCount(0);
    await expect(ada.message(edited)).toHaveCount(0);
    await expect(ada.messages.last().getByTestId('message-deleted')).toHaveText('This message was deleted.');
    await expect(grace.message(edited)).toHaveCount(0);
    await expect(grace.messages.last().getByTestId('message-deleted')).toBeVisible();
    await expect(grace.messages.last().getByTestId('reactions')).toHaveCount(0);
  });

  test('arrow-up in the empty composer edits your last message', async ({ page }) => {
    await signIn(page, 'ada@example.com');
    const chat = new ChatPage(page);
    await chat.goto('acme', DM);
    const text = `Arrow up ${randomUUID().slice(0, 8)}`;
    await chat.send(text);
    await expect(chat.message(text)).toHaveAttribute('data-status', 'sent');
    await chat.composer.press('ArrowUp');
    const editor = chat.message(text).getByTestId('edit-composer');
    await expect(editor).toBeFocused();
    await expect(editor).toHaveValue(text);
    await editor.fill(`${text} (fixed)`);
    await editor.press('Enter');
    await expect(chat.message(`${text} (fixed)`).getByTestId('message-edited')).toBeVisible();
    // The keyboard goes back to the composer.
    await expect(chat.composer).toBeFocused();
    // Not while the composer has text: then arrow-up moves the caret.
    await chat.composer.fill('draft');
    await chat.composer.press('ArrowUp');
    await expect(page.getByTestId('edit-composer')).toHaveCount(0);
    await expect(chat.composer).toHaveValue('draft');
  });

  test('edits, reactions and deletes missed while disconnected are caught up', async ({ browser }) => {
    const ada = await openAs(browser, 'ada@example.com', DM);
    const gracePage = await newPage(browser);
    // Grace's realtime socket goes through a relay that can drop what the server sends.
    let dropping = false;
    await gracePage.routeWebSocket(/\/realtime\/v1\/websocket/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((m) => {
        if (!dropping) ws.send(m);
      });
      ws.onMessage((m) => server.send(m));
    });
    await signIn(gracePage, 'grace@example.com');
    const grace = new ChatPage(gracePage);
    await grace.goto('acme', DM);

    const tag = randomUUID().slice(0, 8);
    const keep = `Keep ${tag}`;
    const gone = `Gone ${tag}`;
    await ada.send(keep);
    await ada.send(gone);
    await expect(grace.message(gone)).toHaveCount(1);

    dropping = true;
    await ada.messageAction(ada.message(keep), 'edit-message');
    await ada.page.getByTestId('edit-composer').fill(`${keep} changed`);
    await ada.page.getByTestId('edit-composer').press('Enter');
    await expect(ada.message(`${keep} changed`).getByTestId('message-edited')).toBeVisible();
    await ada.react(ada.message(`${keep} changed`), 'eyes');
    await expect(ada.message(`${keep} changed`).getByTestId('reaction-eyes')).toHaveAttribute('data-count', '1');
    await ada.messageAction(ada.message(gone), 'delete-message');
    await ada.deleteDialog.getByTestId('confirm-delete').click();
    await expect(ada.message(gone)).toHaveCount(0);

    // Nothing reached Grace...
    await gracePage.waitForTimeout(1_000);
    await expect(grace.message(gone)).toHaveCount(1);
    await expect(grace.message(`${keep} changed`)).toHaveCount(0);

    // ...until she comes back (focus triggers the catch-up).
    dropping = false;
    await gracePage.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(grace.message(`${keep} changed`).getByTestId('message-edited')).toBeVisible();
    await expect(grace.message(`${keep} changed`).getByTestId('reaction-eyes')).toHaveAttribute('data-count', '1');
    await expect(grace.message(gone)).toHaveCount(0);
    await expect(grace.messages.last().getByTestId('message-deleted')).toBeVisible();
  });

  test('typing shows for the other person only, and clears on send and after silence', async ({ browser }) => {
    const ada = await openAs(browser, 'ada@example.com', 'leadership');
    const grace = await openAs(browser, 'grace@example.com', 'leadership');
    // #leadership may open at the "new messages" line: go to the bottom, where new messages show.
    await ada.scrollToLatest();
    await grace.scrollToLatest();
    // Both sockets are up once a message goes both ways live.
    const hello = `Hello ${randomUUID().slice(0, 8)}`;
    await grace.send(hello);
    await expect(ada.message(hello)).toHaveCount(1);

    await ada.composer.pressSequentially('Typing something', { delay: 20 });
    await expect(grace.typingIndicator).toHaveText('Ada Lovelace is typing…');
    await expect(ada.typingIndicator).toHaveText('');
    await ada.composer.press('Enter');
    // Cleared by the stop broadcast, well before the 6 s expiry.
    await expect(grace.typingIndicator).toHaveText('', { timeout: 3_000 });
    await expect(grace.message('Typing something')).toHaveCount(1);

    await ada.composer.pressSequentially('Then a pause', { delay: 20 });
    await expect(grace.typingIndicator).toHaveText('Ada Lovelace is typing…');
    await expect(grace.typingIndicator).toHaveText('', { timeout: 10_000 });
    await expect(ada.composer).toHaveValue('Then a pause');
  });

  test('messages count as read once the bottom of the list is seen, not on arrival', async ({ browser }) => {
    const ada = await openAs(browser, 'ada@example.com', 'leadership');
    const grace = await openAs(browser, 'grace@example.com', 'leadership');
    await ada.scrollToLatest();
    const marks: string[] = [];
    ada.page.on('request', (r) => {
      if (r.url().includes('/rest/v1/rpc/mark_read')) marks.push(r.postData() ?? '');
    });

    // At the bottom: a new message is seen, so it is marked read.
    const seen = `Seen ${randomUUID().slice(0, 8)}`;
    const marked = ada.page.waitForResponse((r) => r.url().includes('/rest/v1/rpc/mark_read') && r.ok());
    await grace.send(seen);
    await expect(ada.message(seen)).toBeVisible();
    await marked;

    // Scrolled up into history: a message arrives but is not seen, so the read position stays.
    await ada.page.getByTestId('message-list').evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect(ada.page.getByTestId('jump-to-latest')).toBeVisible();
    marks.length = 0;
    const unseen = `Unseen ${randomUUID().slice(0, 8)}`;
    await grace.send(unseen);
    await expect(grace.message(unseen)).toHaveAttribute('data-status', 'sent');
    await ada.page.waitForTimeout(1_500);
    expect(marks).toEqual([]);

    // After a reload the "new messages" line sits right before the unseen message.
    await ada.page.reload();
    const line = ada.page.getByTestId('new-messages-line');
    await expect(line).toBeVisible();
    const next = ada.page.locator('[data-testid="new-messages-line"]').locator('xpath=../following-sibling::*[1]');
    await expect(next).toContainText(unseen);
    await expect(ada.message(seen)).toBeVisible();
  });
});
