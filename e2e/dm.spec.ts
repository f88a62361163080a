import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { joinThroughInvite, WorkspacePage } from './pages/workspace-page';

const localPart = (email: string) => email.split('@')[0];

/**
 * Two fresh people in a fresh workspace (so presence and unread counts are not disturbed by other
 * specs using the seeded users): the fixture's user creates it and invites a second one.
 */
async function twoPeople(page: Page, browser: Browser, email: string) {
  const a = new WorkspacePage(page);
  const slug = await a.createWorkspace(`DM Team ${randomUUID().slice(0, 8)}`);
  const invite = await a.createInvite();
  const second = await joinThroughInvite(browser, invite);
  return {
    a,
    aName: localPart(email),
    slug,
    b: new WorkspacePage(second.page),
    bName: localPart(second.email),
    second,
  };
}

test.describe('direct messages and presence', () => {
  test('a DM between two people, with live unread badges in the sidebar', async ({ page, browser, signedInUser }) => {
    const { a, aName, b, bName, slug, second } = await twoPeople(page, browser, signedInUser.email);

    // A starts a conversation from "New message".
    await a.sidebar.getByTestId('new-message-button').click();
    const dialog = page.getByTestId('new-message-dialog');
    await dialog.getByTestId('people-search').fill(bName);
    await dialog.getByTestId(`pick-${bName}`).click();
    await expect(dialog.getByTestId('new-message-selection')).toHaveText(`To: ${bName}`);
    await dialog.getByTestId('start-conversation').click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/[0-9a-f-]{36}$`));
    await expect(page.getByTestId('channel-name')).toHaveText(bName);
    await expect(a.sidebarDm(bName)).toHaveAttribute('aria-current', 'page');

    const hello = `Psst ${randomUUID()}`;
    await a.send(hello);

    // B, still in #general, gets the DM in the sidebar with an unread badge, without a reload.
    const dm = b.sidebarDm(aName);
    await expect(dm.getByTestId('unread-badge')).toHaveText('1');
    await dm.click();
    await expect(b.message(hello)).toHaveCount(1);
    await expect(dm.getByTestId('unread-badge')).toHaveCount(0);

    // A message in #general while B reads the DM shows up as unread on #general, live.
    await a.sidebarChannel('general').click();
    await expect(page.getByTestId('channel-name')).toHaveText('general');
    await a.send(`In general ${randomUUID()}`);
    await expect(b.sidebarChannel('general').getByTestId('unread-badge')).toHaveText('1');

    // B answers in the DM; A sees the badge, then the reply.
    const reply = `Reply ${randomUUID()}`;
    await b.send(reply);
    await expect(a.sidebarDm(bName).getByTestId('unread-badge')).toHaveText('1');
    await a.sidebarDm(bName).click();
    await expect(a.message(reply)).toHaveCount(1);

    // Opening the same person again reuses the conversation.
    await page.getByTestId('channel-members-button').click();
    await expect(page.getByTestId('channel-member')).toHaveCount(2);
    await page.keyboard.press('Escape');
    await expect(a.sidebar.getByTestId('sidebar-dms').getByRole('link')).toHaveCount(1);
    await second.context.close();
  });

  test('presence: online, away when set, offline when the other tab closes', async ({
    page,
    browser,
    signedInUser,
  }) => {
    const { a, aName, b, bName, second } = await twoPeople(page, browser, signedInUser.email);

    // A opens a DM with B from the #general member list ("Message").
    await page.getByTestId('channel-members-button').click();
    const members = page.getByTestId('channel-members-dialog');
    const bRow = members.locator(`[data-testid="channel-member"][data-name="${bName}"]`);
    await expect(bRow).toHaveAttribute('data-status', 'online');
    await bRow.getByTestId('message-member').click();
    await expect(page.getByTestId('channel-name')).toHaveText(bName);
    const dot = a.sidebarDm(bName).getByTestId('presence-dot');
    await expect(dot).toHaveAttribute('data-status', 'online');

    // B sets themself away from the user menu (opened with the keyboard: in `next dev` the dev-tools
    // badge sits on top of the sidebar's bottom corner).
    const userMenu = b.sidebar.getByTestId('user-menu');
    await expect(userMenu).toHaveAccessibleName('Open user menu (active)');
    await userMenu.focus();
    await b.page.keyboard.press('Enter');
    await expect(b.page.getByTestId('my-presence')).toHaveText('Active');
    await b.page.getByTestId('toggle-away').click();
    await expect(dot).toHaveAttribute('data-status', 'away');
    await expect(userMenu).toHaveAccessibleName('Open user menu (away)');
    await userMenu.focus();
    await b.page.keyboard.press('Enter');
    await expect(b.page.getByTestId('my-presence')).toHaveText('Away');
    await b.page.keyboard.press('Escape');

    // B sees A online in their sidebar once the DM exists there.
    await expect(b.sidebarDm(aName).getByTestId('presence-dot')).toHaveAttribute('data-status', 'online');

    // B closes their browser: A sees them offline.
    await second.context.close();
    await expect(dot).toHaveAttribute('data-status', 'offline', { timeout: 30_000 });
  });

  test('a group DM with several people from the picker, shown by their names', async ({ page, browser }) => {
    const ada = new WorkspacePage(page);
    await ada.signIn('ada@example.com');
    await ada.sidebar.getByTestId('new-message-button').click();
    const dialog = page.getByTestId('new-message-dialog');
    await dialog.getByTestId('pick-Grace Hopper').click();
    await dialog.getByTestId('pick-Linus Torvalds').click();
    await expect(dialog.getByTestId('new-message-selection')).toHaveText('To: Grace Hopper, Linus Torvalds');
    await dialog.getByTestId('start-conversation').click();
    await expect(page.getByTestId('channel-name')).toHaveText('Grace Hopper, Linus Torvalds');
    const group = ada.sidebarDm('Grace Hopper, Linus Torvalds');
    await expect(group).toHaveAttribute('aria-current', 'page');
    const text = `Group hello ${randomUUID()}`;
    await ada.send(text);

    const context = await browser.newContext();
    const linus = new WorkspacePage(await context.newPage());
    await linus.signIn('linus@example.com');
    await linus.sidebarDm('Ada Lovelace, Grace Hopper').click();
    await expect(linus.message(text)).toHaveCount(1);
    await context.close();
  });

  test('the phone drawer still opens with channels, DMs and the switcher', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    const ws = new WorkspacePage(page);
    const login = ws.page;
    await login.goto('/login');
    await login.getByTestId('email-input').fill('grace@example.com');
    await login.getByTestId('password-input').fill('password123');
    await login.getByTestId('sign-in-button').click();
    await expect(page.getByTestId('channel-name')).toBeVisible();
    await page.getByTestId('open-sidebar').click();
    const drawer = page.getByRole('dialog');
    await expect(drawer.getByTestId('new-message-button')).toBeVisible();
    await drawer.getByTestId('browse-channels-button').click();
    await expect(page.getByTestId('channel-browser')).toBeVisible();
    await expect(page.getByTestId('browse-channel-general')).toBeVisible();
  });
});
