import { DEMO, PASSWORD, expectAccessible, expectInViewport, expectNoSidewaysScroll, hydrated, signIn } from './helpers';
import { expect, test } from './server';

for (const [role, who] of Object.entries(DEMO)) {
  test(`${role} signs in and lands on their home`, async ({ page }) => {
    await signIn(page, who.email);
    await expect(page).toHaveURL(new RegExp(`${who.home}$`));
    await expect(page.getByText(who.name).first()).toBeVisible();
  });
}

test('a wrong password is refused with a clear message', async ({ page }) => {
  await signIn(page, DEMO.legal.email, 'definitely-wrong');
  await expect(page.getByRole('alert')).toHaveText('That email and password do not match an account.');
  await expect(page).toHaveURL(/\/login/);
});

test('signing out returns to the sign-in page and protects the app again', async ({ page }) => {
  await signIn(page, DEMO.director.email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
});

test('a protected link survives signing in', async ({ page }) => {
  await page.goto('/team');
  await expect(page).toHaveURL(/\/login\?next=\/team$/);
  await hydrated(page);
  await page.getByLabel('Email').fill(DEMO.admin.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/team$/);
  await expect(page.getByRole('heading', { name: 'Team', exact: true })).toBeVisible();
});

test('a forgotten password: the link is asked for by email, and a dead link says so', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await hydrated(page);
  await page.getByLabel('Email').fill(DEMO.director.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  // The same answer whether or not the account exists.
  await expect(page.getByRole('status')).toContainText('If an account uses that email');
  await expectAccessible(page);
  // The link itself goes by SMTP only (tested against a real SMTP server in server/tests).
  await page.goto('/reset/no-such-link');
  await hydrated(page);
  await page.getByLabel('New password', { exact: true }).fill('a director secret');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('expired or was already used');
  await expectAccessible(page);
});

test('the login page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await expectAccessible(page);
});

test.describe('on a phone', { tag: '@phone-only' }, () => {
  test('the creator portal fits a 390 px screen', async ({ page }) => {
    await signIn(page, DEMO.creator.email);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('heading', { name: 'Hi Sam' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Portal' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
  });

  test('staff navigation opens from the menu button', async ({ page }) => {
    await signIn(page, DEMO.marketing.email);
    await expect(page).toHaveURL(/\/campaigns$/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: 'Menu' }).click();
    await expectInViewport(nav);
    await nav.getByRole('link', { name: 'Creators' }).click();
    await expect(page).toHaveURL(/\/creators$/);
  });
});
