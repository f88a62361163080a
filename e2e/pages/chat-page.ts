import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the workspace shell and a channel (data-testid based). */
export class ChatPage {
  readonly composer: Locator;
  readonly composerError: Locator;
  readonly messages: Locator;
  readonly channelName: Locator;

  constructor(readonly page: Page) {
    this.composer = page.getByTestId('message-composer');
    this.composerError = page.getByTestId('composer-error');
    this.messages = page.getByTestId('message');
    this.channelName = page.getByTestId('channel-name');
  }

  async goto(workspace: string, channel: string) {
    await this.page.goto(`/${workspace}/${channel}`);
    await expect(this.channelName).toBeVisible();
  }

  /** Types `body` and presses Enter. */
  async send(body: string) {
    await this.composer.fill(body);
    await this.composer.press('Enter');
  }

  /** The rendered messages whose text contains `text`. */
  message(text: string): Locator {
    return this.messages.filter({ hasText: text });
  }
}
