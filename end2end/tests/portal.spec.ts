import { DEMO, PHONE, expectAccessible, hydrated, signedIn, uploadDraft } from './helpers';
import { expect, test } from './server';

// The demo's "Spring Trail Collection" (campaign 1): Cleo Martin is negotiating.
const CAMPAIGN = '/campaigns/1';

test('a creator joins on their phone, signs the agreement, uploads drafts and goes live; marketing sees it all', async ({ page, browser }) => {
  // Marketing writes the brief…
  await signedIn(page, DEMO.marketing.email);
  await page.goto(`${CAMPAIGN}/brief`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Write the brief' }).click();
  await page.getByLabel('Objective').fill('Show the Trail jacket on real hikes.');
  await page.getByLabel('Target audience').fill('Weekend hikers, 25 to 40.');
  await page.getByLabel('Due', { exact: true }).fill('2026-07-01');
  await page.getByLabel('Talking points').fill('Waterproof\nPacks small');
  await page.getByLabel('Do not say').fill('indestructible');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByText(/^Version 1 · saved/)).toBeVisible();
  await expectAccessible(page);

  // …opens Cleo's collaboration from the board, invites her, sends the brief and the agreement.
  await page.goto(`${CAMPAIGN}/board`);
  await hydrated(page);
  await page.getByRole('link', { name: 'Cleo Martin' }).click();
  await expect(page.getByRole('heading', { name: 'Cleo Martin', level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Invite to the portal' }).click();
  const link = (await page.locator('.invite-link').textContent()) ?? '';
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'Send brief version 1' }).click();
  await expect(page.getByText(/^Version 1 sent/)).toBeVisible();
  await page.getByRole('button', { name: 'Write the agreement' }).click();
  await page.getByLabel(/^Fee/).fill('2500');
  await page.getByLabel('Posting from').fill('2026-07-02');
  await page.getByLabel('Posting until').fill('2026-07-16');
  await page.getByLabel(/Where the brand may use/).fill('Brand Instagram');
  await page.getByLabel('Promo code').fill('cleo15');
  await page.getByRole('button', { name: 'Send to the creator' }).click();
  await expect(page.getByText('Waiting for the creator')).toBeVisible();
  await expectAccessible(page);

  // Cleo, on her phone, joins and onboards.
  const phone = await browser.newContext({ ...PHONE });
  const cleo = await phone.newPage();
  await cleo.goto(new URL(link).pathname);
  await hydrated(cleo);
  await cleo.getByLabel('Choose a password').fill('cleo has a long password');
  await cleo.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(cleo).toHaveURL(/\/portal\/onboarding$/);
  await hydrated(cleo);
  await expectAccessible(cleo);
  await cleo.getByLabel('Legal name').fill('Cleo Martin');
  await cleo.getByLabel('Shipping address').fill('12 rue des Pins, 74400 Chamonix');
  await cleo.getByLabel('Payment details').fill('FR76 3000 6000 0112 3456 7890 189');
  await cleo.getByLabel('Instagram').check();
  await cleo.getByRole('button', { name: 'Save my details' }).click();
  await expect(cleo).toHaveURL(/\/portal$/);
  await hydrated(cleo);
  await expectAccessible(cleo);

  // She reads the brief and accepts the agreement by typing her legal name.
  await cleo.getByRole('link', { name: /Spring Trail Collection/ }).click();
  await expect(cleo.getByRole('heading', { name: /The brief/ })).toBeVisible();
  await expect(cleo.getByText('Packs small')).toBeVisible();
  await expect(cleo.locator('.agreement-text')).toContainText('Promo code: CLEO15');
  await hydrated(cleo);
  await expectAccessible(cleo);
  await cleo.getByLabel('Your legal name').fill('Cleo Martin');
  await cleo.getByRole('button', { name: 'Accept the agreement' }).click();
  await expect(cleo.getByText(/Accepted as Cleo Martin/)).toBeVisible();

  // A draft with an image, then a second version, then the live link.
  await cleo.getByRole('link', { name: /Instagram Reel/ }).click();
  await expect(cleo.getByRole('heading', { name: 'Upload your draft' })).toBeVisible();
  await hydrated(cleo);
  await uploadDraft(cleo, 'Rain or shine. #ad', 1);
  await expect(cleo.getByRole('heading', { name: 'Version 1' })).toBeVisible();
  await expectAccessible(cleo);
  await uploadDraft(cleo, 'Rain or shine, take two. #ad', 2);
  await expect(cleo.getByRole('heading', { name: 'Version 2' })).toBeVisible();
  await expect(cleo.getByRole('heading', { name: 'Version 1' })).toBeVisible();
  await cleo.getByLabel('Link to the live post').fill('https://instagram.example/p/cleo-trail');
  await cleo.getByRole('button', { name: 'Submit the live link' }).click();
  await expect(cleo.locator('.live-link')).toHaveText('https://instagram.example/p/cleo-trail');
  await phone.close();

  // Marketing's collaboration page, open all along, followed without a reload; then the
  // deliverable shows both versions, the images and the live post.
  await expect(page.getByText(/Accepted by Cleo Martin/)).toBeVisible();
  await expect(page.locator('.deliverable-list')).toContainText('2 versions');
  await page.getByRole('link', { name: 'Instagram Reel' }).click();
  await expect(page.getByRole('heading', { name: 'Caption or script · v2' })).toBeVisible();
  await expect(page.getByText('Rain or shine, take two. #ad')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Versions' }).getByRole('link', { name: 'v1', exact: true })).toBeVisible();
  const image = page.locator('.review-media img').first();
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
  await expect(page.locator('.live-link')).toHaveText('https://instagram.example/p/cleo-trail');
  await expect(page.getByRole('button', { name: 'Submit this version' })).toHaveCount(0);
});
