import { DEMO, expectAccessible, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

test('marketing plans a campaign, launches it, completes and archives it', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await page.goto('/campaigns');
  await hydrated(page);
  await page.getByRole('link', { name: 'New campaign' }).click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  await hydrated(page);

  const name = `Summer drop ${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Objective').selectOption('conversion');
  await page.getByLabel('Budget').fill('not money');
  await page.getByLabel('Starts').fill('2026-06-01');
  await page.getByLabel('Ends').fill('2026-07-15');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page.getByText('Enter an amount like 12500 or 12500.00.')).toBeVisible();

  await page.getByLabel('Budget').fill('18,000');
  await page.getByLabel('Target engagement rate (%)').fill('4.2');
  await page.getByLabel('Creators needed').fill('12');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page).toHaveURL(/\/campaigns\/\d+$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('18,000.00 EUR')).toBeVisible();
  await expect(page.getByText('4.20 %')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Editing starts from what was saved, and the history says what changed, readably.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await hydrated(page);
  await expect(page.getByLabel('Budget')).toHaveValue('18,000.00');
  await expect(page.getByLabel('Target engagement rate (%)')).toHaveValue('4.20');
  await page.getByLabel('Budget').fill('21500');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\/campaigns\/\d+$/);
  await expect(page.getByText('21,500.00 EUR').first()).toBeVisible();
  await expect(page.getByText('Edited by Maya Chen')).toBeVisible();
  await expect(page.locator('.changes').getByText('18,000.00 EUR')).toBeVisible();
  await hydrated(page);

  for (const [action, status] of [['Launch', 'Active'], ['Mark completed', 'Completed'], ['Archive', 'Archived']]) {
    await page.getByRole('button', { name: action }).click();
    await expect(page.locator('.page-header .badge')).toHaveText(status);
  }
  await expect(page.getByText('This campaign is archived')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByText('Status changed by Maya Chen').first()).toBeVisible();

  await page.goto('/campaigns');
  await expect(page.getByRole('link', { name })).toHaveCount(0);
  await page.getByRole('link', { name: 'Archived' }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();
});

test('a director reads campaigns but cannot change them', async ({ page }) => {
  await signedIn(page, DEMO.director.email);
  await page.goto('/campaigns');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New campaign' })).toHaveCount(0);
  await page.goto('/campaigns/new');
  await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
});
