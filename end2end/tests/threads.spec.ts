import { Locator, Page } from '@playwright/test';
import { DEMO, PHONE, hydrated, signedIn, uploadDraft } from './helpers';
import { expect, test } from './server';

// The demo creator Sam Rivera's Reel (deliverable 1) waits for review in version 2.
const REVIEW = '/deliverables/1';

/** A reviewer's desk with the draft open and the app running. */
async function desk(page: Page, email: string) {
  await signedIn(page, email);
  await page.goto(REVIEW);
  await hydrated(page);
}

/** Where `pin` points, in fractions of `image`'s width and height. */
async function pointOf(pin: Locator, image: Locator) {
  const [p, i] = [await pin.boundingBox(), await image.boundingBox()];
  if (!p || !i) throw new Error('nothing to measure');
  return { x: (p.x + p.width / 2 - i.x) / i.width, y: (p.y + p.height / 2 - i.y) / i.height };
}

test('a comment pinned to a point of a photo: the pin sits where it was clicked, and goes and comes back with resolve and reopen on both desks', async ({ page, browser }) => {
  // Sam sends version 3 with a photo, from his phone.
  const phone = await browser.newContext(PHONE);
  const sam = await phone.newPage();
  await signedIn(sam, DEMO.creator.email);
  await sam.goto('/portal/deliverables/1');
  await hydrated(sam);
  await uploadDraft(sam, '#ad Storm test on the ridge: rated to 20,000 mm. #TrailReady', 7);
  await expect(sam.getByRole('heading', { name: 'Version 3' })).toBeVisible();
  await phone.close();

  // Marketing clicks a point of the photo, a quarter across and three quarters down.
  await desk(page, DEMO.marketing.email);
  await expect(page.getByRole('heading', { name: 'Caption or script · v3' })).toBeVisible();
  const image = page.locator('.pin-box img');
  const box = (await image.boundingBox())!;
  await image.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
  await expect(page.locator('.new-thread .quote')).toHaveText('On the point you clicked');
  await page.getByLabel('Your comment').fill('The logo is cut off here.');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const pin = page.getByRole('button', { name: /^Comment #\d+ on this image$/ });
  await expect(pin).toHaveCount(1);
  const at = await pointOf(pin, image);
  expect(Math.abs(at.x - 0.25)).toBeLessThan(0.02);
  expect(Math.abs(at.y - 0.75)).toBeLessThan(0.02);
  // Picking the pin focuses its thread.
  const thread = page.locator('.thread', { hasText: 'The logo is cut off here.' });
  await pin.click();
  await expect(thread).toHaveClass(/active/);

  // Legal's desk has the same pin, at the same point, from the server.
  const other = await browser.newContext();
  const legal = await other.newPage();
  await desk(legal, DEMO.legal.email);
  const legalPin = legal.getByRole('button', { name: /^Comment #\d+ on this image$/ });
  await expect(legalPin).toHaveCount(1);
  const seen = await pointOf(legalPin, legal.locator('.pin-box img'));
  expect(Math.abs(seen.x - 0.25)).toBeLessThan(0.02);
  expect(Math.abs(seen.y - 0.75)).toBeLessThan(0.02);

  // Resolved on one desk: the pin leaves both, and the thread folds away with the resolved.
  await thread.getByRole('button', { name: 'Resolve' }).click();
  await expect(pin).toHaveCount(0);
  await expect(thread).toBeHidden();
  await expect(legalPin).toHaveCount(0);
  await legal.getByRole('button', { name: /^Show \d+ resolved$/ }).click();
  const legalThread = legal.locator('.thread', { hasText: 'The logo is cut off here.' });
  await expect(legalThread.locator('.badge', { hasText: 'Resolved' })).toBeVisible();

  // Reopened from the other desk: the pin is back on both, the thread open again, and it
  // stays so after a reload.
  await legalThread.getByRole('button', { name: 'Reopen' }).click();
  await expect(legalThread.locator('.badge', { hasText: 'Resolved' })).toHaveCount(0);
  await expect(legalPin).toHaveCount(1);
  await expect(pin).toHaveCount(1);
  await expect(thread).toBeVisible();
  await expect(thread.getByLabel(/Reply to/)).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('button', { name: /^Comment #\d+ on this image$/ })).toHaveCount(1);
  await expect(page.locator('.thread', { hasText: 'The logo is cut off here.' }).locator('.badge', { hasText: 'Resolved' })).toHaveCount(0);
  await other.close();
});

test('a colleague\'s comment waits while a reviewer is typing, and shows once they have sent theirs', async ({ page, browser }) => {
  await desk(page, DEMO.marketing.email);
  const outdated = page.locator('.thread.outdated');
  const reply = outdated.getByLabel(/Reply to/);
  await reply.fill('Agreed, the new wording is better.');

  // Legal comments on the whole draft meanwhile.
  const other = await browser.newContext();
  const legal = await other.newPage();
  await desk(legal, DEMO.legal.email);
  await legal.getByRole('button', { name: 'Comment on the whole draft' }).click();
  await legal.getByLabel('Your comment').fill('Add the test standard to the claim.');
  await legal.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(legal.locator('.thread', { hasText: 'Add the test standard' })).toBeVisible();

  // Marketing is told, but the page does not change under the words being typed.
  const held = page.locator('.held-updates');
  await expect(held).toHaveText('Others made changes: they will show when you send or clear what you are writing.');
  await expect(page.locator('.thread', { hasText: 'Add the test standard' })).toHaveCount(0);
  await expect(reply).toHaveValue('Agreed, the new wording is better.');
  await expect(reply).toBeFocused();

  // Sent: the reply and the held comment both show, and the notice goes.
  await outdated.getByRole('button', { name: 'Reply' }).click();
  await expect(page.locator('.thread', { hasText: 'Add the test standard' })).toBeVisible();
  await expect(page.locator('.thread.outdated')).toContainText('Agreed, the new wording is better.');
  await expect(held).toHaveText('');
  // And on legal's desk, from the server.
  await expect(legal.locator('.thread.outdated')).toContainText('Agreed, the new wording is better.');
  await other.close();
});
