import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the workspace shell and a channel (data-testid based). */
export class ChatPage {
  readonly composer: Locator;
  readonly composerError: Locator;
  readonly messages: Locator;
  readonly channelName: Locator;
  readonly typingIndicator: Locator;
  readonly threadPanel: Locator;
  readonly threadComposer: Locator;
  readonly threadMessages: Locator;
  readonly deleteDialog: Locator;

  constructor(readonly page: Page) {
    this.composer = page.getByTestId('message-composer');
    this.composerError = page.getByTestId('composer-error');
    this.messages = page.getByTestId('message-list').getByTestId('message');
    this.channelName = page.getByTestId('channel-name');
    this.typingIndicator = page.getByTestId('typing-indicator');
    this.threadPanel = page.getByTestId('thread-panel');
    this.threadComposer = this.threadPanel.getByTestId('thread-composer');
    this.threadMessages = this.threadPanel.getByTestId('message');
    this.deleteDialog = page.getByTestId('delete-dialog');
  }

  async goto(workspace: string, channel: string) {
    await this.page.goto(`/${workspace}/${channel}`);
    await expect(this.channelName).toBeVisible();
  }

  /** Scrolls the (virtualized) list to its newest message. */
  async scrollToLatest() {
    const list = this.page.getByTestId('message-list');
    await expect(async () => {
      await list.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await expect(this.page.getByTestId('jump-to-latest')).toHaveCount(0, { timeout: 500 });
    }).toPass();
  }

  /** Types `body` and presses Enter. */
  async send(body: string) {
    await this.composer.fill(body);
    await this.composer.press('Enter');
  }

  /** The rendered channel messages whose text contains `text`. */
  message(text: string): Locator {
    return this.messages.filter({ hasText: text });
  }

  /** The messages in the open thread panel whose text contains `text`. */
  threadMessage(text: string): Locator {
    return this.threadMessages.filter({ hasText: text });
  }

  /** Runs a hover action ("reply-in-thread", "edit-message", "delete-message", "add-reaction") on a message. */
  async messageAction(message: Locator, action: string) {
    await message.hover();
    await message.getByTestId(action).click();
  }

  /** Opens the picker on a message and picks the emoji with shortcode `code`. */
  async react(message: Locator, code: string) {
    await this.messageAction(message, 'add-reaction');
    await this.page.getByTestId(`emoji-${code}`).click();
  }

  /** Sends a reply in the open thread, optionally also to the channel. */
  async reply(body: string, { alsoToChannel = false } = {}) {
    if (alsoToChannel) await this.threadPanel.getByTestId('also-send-to-channel').check();
    await this.threadComposer.fill(body);
    await this.threadComposer.press('Enter');
  }
}
