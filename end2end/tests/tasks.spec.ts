import { DEMO, expectAccessible, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

test('contacting a creator puts outreach on My tasks, and Done closes it', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  // "Autumn Layers" (campaign 2): Kaia Nilsen is shortlisted.
  await page.goto('/campaigns/2/board');
  await hydrated(page);
  await expect(page.locator('.live-status')).toHaveText('Live');
  await page.getByRole('combobox', { name: 'Move Kaia Nilsen to…' }).selectOption('contacted');
  const kaia = page.locator('[data-stage="contacted"] .pipeline-card', { hasText: 'Kaia Nilsen' });
  await expect(kaia.locator('.card-task')).toHaveText('Reach out · due now');

  await page.getByRole('link', { name: 'My tasks' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await hydrated(page);
  const due = page.locator('.task-group.due + .task-list');
  await expect(due.getByText('Reach out to Kaia Nilsen')).toBeVisible();
  await expect(page.getByText('Follow up with Kaia Nilsen (no reply after 3 days)')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Mark done: Reach out to Kaia Nilsen' }).click();
  await expect(page.getByText('Reach out to Kaia Nilsen')).toHaveCount(0);
  await expect(page.getByText('Follow up with Kaia Nilsen (no reply after 3 days)')).toBeVisible();

  // The board shows the next task now: the follow-up on day 3.
  await page.goto('/campaigns/2/board');
  await hydrated(page);
  await expect(kaia.locator('.card-task')).toContainText('Follow up · due');
});
