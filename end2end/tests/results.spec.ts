import * as fs from 'fs';
import { DEMO, expectAccessible, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

// Sam Rivera's Reel in "Summer Ridge Launch" (campaign 4), and the completed
// "Winter Basecamp 2025" (campaign 3), whose posts have weeks of demo readings.
const REEL = 1;
const SUMMER_RIDGE = 4;
const WINTER = 3;

test('marketing types a reading in on a deliverable and imports a sheet of them', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await page.goto(`/deliverables/${REEL}`);
  await hydrated(page);
  const results = page.getByRole('region', { name: 'Results' });
  await results.getByLabel('Reach').fill('12,400');
  await results.getByLabel('Likes').fill('610');
  await results.getByLabel('Captured at (UTC)').fill('2026-01-10T09:30');
  await results.getByRole('button', { name: 'Save the reading' }).click();
  await expect(results.getByText('Reading saved')).toBeVisible();
  const typed = results.locator('tr', { hasText: '10 Jan 2026, 09:30 UTC' });
  await expect(typed).toContainText('Typed in · Maya Chen');
  await expect(typed).toContainText('12,400');
  // A bad figure is named at its field, and nothing is saved.
  await results.getByLabel('Comments').fill('lots');
  await results.getByRole('button', { name: 'Save the reading' }).click();
  await expect(results.getByText('Enter a whole number, like 12500.')).toBeVisible();
  await expectAccessible(page);

  // The campaign's sheet: a problem is named by its line, then a good sheet is recorded.
  await page.goto(`/campaigns/${SUMMER_RIDGE}/results/import`);
  await hydrated(page);
  const sheet = (rows: string) => ({
    name: 'readings.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`deliverable_id,captured_at,reach,likes\n${rows}`),
  });
  await page.getByLabel('Filled-in sheet (CSV)').setInputFiles(sheet(`${REEL},2026-01-11,13000,640\n${REEL},2026-01-12,-4,10\n`));
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await expect(page.getByRole('heading', { name: '1 problem in the sheet: nothing was saved' })).toBeVisible();
  await expect(page.locator('tr', { hasText: 'Enter a whole number' })).toContainText('3');
  await page.getByLabel('Filled-in sheet (CSV)').setInputFiles(sheet(`${REEL},2026-01-11,13000,640\n`));
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await expect(page.getByText('1 reading ready to record.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Record 1 reading' }).click();
  await expect(page.getByText('Recorded 1 reading.')).toBeVisible();
  await page.goto(`/deliverables/${REEL}`);
  await hydrated(page);
  await expect(page.locator('tr', { hasText: '11 Jan 2026, 00:00 UTC' })).toContainText('CSV import · Maya Chen');
});

test('a completed campaign\'s report is downloaded, printed, finalized and archived', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await page.goto(`/campaigns/${WINTER}/dashboard`);
  await hydrated(page);
  await page.getByRole('link', { name: 'Report' }).click();
  await expect(page).toHaveURL(new RegExp(`/campaigns/${WINTER}/report$`));
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Winter Basecamp 2025: report', level: 1 })).toBeVisible();
  await expect(page.getByTestId('report-status')).toContainText('Provisional');
  await expect(page.getByTestId('leaderboard')).toContainText('Ana Souza');
  await expect(page.getByTestId('report-deliverables').locator('tbody tr')).toHaveCount(3);
  await expectAccessible(page);

  // The CSV per creator: a line each, plain numbers.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV per creator' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('winter-basecamp-2025-report-creators-provisional.csv');
  const csv = fs.readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^creator,stage,cost_eur,impressions,reach,/);
  expect(lines).toHaveLength(4);
  expect(csv).toContain('Ana Souza,Paid,');

  // Printed, only the report shows: no navigation, no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.sidebar')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Finalize results' })).toBeHidden();
  await expect(page.getByTestId('tiles')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('button', { name: 'Finalize results' }).click();
  await expect(page.getByTestId('report-status')).toContainText('Final results, frozen');
  await page.getByRole('button', { name: 'Archive the campaign' }).click();
  await expect(page.getByTestId('report-status')).toContainText('Archived');
  await expect(page.getByRole('button', { name: 'Archive the campaign' })).toHaveCount(0);
});
