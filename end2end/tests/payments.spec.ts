import { DEMO, PHONE, expectAccessible, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

test('marketing schedules, approves and pays a creator short with a reason; the creator sees it live', async ({ page, browser }) => {
  // Sam has the portal open on his phone: no payments yet.
  const phone = await browser.newContext(PHONE);
  const sam = await phone.newPage();
  await signedIn(sam, DEMO.creator.email);
  await expect(sam).toHaveURL(/\/portal$/);
  await hydrated(sam);
  await expect(sam.getByRole('heading', { name: 'Payments' })).toHaveCount(0);

  await signedIn(page, DEMO.marketing.email);
  await page.goto('/payments');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  const sams = page.locator('select[name="entry_id"] option', { hasText: 'Sam Rivera' });
  await page.getByLabel('Collaboration').selectOption(await sams.getAttribute('value') ?? '');
  await page.getByLabel('Amount', { exact: true }).fill('900');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.locator('#f-amount-error')).toContainText('at most the fee not yet scheduled');
  await page.getByLabel('Amount', { exact: true }).fill('800');
  await page.getByRole('button', { name: 'Schedule' }).click();

  const row = page.locator('.payment', { hasText: 'Sam Rivera' });
  await expect(row.locator('.status')).toHaveText('Pending');
  await expect(page.locator('.tile', { hasText: 'Due this week' })).toContainText('800.00 EUR');
  await row.getByRole('button', { name: /^Approve 800.00 EUR/ }).click();
  await expect(row.locator('.status')).toHaveText('Approved');

  // Paid short: the reason is asked for, then recorded.
  await row.getByLabel('Amount paid').fill('700');
  await row.getByRole('button', { name: /^Mark paid/ }).click();
  await expect(row).toContainText('Say why less than the amount is paid');
  await row.getByLabel('Reason, if less').fill('Posted two days late');
  await row.getByLabel('Reference').fill('INV-2026-031');
  await row.getByRole('button', { name: /^Mark paid/ }).click();
  await expect(row.locator('.status')).toHaveText('Paid');
  await expect(row).toContainText('Paid 700.00 EUR');
  await expect(row).toContainText('Posted two days late');
  await expect(page.locator('.tile', { hasText: 'Paid' }).last()).toContainText('700.00 EUR');
  await expectAccessible(page);

  // Sam sees it without a reload, and his bell counts it.
  const card = sam.locator('.payment-card');
  await expect(card).toContainText('Paid 700.00 EUR');
  await expect(card).toContainText('Less than agreed: Posted two days late');
  await expect(sam.locator('.bell-count')).toBeVisible();
  await expectAccessible(sam);
  await phone.close();
});
