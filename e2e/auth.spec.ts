import { expect, test } from './fixtures';
import { firstLink } from './mail';

test.describe('auth', () => {
  test('sign up lands signed in on the workspace list', async ({ page, loginPage, homePage, newUser }) => {
    await loginPage.gotoSignUp();
    await loginPage.signUp(newUser.email, newUser.password);
    await expect(page).toHaveURL('/');
    await homePage.expectSignedInAs(newUser.email);
    await expect(page.getByTestId('workspaces-empty')).toContainText("You're not in any workspace yet");
  });

  test('sign-up form explains invalid input before submitting', async ({ page, loginPage }) => {
    await loginPage.gotoSignUp();
    await loginPage.signUp('not-an-email', '123');
    await expect(page.getByTestId('email-error')).toContainText('valid email');
    await expect(page.getByTestId('password-error')).toContainText('at least 6 characters');
    await expect(loginPage.email).toBeFocused();
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  test('signing up with a registered email points to sign in', async ({ page, loginPage, homePage, signedInUser }) => {
    await homePage.signOut();
    await loginPage.gotoSignUp();
    await loginPage.signUp(signedInUser.email, 'another-password');
    await expect(page.getByTestId('email-error')).toContainText('already exists');
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  test('sign out ends the session', async ({ page, homePage, signedInUser }) => {
    await homePage.expectSignedInAs(signedInUser.email);
    await homePage.signOut();
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('signing in with a wrong password shows an actionable error', async ({
    page,
    loginPage,
    homePage,
    signedInUser,
  }) => {
    await homePage.signOut();
    await loginPage.goto();
    await loginPage.signIn(signedInUser.email, 'definitely-wrong');
    await expect(loginPage.formError).toHaveText('Email or password is incorrect.');
    await expect(loginPage.email).toHaveValue(signedInUser.email);
    await expect(page).toHaveURL(/\/login/);

    await loginPage.signIn(signedInUser.email, signedInUser.password);
    await homePage.expectSignedInAs(signedInUser.email);
  });

  test('password reset through the mail catcher', async ({ page, loginPage, homePage, mail, signedInUser }) => {
    await homePage.signOut();
    await loginPage.requestPasswordReset(signedInUser.email);

    const message = await mail.waitForMail(signedInUser.email, { subject: /reset|recover|password/i });
    const link = firstLink(message, (u) => /verify|token|confirm/.test(u));
    await page.goto(link);

    const newPassword = `new-${signedInUser.password}`;
    await loginPage.setNewPassword(newPassword);
    await homePage.expectSignedInAs(signedInUser.email);

    // The old password no longer works; the new one does.
    await homePage.signOut();
    await loginPage.signIn(signedInUser.email, signedInUser.password);
    await expect(loginPage.formError).toHaveText('Email or password is incorrect.');
    await loginPage.signIn(signedInUser.email, newPassword);
    await homePage.expectSignedInAs(signedInUser.email);
  });

  test('a reset link cannot be used twice', async ({ page, loginPage, homePage, mail, signedInUser }) => {
    await homePage.signOut();
    await loginPage.requestPasswordReset(signedInUser.email);
    const message = await mail.waitForMail(signedInUser.email, { subject: /reset|recover|password/i });
    const link = firstLink(message, (u) => /verify|token|confirm/.test(u));
    await page.goto(link);
    await expect(page.getByTestId('update-password-form')).toBeVisible();

    await page.context().clearCookies();
    await page.goto(link);
    await expect(page).not.toHaveURL(/\/update-password$/);
    await expect(page.getByTestId('update-password-form')).toHaveCount(0);
  });

  test('next= pointing at another origin never redirects off-site', async ({
    page,
    loginPage,
    homePage,
    signedInUser,
    baseURL,
  }) => {
    await homePage.signOut();
    for (const evil of ['https://evil.example', '//evil.example', '/\\evil.example']) {
      await loginPage.goto(evil);
      await loginPage.signIn(signedInUser.email, signedInUser.password);
      await homePage.expectSignedInAs(signedInUser.email);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
      await expect(page).toHaveURL('/');
      await homePage.signOut();
    }
  });

  test('a protected page sends you to sign in and back', async ({ page, loginPage, homePage, signedInUser }) => {
    await homePage.signOut();
    await page.goto('/acme?tab=channels');
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent('/acme?tab=channels')}`);
    await loginPage.signIn(signedInUser.email, signedInUser.password);
    // Back where they wanted to go (a new user is not in acme, so it is a not-found page, not a leak).
    await expect(page).toHaveURL('/acme?tab=channels');
    await expect(page.getByTestId('not-found')).toBeVisible();
  });

  test('signed-in visitors skip the login page', async ({ page, signedInUser }) => {
    await page.goto('/login');
    await expect(page).toHaveURL('/');
    await expect(page.getByTestId('signed-in-as')).toContainText(signedInUser.email);
  });
});
