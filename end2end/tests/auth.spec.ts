import { test, expect, Page } from '@playwright/test';
import { DEMO, PASSWORD, PHONE, expectAccessible, hydrated, signIn, signedIn } from './helpers';

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

/** Asks for a reset link for `email` and reads it from the admin's outbox. */
async function resetLink(page: Page, admin: Page, email: string): Promise<string> {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses that email');
  await admin.goto('/team');
  await hydrated(admin);
  const body = await admin.locator('.outbox li', { hasText: 'Reset your Roster password' }).first().locator('pre').textContent();
  return body!.match(/https?:\/\/\S+\/reset\/\S+/)![0];
}

test('a forgotten password is reset through the emailed link', async ({ page, browser }) => {
  const desk = await browser.newContext();
  const admin = await desk.newPage();
  await signedIn(admin, DEMO.admin.email);
  await page.goto(await resetLink(page, admin, DEMO.director.email));
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('New password', { exact: true }).fill('a director secret');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  // Put the demo password back for the other tests.
  await page.context().clearCookies();
  await page.goto(await resetLink(page, admin, DEMO.director.email));
  await hydrated(page);
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await desk.close();
});

test('the login page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await expectAccessible(page);
});

test.describe('on a phone', () => {
  test.use(PHONE);

  test('the creator portal fits a 390 px screen', async ({ page }) => {
    await signIn(page, DEMO.creator.email);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('heading', { name: 'Hi Sam' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Portal' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  test('staff navigation opens from the menu button', async ({ page }) => {
    await signIn(page, DEMO.marketing.email);
    await expect(page).toHaveURL(/\/campaigns$/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(nav).toBeVisible();
    await nav.getByRole('link', { name: 'Creators' }).click();
    await expect(page).toHaveURL(/\/creators$/);
  });
});
