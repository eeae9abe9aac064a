import { DEMO, expectAccessible, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

test('an admin invites a colleague without a page reload, and the colleague joins', async ({ page, browser }) => {
  await signedIn(page, DEMO.admin.email);
  await page.goto('/team');
  await hydrated(page);

  // Proof of hydration: the invitation goes through a server function called by fetch,
  // and the page that sent it is still the same document afterwards.
  await page.evaluate(() => ((window as any).__sameDocument = true));
  const email = `rosa.${Date.now()}@example.com`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name', { exact: true }).fill('Rosa Diaz');
  await page.getByLabel('Role', { exact: true }).selectOption('legal');
  const call = page.waitForRequest((r) => r.url().includes('/api/') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  expect((await call).resourceType()).toBe('fetch');

  const link = page.getByLabel('Invitation link');
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  await expect(page.getByRole('cell', { name: email, exact: true })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('');
  await expect(page.getByText(`→ ${email}`)).toBeVisible();

  const url = new URL(await link.inputValue());
  const guest = await browser.newContext();
  const invited = await guest.newPage();
  await invited.goto(url.pathname);
  await hydrated(invited);
  await expect(invited.getByRole('heading', { name: /Join Northwind Outfitters/ })).toBeVisible();
  await invited.getByLabel('Choose a password').fill('a long enough secret');
  await invited.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(invited).toHaveURL(/\/reviews$/);
  await expect(invited.getByText('Rosa Diaz').first()).toBeVisible();
  await guest.close();
});

test('a bad invitation shows what to fix next to each field', async ({ page }) => {
  await signedIn(page, DEMO.admin.email);
  await page.goto('/team');
  await hydrated(page);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
  await expect(page.getByText('Enter a name.')).toBeVisible();
});

test('the team page has no serious accessibility violations', async ({ page }) => {
  await signedIn(page, DEMO.admin.email);
  await page.goto('/team');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await expectAccessible(page);
});

test('marketing cannot open the team page', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.goto('/team');
  await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' })).toHaveCount(0);
});

test('a creator who already has an account signs in from the link and joins', async ({ page, browser }) => {
  await signedIn(page, DEMO.admin.email);
  await page.goto('/team');
  await hydrated(page);
  await page.getByLabel('Email').fill(DEMO.creator.email);
  await page.getByLabel('Name', { exact: true }).fill(DEMO.creator.name);
  await page.getByLabel('Role', { exact: true }).selectOption('creator');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const url = new URL(await page.getByLabel('Invitation link').inputValue());

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const sam = await phone.newPage();
  await sam.goto(url.pathname);
  await hydrated(sam);
  // The page does not say whether the address has an account: it offers both ways in.
  await expect(sam.getByLabel('Choose a password')).toBeVisible();
  await sam.getByRole('link', { name: 'Sign in to accept' }).tap();
  await expect(sam).toHaveURL(/\/login\?next=/);
  await hydrated(sam);
  await sam.getByLabel('Email').fill(DEMO.creator.email);
  await sam.getByLabel('Password').fill('roster-demo');
  await sam.getByRole('button', { name: 'Sign in' }).tap();
  await expect(sam).toHaveURL(new RegExp(`${url.pathname}$`));
  await hydrated(sam);
  await sam.getByRole('button', { name: 'Accept invitation' }).tap();
  await expect(sam).toHaveURL(/\/portal$/);
  await phone.close();

  await page.reload();
  await expect(page.getByRole('row', { name: new RegExp(DEMO.creator.email) }).getByText('Accepted')).toBeVisible();
});

test('an admin creates an API token, sees it once, and revokes it', async ({ page }) => {
  await signedIn(page, DEMO.admin.email);
  await page.goto('/team');
  await hydrated(page);
  const name = `Sync ${Date.now()}`;
  await page.getByLabel('Token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByLabel('New API token');
  await expect(secret).toHaveValue(/^rst_[A-Za-z0-9_-]{43}$/);
  const value = await secret.inputValue();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(`…${value.slice(-4)}`);
  await expect(row).toContainText('Never');
  await expectAccessible(page);

  // Only its last characters stay: after a reload the secret is gone for good.
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('New API token')).toHaveCount(0);
  expect(await page.content()).not.toContain(value);
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Revoked');
});
