import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { expect, test } from './fixtures';
import { joinThroughInvite, WorkspacePage } from './pages/workspace-page';
import { E2E_KEYS, E2E_SUPABASE_URL } from './stack';

const uid = () => randomUUID().slice(0, 8);

test.describe('onboarding and invites', () => {
  test('sign up, create a workspace and a channel, invite a second user who sees messages live', async ({
    page,
    browser,
    signedInUser: _,
  }) => {
    const ws = new WorkspacePage(page);
    // A new user has no workspace: the empty state offers both ways in.
    await expect(page.getByTestId('workspaces-empty')).toBeVisible();
    await expect(page.getByTestId('join-invite-form')).toBeVisible();
    await page.getByTestId('create-workspace-link').click();
    await expect(page).toHaveURL(/\/new$/);

    // The URL is derived from the name while the person has not edited it.
    const id = uid();
    await page.getByTestId('workspace-name-input').fill(`Rocket Café ${id}`);
    await expect(page.getByTestId('workspace-slug-input')).toHaveValue(`rocket-cafe-${id}`);
    await page.getByTestId('create-workspace-button').click();
    await expect(page).toHaveURL(new RegExp(`/rocket-cafe-${id}/general$`));
    await expect(page.getByTestId('current-workspace').first()).toHaveText(`Rocket Café ${id}`);

    await ws.createChannel('launch-plans', { topic: 'Ship it' });
    await expect(page).toHaveURL(new RegExp(`/rocket-cafe-${id}/launch-plans$`));
    await expect(page.getByTestId('channel-topic')).toHaveText('Ship it');
    await expect(ws.sidebarChannel('launch-plans')).toHaveAttribute('aria-current', 'page');

    const invite = await ws.createInvite();
    const second = await joinThroughInvite(browser, invite);
    await expect(second.page).toHaveURL(new RegExp(`/rocket-cafe-${id}/general$`));
    // Opening the link again once joined leads into the workspace instead of a second join.
    await second.page.goto(new URL(invite).pathname);
    await expect(second.page.getByTestId('invite-title')).toHaveText(`You're already in Rocket Café ${id}`);
    await expect(second.page.getByTestId('accept-invite-button')).toHaveCount(0);
    await second.page.getByTestId('open-invited-workspace').click();
    await expect(second.page).toHaveURL(new RegExp(`/rocket-cafe-${id}/general$`));

    // The first user posts in #general; the second sees it live, without a reload, within a second.
    await ws.sidebarChannel('general').click();
    await expect(page.getByTestId('channel-name')).toHaveText('general');
    const text = `Welcome aboard ${uid()}`;
    await ws.send(text);
    await expect(new WorkspacePage(second.page).message(text)).toHaveCount(1, { timeout: 1_000 });
    await second.context.close();
  });

  test('expired, used-up and malformed invites say so instead of crashing', async ({ page, browser }) => {
    const ws = new WorkspacePage(page);
    await ws.signIn('ada@example.com');
    const invite = await ws.createInvite({ maxUses: 1 });
    const first = await joinThroughInvite(browser, invite);
    await expect(first.page.getByTestId('current-workspace').first()).toHaveText('Acme Inc.');
    await first.context.close();

    // The link was for one person: the next one is told so.
    const context = await browser.newContext();
    const other = await context.newPage();
    const path = new URL(invite).pathname;
    await other.goto(`/sign-up?next=${encodeURIComponent(path)}`);
    await other.getByTestId('email-input').fill(`e2e-late-${uid()}@example.com`);
    await other.getByTestId('password-input').fill(`pw-${randomUUID()}`);
    await other.getByTestId('sign-up-button').click();
    await expect(other).toHaveURL(new RegExp(`${path}$`));
    // The page knows before any click: no Join button, and who to ask for a new link.
    await expect(other.getByTestId('invite-title')).toHaveText('Join Acme Inc.');
    await expect(other.getByTestId('form-error')).toHaveText(
      /^This invite has already been used\. Ask .+ for a new one\.$/,
    );
    await expect(other.getByTestId('accept-invite-button')).toHaveCount(0);

    // A well-formed token that matches no invite, and a mangled one.
    await other.goto(`/invite/${'0'.repeat(48)}`);
    await expect(other.getByTestId('form-error')).toContainText('This invite link is not valid');
    await expect(other.getByTestId('accept-invite-button')).toHaveCount(0);
    await other.goto('/invite/not-a-token');
    await expect(other.getByTestId('form-error')).toContainText('not valid');
    await expect(other.getByTestId('accept-invite-button')).toHaveCount(0);
    // Pasting garbage into "join with an invite link" is refused on the field.
    await other.goto('/');
    await other.getByTestId('invite-link-input').fill('https://example.com/nope');
    await other.getByTestId('join-invite-button').click();
    await expect(other.getByTestId('invite-error')).toContainText('does not look like an invite link');
    await context.close();
  });

  test('an admin revokes a link from the invite dialog; expired and revoked links say so', async ({
    page,
    browser,
  }) => {
    // The service role ages the invite this test creates (max_uses 7 marks it): expiry can't be waited for.
    const admin = createClient(E2E_SUPABASE_URL, E2E_KEYS.SUPABASE_SECRET_KEY, { auth: { persistSession: false } });
    const ws = new WorkspacePage(page);
    await ws.signIn('ada@example.com');
    const expired = await ws.createInvite({ maxUses: 7 });
    const aged = await admin
      .from('workspace_invites')
      .update({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .eq('max_uses', 7)
      .select('id');
    expect(aged.error).toBeNull();
    expect(aged.data?.length).toBeGreaterThan(0);

    // The dialog lists the links that still work; Revoke withdraws one.
    // A use limit no other invite has, to find this link's row (a retry leaves the first attempt's behind).
    const uses = 100 + Math.floor(Math.random() * 900);
    const revoked = await ws.createInvite({ maxUses: uses });
    await ws.openWorkspaceMenu();
    await page.getByTestId('invite-people').click();
    const dialog = page.getByTestId('invite-dialog');
    const row = dialog.getByTestId('active-invite').filter({ hasText: `0/${uses} used` });
    await expect(row).toHaveCount(1);
    await expect(dialog.getByTestId('active-invite').filter({ hasText: '0/7 used' })).toHaveCount(0);
    await row.getByRole('button', { name: new RegExp(`^Revoke Member link, 0 of ${uses} used`) }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByText('Invite link revoked.')).toBeVisible();
    await page.keyboard.press('Escape');

    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(`/sign-up?next=${encodeURIComponent(new URL(expired).pathname)}`);
    await other.getByTestId('email-input').fill(`e2e-exp-${uid()}@example.com`);
    await other.getByTestId('password-input').fill(`pw-${randomUUID()}`);
    await other.getByTestId('sign-up-button').click();
    await expect(other.getByTestId('form-error')).toHaveText(/^This invite has expired\./);
    await expect(other.getByTestId('accept-invite-button')).toHaveCount(0);
    await other.goto(new URL(revoked).pathname);
    await expect(other.getByTestId('form-error')).toHaveText(/^This invite was revoked\./);
    await expect(other.getByTestId('accept-invite-button')).toHaveCount(0);
    // Nothing was joined: the person still has no workspace.
    await other.goto('/');
    await expect(other.getByTestId('workspaces-empty')).toBeVisible();
    await context.close();
  });

  test('workspace names and URLs are validated, duplicates refused, and switching works', async ({ page }) => {
    const ws = new WorkspacePage(page);
    await ws.signIn('linus@example.com');
    await page.goto('/new');
    await page.getByTestId('workspace-name-input').fill('Acme again');
    await page.getByTestId('workspace-slug-input').fill('acme');
    await page.getByTestId('create-workspace-button').click();
    await expect(page.getByTestId('slug-error')).toHaveText('That URL is taken. Please choose another.');
    await page.getByTestId('workspace-slug-input').fill('Bad_Slug');
    await page.getByTestId('create-workspace-button').click();
    await expect(page.getByTestId('slug-error')).toContainText('lowercase letters, numbers and hyphens');
    await page.getByTestId('workspace-slug-input').fill('invite');
    await page.getByTestId('create-workspace-button').click();
    await expect(page.getByTestId('slug-error')).toContainText('reserved');
    await expect(page).toHaveURL(/\/new$/);

    const slug = await ws.createWorkspace(`Linus Lab ${uid()}`);
    await ws.openWorkspaceMenu();
    await page.getByTestId('switch-workspace-acme').click();
    await expect(page).toHaveURL(/\/acme(\/general)?$/);
    await expect(page.getByTestId('current-workspace').first()).toHaveText('Acme Inc.');
    await ws.openWorkspaceMenu();
    await page.getByTestId(`switch-workspace-${slug}`).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}(/general)?$`));
    await expect(page.getByTestId('channel-name')).toHaveText('general');
  });
});

test.describe('channels', () => {
  test('channel names follow the rules and duplicates are refused on the field', async ({ page }) => {
    const ws = new WorkspacePage(page);
    await ws.signIn('grace@example.com');
    const dialog = await ws.createChannel('general');
    await expect(dialog.getByTestId('name-error')).toHaveText(
      'A channel with this name already exists. Choose another name.',
    );
    await dialog.getByTestId('channel-name-input').fill('café!');
    await dialog.getByTestId('create-channel-submit').click();
    await expect(dialog.getByTestId('name-error')).toContainText('lowercase letters, numbers, hyphens and underscores');
    await dialog.getByTestId('channel-name-input').fill('x'.repeat(81));
    await dialog.getByTestId('create-channel-submit').click();
    await expect(dialog.getByTestId('name-error')).toContainText('at most 80');

    // Spaces become hyphens as you type; a private channel shows a lock and opens.
    const name = `Secret Plans ${uid()}`;
    await dialog.getByTestId('channel-name-input').fill(name);
    await expect(dialog.getByTestId('channel-name-input')).toHaveValue(name.toLowerCase().replaceAll(' ', '-'));
    await dialog.getByTestId('channel-kind-private').check();
    await dialog.getByTestId('create-channel-submit').click();
    const ref = name.toLowerCase().replaceAll(' ', '-');
    await expect(page).toHaveURL(new RegExp(`/acme/${ref}$`));
    await expect(ws.sidebarChannel(ref)).toBeVisible();
  });

  test('browse, preview, join, list and add members, leave with confirmation', async ({ page, browser }) => {
    const ws = new WorkspacePage(page);
    await ws.signIn('ada@example.com');
    const name = `browse-${uid()}`;
    await ws.createChannel(name, { topic: 'Browsing test' });
    await expect(page).toHaveURL(new RegExp(`/acme/${name}$`));

    const context = await browser.newContext();
    const other = new WorkspacePage(await context.newPage());
    await other.signIn('linus@example.com');
    await other.sidebar.getByTestId('browse-channels-button').click();
    const browser_ = other.page.getByTestId('channel-browser');
    await browser_.getByTestId('channel-browser-search').fill(name);
    const row = browser_.getByTestId(`browse-channel-${name}`);
    await expect(row).toContainText('Browsing test');
    await expect(row.getByTestId('browse-member-count')).toHaveText('1 member');
    await row.getByTestId('browse-join').click();
    await expect(other.page).toHaveURL(new RegExp(`/acme/${name}$`));
    await expect(other.sidebarChannel(name)).toBeVisible();

    // The members dialog lists both people; linus adds grace.
    await other.page.getByTestId('channel-members-button').click();
    const members = other.page.getByTestId('channel-members-dialog');
    await expect(members.getByTestId('channel-member')).toHaveCount(2);
    await members.getByTestId('add-members-button').click();
    await members.getByTestId('people-search').fill('Grace');
    await members.getByTestId('pick-Grace Hopper').click();
    await members.getByTestId('add-members-submit').click();
    await expect(members.getByTestId('channel-member')).toHaveCount(3);
    // The confirmation toast (sonner loads with the first toast).
    await expect(other.page.getByText('Added 1 person.')).toBeVisible();
    await other.page.keyboard.press('Escape');

    // Leaving asks first, then goes back to the workspace and drops the channel from the sidebar.
    await other.page.getByTestId('channel-options').click();
    await other.page.getByTestId('leave-channel').click();
    await other.page.getByTestId('confirm-leave-channel').click();
    await expect(other.page).toHaveURL(/\/acme\/general$/);
    await expect(other.page.getByText(`You left #${name}.`)).toBeVisible();
    await expect(other.sidebarChannel(name)).toHaveCount(0);

    // Preview from the browser (read-only, with a Join button in the header), then join from there.
    await other.sidebar.getByTestId('browse-channels-button').click();
    await browser_.getByTestId('channel-browser-search').fill(name);
    await expect(row.getByTestId('browse-member-count')).toHaveText('2 members');
    await row.getByRole('button', { name: `View #${name}` }).click();
    await expect(other.page).toHaveURL(new RegExp(`/acme/${name}$`));
    await expect(other.sidebarChannel(name)).toHaveCount(0);
    await other.page.getByTestId('join-channel').click();
    await expect(other.sidebarChannel(name)).toBeVisible();
    await expect(other.page.getByTestId('join-channel')).toHaveCount(0);
    await context.close();
  });

  test('Ctrl+K filters channels and DMs, arrows and Enter navigate, Esc closes', async ({ page }) => {
    const ws = new WorkspacePage(page);
    await ws.signIn('ada@example.com');
    await page.keyboard.press('Control+k');
    const switcher = page.getByTestId('quick-switcher');
    await expect(switcher).toBeVisible();
    await page.getByTestId('quick-switcher-input').fill('#leader');
    await expect(switcher.getByTestId('quick-switcher-option')).toHaveText(['leadership']);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/acme\/leadership$/);
    await expect(switcher).toBeHidden();

    await page.keyboard.press('Control+k');
    await page.getByTestId('quick-switcher-input').fill('eng');
    await expect(switcher.getByTestId('quick-switcher-option').first()).toHaveText('engineering');
    await page.getByTestId('quick-switcher-input').fill('e');
    const options = switcher.getByTestId('quick-switcher-option');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    const target = await options.nth(1).textContent();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('channel-name')).toHaveText(target ?? '');

    await page.keyboard.press('Control+k');
    await expect(switcher).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(switcher).toBeHidden();
  });
});

