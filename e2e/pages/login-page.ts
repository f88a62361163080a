import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for /login, /sign-up, /forgot-password and /update-password (data-testid based). */
export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly formError: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByTestId('email-input');
    this.password = page.getByTestId('password-input');
    this.formError = page.getByTestId('form-error');
  }

  async goto(next?: string) {
    await this.page.goto(next === undefined ? '/login' : `/login?next=${encodeURIComponent(next)}`);
    await expect(this.page.getByTestId('login-form')).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByTestId('sign-in-button').click();
  }

  async gotoSignUp() {
    await this.page.goto('/sign-up');
    await expect(this.page.getByTestId('sign-up-form')).toBeVisible();
  }

  async signUp(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByTestId('sign-up-button').click();
  }

  async requestPasswordReset(email: string) {
    await this.page.goto('/forgot-password');
    await this.email.fill(email);
    await this.page.getByTestId('send-reset-link-button').click();
    await expect(this.page.getByTestId('reset-email-sent')).toBeVisible();
  }

  async setNewPassword(password: string) {
    await expect(this.page.getByTestId('update-password-form')).toBeVisible();
    await this.page.getByTestId('new-password-input').fill(password);
    await this.page.getByTestId('confirm-password-input').fill(password);
    await this.page.getByTestId('update-password-button').click();
  }
}
