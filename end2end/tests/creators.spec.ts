import { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO, expectAccessible, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

/** Fills the creator form's profile and main channel, and saves. */
async function addCreator(page: Page, c: { name: string; niche: string; handle: string; followers: string }) {
  await page.goto('/creators/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(c.name);
  await page.getByLabel('Niches').fill(c.niche);
  await page.getByLabel('Platform').selectOption('instagram');
  await page.getByLabel('Handle').fill(c.handle);
  await page.getByLabel('Followers', { exact: true }).fill(c.followers);
  await page.getByLabel('Average engagement rate (%)').fill('4.5');
  await page.getByRole('button', { name: 'Add creator' }).click();
  await expect(page).toHaveURL(/\/creators\/\d+$/);
  await expect(page.getByRole('heading', { name: c.name, level: 1 })).toBeVisible();
}

test('marketing builds a campaign shortlist from hand-added and imported creators', async ({ page }) => {
  const stamp = Date.now();
  const niche = `trail${stamp}`;
  await signedIn(page, DEMO.marketing.email);

  // A campaign to fill.
  await page.goto('/campaigns/new');
  await hydrated(page);
  const campaign = `Ridge run ${stamp}`;
  await page.getByLabel('Name').fill(campaign);
  await page.getByLabel('Budget').fill('30000');
  await page.getByLabel('Starts').fill('2026-09-01');
  await page.getByLabel('Ends').fill('2026-10-31');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page.getByRole('heading', { name: campaign, level: 1 })).toBeVisible();
  const campaignUrl = page.url();

  // Two creators by hand; a bad form first says what is wrong.
  await page.goto('/creators/new');
  await hydrated(page);
  await page.getByLabel('Email').fill('not an email');
  await page.getByRole('button', { name: 'Add creator' }).click();
  await expect(page.getByText('Enter a name.')).toBeVisible();
  await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
  await addCreator(page, { name: `Hand Ana ${stamp}`, niche, handle: `ana${stamp}`, followers: '48.2k' });
  await expect(page.getByRole('cell', { name: '48.2k', exact: true })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await addCreator(page, { name: `Hand Ben ${stamp}`, niche: `${niche}, running`, handle: `ben${stamp}`, followers: '250k' });

  // Three more by CSV: one of them a duplicate of a hand-added creator.
  await page.goto('/creators/import');
  await hydrated(page);
  const csv = [
    '\ufeffName,Niches,Instagram,Instagram Followers,Country',
    `CSV Cleo ${stamp},"${niche}",cleo${stamp},61000,FR`,
    `CSV Dev ${stamp},${niche},dev${stamp},12k,IN`,
    `CSV Eve ${stamp},${niche},eve${stamp},2M,US`,
    `Ana again ${stamp},${niche},ANA${stamp},5000,BR`,
  ].join('\r\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'creators.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await expect(page).toHaveURL(/\/creators\/import\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Nothing is saved yet' })).toBeVisible();
  await expect(page.getByText(`Already in your database: @ana${stamp} on Instagram is Hand Ana ${stamp}'s channel.`)).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Import 3 creators' }).click();
  await expect(page.getByText('Imported 3 creators.')).toBeVisible();

  // Filter by niche and a follower range: 10k–300k leaves out Eve (2M); the URL keeps it.
  await page.goto('/creators');
  await hydrated(page);
  await page.getByLabel('Niche').fill(niche);
  await page.getByLabel('Followers from').fill('10k');
  await page.getByLabel('Followers to').fill('300k');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`niche=${niche}.*followers_min=10k.*followers_max=300k`));
  await expect(page.getByText('4 creators')).toBeVisible();
  await expect(page.getByRole('link', { name: `CSV Eve ${stamp}` })).toHaveCount(0);
  await hydrated(page);
  await expectAccessible(page);

  // The filtered view is shareable: reloading the URL gives the same list.
  await page.reload();
  await hydrated(page);
  await expect(page.getByText('4 creators')).toBeVisible();
  await expect(page.getByLabel('Niche')).toHaveValue(niche);

  // Shortlist three into the campaign.
  for (const name of [`Hand Ana ${stamp}`, `Hand Ben ${stamp}`, `CSV Cleo ${stamp}`]) {
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  }
  await expect(page.getByRole('heading', { name: 'Shortlist 3 selected creators' })).toBeVisible();
  await page.getByLabel('Campaign', { exact: true }).selectOption({ label: `${campaign} (EUR)` });
  await page.getByLabel('Fee per creator').fill('800');
  await page.getByRole('button', { name: 'Add to campaign' }).click();
  await expect(page.getByText('Shortlisted 3 creators into')).toBeVisible();

  // Adding one of them again is refused, clearly.
  await page.getByRole('checkbox', { name: `Select Hand Ana ${stamp}` }).check();
  await page.getByLabel('Campaign', { exact: true }).selectOption({ label: `${campaign} (EUR)` });
  await page.getByRole('button', { name: 'Add to campaign' }).click();
  await expect(page.getByText(`Hand Ana ${stamp} is already on this campaign. Unselect them and try again.`)).toBeVisible();

  // The campaign's board has them shortlisted; then the campaign runs its course and is archived.
  await page.goto(campaignUrl);
  await hydrated(page);
  await page.getByRole('region', { name: 'Pipeline' }).getByRole('link', { name: 'Open the board' }).click();
  await hydrated(page);
  const shortlisted = page.locator('[data-stage="shortlisted"]');
  for (const name of [`Hand Ana ${stamp}`, `Hand Ben ${stamp}`, `CSV Cleo ${stamp}`]) {
    await expect(shortlisted.getByRole('link', { name })).toBeVisible();
  }
  await expect(shortlisted.getByText('800.00 EUR', { exact: true })).toHaveCount(3);
  await expect(shortlisted.locator('.column-stats')).toContainText('2,400.00 EUR');
  await page.goto(campaignUrl);
  await hydrated(page);
  for (const [action, status] of [['Launch', 'Active'], ['Mark completed', 'Completed'], ['Archive', 'Archived']]) {
    await page.getByRole('button', { name: action }).click();
    await expect(page.locator('.page-header .badge')).toHaveText(status);
  }
  await expect(page.getByText('This campaign is archived')).toBeVisible();
});

test('export downloads the filtered list as CSV', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await page.goto('/creators?niche=climbing');
  await hydrated(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^creators-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await file.path(), 'utf8');
  expect(text).toContain('Gus Walker');
  expect(text).not.toContain('Ana Souza');
});

test('legal reads creators without onboarding data or write actions', async ({ page }) => {
  await signedIn(page, DEMO.legal.email);
  await page.goto('/creators');
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Add creator' })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await page.getByRole('link', { name: 'Ana Souza' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Channels' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Onboarding/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove' })).toHaveCount(0);
});
