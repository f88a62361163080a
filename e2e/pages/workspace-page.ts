import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, expect, type Locator, type Page } from '@playwright/test';
import { LoginPage } from './login-page';

export const SEEDED_PASSWORD = 'password123';
/** Budget for a full navigation that signs in or creates something and renders the workspace. */
const LANDING_TIMEOUT = 30_000;

/** Page object for onboarding, the workspace shell (sidebar, dialogs, switcher) and invites. */
export class WorkspacePage {
  readonly sidebar: Locator;

  constructor(readonly page: Page) {
    // The desktop sidebar (the phone drawer renders a second copy when open).
    this.sidebar = page.getByRole('complementary', { name: 'Workspace' });
  }

  async signIn(email: string, password = SEEDED_PASSWORD) {
    const login = new LoginPage(this.page);
    await login.goto();
    await login.signIn(email, password);
    // Sign-in plus the first server render of the workspace: slow on a busy CI machine.
    await expect(this.page.getByTestId('channel-name')).toBeVisible({ timeout: LANDING_TIMEOUT });
  }

  sidebarChannel(ref: string): Locator {
    return this.sidebar.getByTestId(`sidebar-channel-${ref}`);
  }

  /** A DM entry in the sidebar by its label (the other people's names). */
  sidebarDm(label: string): Locator {
    return this.sidebar.getByTestId('sidebar-dms').locator(`a[data-label="${label}"]`);
  }

  /** Creates a workspace from /new; returns its slug. Ends in its #general. */
  async createWorkspace(name: string, slug?: string): Promise<string> {
    await this.page.goto('/new');
    await this.page.getByTestId('workspace-name-input').fill(name);
    if (slug) await this.page.getByTestId('workspace-slug-input').fill(slug);
    const finalSlug = await this.page.getByTestId('workspace-slug-input').inputValue();
    await this.page.getByTestId('create-workspace-button').click();
    await expect(this.page).toHaveURL(new RegExp(`/${finalSlug}/general$`), { timeout: LANDING_TIMEOUT });
    await expect(this.page.getByTestId('channel-name')).toHaveText('general');
    return finalSlug;
  }

  async openWorkspaceMenu() {
    await this.sidebar.getByTestId('workspace-switcher').click();
  }

  /** Creates an invite link from the workspace menu; returns the URL. */
  async createInvite({ maxUses = 1, role = 'member' }: { maxUses?: number; role?: string } = {}): Promise<string> {
    await this.openWorkspaceMenu();
    await this.page.getByTestId('invite-people').click();
    const dialog = this.page.getByTestId('invite-dialog');
    await dialog.getByTestId('invite-role').selectOption(role);
    await dialog.getByTestId('invite-max-uses').fill(String(maxUses));
    await dialog.getByTestId('create-invite-button').click();
    const link = dialog.getByTestId('invite-link');
    await expect(link).toHaveValue(/\/invite\/[0-9a-f]{48}$/);
    const url = await link.inputValue();
    await this.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    return url;
  }

  async createChannel(name: string, { kind = 'public', topic }: { kind?: 'public' | 'private'; topic?: string } = {}) {
    await this.sidebar.getByTestId('create-channel-button').click();
    const dialog = this.page.getByTestId('create-channel-dialog');
    await dialog.getByTestId('channel-name-input').fill(name);
    await dialog.getByTestId(`channel-kind-${kind}`).check();
    if (topic) await dialog.getByTestId('channel-topic-input').fill(topic);
    await dialog.getByTestId('create-channel-submit').click();
    return dialog;
  }

  /** Sends a message with the composer of the open channel. */
  async send(body: string) {
    const composer = this.page.getByTestId('message-composer');
    await composer.fill(body);
    await composer.press('Enter');
    await expect(this.page.getByTestId('message').filter({ hasText: body })).toHaveAttribute('data-status', 'sent');
  }

  message(text: string): Locator {
    return this.page.getByTestId('message').filter({ hasText: text });
  }
}

/**
 * Signs a fresh user up in a new browser context through an invite link (sign-in page, then the
 * sign-up link, then back to the invite through `next`) and accepts it. Returns the context's page.
 */
export async function joinThroughInvite(
  browser: Browser,
  inviteUrl: string,
): Promise<{ context: BrowserContext; page: Page; email: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `e2e-inv-${randomUUID().slice(0, 8)}@example.com`;
  const path = new URL(inviteUrl).pathname;
  await page.goto(path);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByTestId('sign-up-form')).toBeVisible();
  const login = new LoginPage(page);
  await login.signUp(email, `pw-${randomUUID()}`);
  await expect(page).toHaveURL(new RegExp(`${path}$`), { timeout: LANDING_TIMEOUT });
  // The page says where the link leads before anything is joined.
  await expect(page.getByTestId('invite-title')).toHaveText(/^Join .+/);
  await expect(page.getByTestId('invite-details')).toContainText('to join as a');
  await page.getByTestId('accept-invite-button').click();
  await expect(page.getByTestId('channel-name')).toHaveText('general', { timeout: LANDING_TIMEOUT });
  return { context, page, email };
}
