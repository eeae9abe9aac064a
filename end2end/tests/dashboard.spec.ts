import { Page } from '@playwright/test';
import { DEMO, expectAccessible, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

// Sam Rivera's Reel for "Summer Ridge Launch" (active), the demo's first deliverable.
const REEL = 1;

const tile = (page: Page, label: string) => page.locator('.tile', { hasText: label }).locator('dd');
const reached = (page: Page, stage: string) =>
  page.getByTestId('funnel').locator('li', { hasText: stage }).locator('.funnel-count');

/** An API token, created by the admin on the Team page. */
async function apiToken(page: Page): Promise<string> {
  await signedIn(page, DEMO.admin.email);
  await page.goto('/team');
  await hydrated(page);
  await page.getByLabel('Token name').fill(`Dashboard test ${Date.now()}`);
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByLabel('New API token');
  await expect(secret).toHaveValue(/^rst_/);
  return secret.inputValue();
}

test('the director\'s dashboard follows ingested metrics and board moves without a reload', async ({ browser, request }) => {
  const admin = await browser.newContext();
  const token = await apiToken(await admin.newPage());

  const directorContext = await browser.newContext();
  const dana = await directorContext.newPage();
  await signedIn(dana, DEMO.director.email);
  await expect(dana).toHaveURL(/\/dashboard$/);
  await hydrated(dana);
  await expect(dana.getByTestId('live')).toHaveText('Live');
  await expect(dana.getByRole('heading', { name: 'Active campaigns' })).toBeVisible();
  await dana.evaluate(() => ((window as any).__sameDocument = true));
  const reachBefore = await tile(dana, 'Measured reach').innerText();
  const reach = 1_000_000 + (Date.now() % 100_000);

  // An integration posts a snapshot of the Reel.
  const posted = await request.post('/api/v1/snapshots', {
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `e2e-${Date.now()}` },
    data: {
      snapshots: [{
        deliverable_id: REEL, captured_at: new Date().toISOString(),
        reach, likes: 2_100, comments: 88, clicks: 410, conversions: 23,
      }],
    },
  });
  expect(posted.status()).toBe(201);
  await expect(tile(dana, 'Measured reach')).not.toHaveText(reachBefore);
  await expect(dana.getByTestId('leaderboard').locator('tr', { hasText: 'Sam Rivera' }))
    .toContainText(reach.toLocaleString('en-US'));

  // Marketing moves a creator of "Spring Trail Collection" on to Negotiating (the first one
  // shortlisted or contacted). The funnel shows a count, never an empty cell read as 0.
  const shown = await reached(dana, 'Negotiating').innerText();
  expect(shown).toMatch(/^\d+$/);
  const negotiatingBefore = Number(shown);
  const marketing = await browser.newContext();
  const maya = await marketing.newPage();
  await signedIn(maya, DEMO.marketing.email);
  await maya.goto('/campaigns/1/board');
  await hydrated(maya);
  await expect(maya.locator('.live-status')).toHaveText('Live');
  const waiting = maya
    .locator('[data-stage="shortlisted"] .pipeline-card, [data-stage="contacted"] .pipeline-card')
    .first();
  const name = (await waiting.locator('.card-name').innerText()).trim();
  await waiting.getByRole('combobox', { name: `Move ${name} to…` }).selectOption('negotiating');
  await expect(maya.locator('[data-stage="negotiating"]').getByText(name)).toBeVisible();
  await expect(reached(dana, 'Negotiating')).toHaveText(String(negotiatingBefore + 1));

  expect(await dana.evaluate(() => (window as any).__sameDocument)).toBe(true);
  await expectAccessible(dana);
  await Promise.all([admin.close(), directorContext.close(), marketing.close()]);
});

test('a campaign\'s dashboard and its wall screen show the formulas behind the figures', async ({ page }) => {
  await signedIn(page, DEMO.director.email);
  await page.goto('/dashboard');
  await hydrated(page);
  await page.getByRole('link', { name: 'Summer Ridge Launch' }).click();
  await expect(page).toHaveURL(/\/campaigns\/\d+\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Summer Ridge Launch', level: 1 })).toBeVisible();
  await expect(page.locator('abbr', { hasText: 'Engagement rate' }).first())
    .toHaveAttribute('title', /engagements \/ measured reach × 100/);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Wall screen' }).click();
  await expect(page).toHaveURL(/\/campaigns\/\d+\/wall$/);
  await hydrated(page);
  await expect(page.locator('main.wall')).toBeVisible();
  await expect(page.locator('nav')).toHaveCount(0);
  await expect(tile(page, 'Measured reach')).toBeVisible();
  await expectAccessible(page);
});