test.describe('menus that load on first use', () => {
  // The menus' Radix code loads on the first hover, focus or press of their trigger (issue "App I").
  // The press that asked for a menu must still open it as Radix would have: nothing lost.
  test('Enter, Space and ArrowDown open them with the first item focused; arrows move; Esc returns', async ({
    page,
  }) => {
    const ws = new WorkspacePage(page);
    await ws.signIn('ada@example.com');
    const menu = page.getByRole('menu');

    // Radix gives its trigger an id: without one, this is still the plain button, the code not loaded.
    const userMenu = ws.sidebar.getByTestId('user-menu');
    await expect(userMenu).not.toHaveAttribute('id', /./);
    await userMenu.focus();
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await expect(page.getByTestId('toggle-away')).toBeFocused();
    // Radix's state on the trigger, not the plain button's: the loaded trigger says it is open.
    await expect(page.getByTestId('user-menu')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('theme-light')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(userMenu).toBeFocused();
    // Loaded now: the same key opens it again.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('toggle-away')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();

    const switcher = ws.sidebar.getByTestId('workspace-switcher');
    await expect(switcher).not.toHaveAttribute('id', /./);
    await switcher.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('invite-people')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('switch-workspace-acme')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(switcher).toBeFocused();

    const options = page.getByTestId('channel-options');
    await expect(options).not.toHaveAttribute('id', /./);
    await options.focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('leave-channel')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();

    // The reaction picker of a message, reached by keyboard (its toolbar shows on focus).
    const addReaction = page.getByTestId('message').last().getByTestId('add-reaction');
    await expect(addReaction).not.toHaveAttribute('id', /./);
    await addReaction.focus();
    await page.keyboard.press('Enter');
    const emoji = page.getByTestId('emoji-picker').getByRole('menuitem');
    await expect(emoji.first()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(emoji.nth(1)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('emoji-picker')).toBeHidden();
    await expect(addReaction).toBeFocused();
  });

  test('the first click on a trigger opens its menu', async ({ page }) => {
    const ws = new WorkspacePage(page);
    await ws.signIn('ada@example.com');
    // By test id, not inside the sidebar's landmark: an open (modal) menu hides the rest from the accessibility tree.
    const userMenu = page.getByTestId('user-menu');
    await expect(userMenu).not.toHaveAttribute('id', /./);
    await userMenu.click();
    await expect(page.getByRole('menu')).toBeVisible();
    await expect(page.getByTestId('sign-out')).toBeVisible();
    await expect(userMenu).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toBeHidden();

    await ws.openWorkspaceMenu();
    await expect(page.getByTestId('switch-workspace-acme')).toBeVisible();
  });
});
