import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { expect, test } from './fixtures';
import { WorkspacePage } from './pages/workspace-page';
import { E2E_KEYS, E2E_SUPABASE_URL } from './stack';

/** More than the server renders (30 per section) and than the sidebar renders unvirtualized (60). */
const CHANNELS = 130;
const name = (i: number) => `room-${String(i).padStart(3, '0')}`;

test.describe('a member of many channels', () => {
  test.setTimeout(120_000);

  test('gets a bounded first page, then reaches every channel from the sidebar, the keyboard and Ctrl+K', async ({
    page,
    signedInUser,
  }) => {
    const ws = new WorkspacePage(page);
    const slug = await ws.createWorkspace(`Many ${randomUUID().slice(0, 8)}`);

    // The channels through the API as the same person (the UI path is covered elsewhere).
    const api = createClient(E2E_SUPABASE_URL, E2E_KEYS.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const signIn = await api.auth.signInWithPassword(signedInUser);
    expect(signIn.error).toBeNull();
    const { data: workspace } = await api.from('workspaces').select('id').eq('slug', slug).single();
    for (let i = 0; i < CHANNELS; i++) {
      const { error } = await api.rpc('create_channel', {
        workspace_id: workspace?.id ?? '',
        name: name(i),
        kind: 'public',
      });
      expect(error).toBeNull();
    }

    // The server-rendered page carries only the first page of the sidebar, not every channel.
    const html = await (await page.request.get(`/${slug}/general`)).text();
    expect(html).toContain(`sidebar-channel-${name(0)}`);
    expect(html).not.toContain(name(CHANNELS - 1));

    await page.goto(`/${slug}/general`);
    await expect(page.getByTestId('channel-name')).toHaveText('general');
    // The browser completes the list: every channel (and #general) is counted, far fewer are in the DOM.
    await expect(page.getByTestId('sidebar-loading')).toHaveCount(0);
    const links = ws.sidebar.locator('a[data-testid^="sidebar-channel-room-"]');
    await expect(ws.sidebar.locator(`li[aria-setsize="${CHANNELS + 1}"]`).first()).toBeAttached();
    expect(await links.count()).toBeLessThan(CHANNELS / 2);

    // The last channel, by scrolling the sidebar as a person would.
    const last = ws.sidebarChannel(name(CHANNELS - 1));
    await expect(last).toHaveCount(0);
    const scroller = ws.sidebar.getByTestId('channel-sidebar').locator('..');
    await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await last.click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/${name(CHANNELS - 1)}$`));
    await expect(page.getByTestId('channel-name')).toHaveText(name(CHANNELS - 1));
    await expect(last).toHaveAttribute('aria-current', 'page');

    // Tab walks the rows, also past those rendered when it started.
    await scroller.evaluate((el) => {
      el.scrollTop = 0;
    });
    await ws.sidebarChannel(name(0)).focus();
    for (let i = 0; i < 60; i++) await page.keyboard.press('Tab');
    await expect(page.locator(':focus')).toHaveAttribute('data-testid', `sidebar-channel-${name(60)}`);

    // Ctrl+K finds a channel that is not in the DOM.
    await page.keyboard.press('Control+k');
    await page.getByTestId('quick-switcher-input').fill(name(97));
    await expect(page.getByTestId('quick-switcher-option')).toHaveText([name(97)]);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/${slug}/${name(97)}$`));
    await expect(page.getByTestId('channel-name')).toHaveText(name(97));
  });
});
