import { randomUUID } from 'node:crypto';
import { test as base } from '@playwright/test';
import { MailCatcher } from './mail';
import { HomePage } from './pages/home-page';
import { LoginPage } from './pages/login-page';

export type TestUser = { email: string; password: string };

type Fixtures = {
  loginPage: LoginPage;
  homePage: HomePage;
  mail: MailCatcher;
  /** A fresh, not yet registered user (unique per test, so tests can run in parallel). */
  newUser: TestUser;
  /** A registered user, signed in in `page`. */
  signedInUser: TestUser;
};

export const test = base.extend<Fixtures>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  homePage: async ({ page }, use) => use(new HomePage(page)),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  mail: async ({}, use) => use(new MailCatcher()),
  // biome-ignore lint/correctness/noEmptyPattern: as above
  newUser: async ({}, use, testInfo) => {
    const id = `${testInfo.workerIndex}-${randomUUID().slice(0, 8)}`;
    await use({ email: `e2e-${id}@example.com`, password: `pw-${randomUUID()}` });
  },
  signedInUser: async ({ loginPage, homePage, newUser }, use) => {
    await loginPage.gotoSignUp();
    await loginPage.signUp(newUser.email, newUser.password);
    await homePage.expectSignedInAs(newUser.email);
    await use(newUser);
  },
});

export { expect } from '@playwright/test';
