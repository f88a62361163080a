import { expect, type Page } from '@playwright/test';

/** Page object for the signed-in home (workspace list) and its user menu. */
export class HomePage {
  constructor(readonly page: Page) {}

  async expectSignedInAs(email: string) {
    await expect(this.page.getByTestId('home')).toBeVisible();
    await expect(this.page.getByTestId('signed-in-as')).toContainText(email);
  }

  async openUserMenu() {
    await this.page.getByTestId('user-menu').click();
  }

  async signOut() {
    await this.openUserMenu();
    await this.page.getByTestId('sign-out').click();
    await expect(this.page).toHaveURL(/\/login(\?|$)/);
  }
}
