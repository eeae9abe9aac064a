import { Browser, Page, Locator } from '@playwright/test';
import { DEMO, expectAccessible, expectInViewport, expectNoSidewaysScroll, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

// The demo's "Spring Trail Collection" (campaign 1): Jonas Weber and Ben Okafor shortlisted,
// Elin Berg and Gus Walker contacted, Cleo Martin negotiating, Ana Souza contracted.
const BOARD = '/campaigns/1/board';

/** Opens the board and waits until it is interactive and following the live channel. */
async function openBoard(page: Page) {
  await page.goto(BOARD);
  await hydrated(page);
  await expect(page.locator('.live-status')).toHaveText('Live');
}

const column = (page: Page, stage: string) => page.locator(`[data-stage="${stage}"]`);
const card = (page: Page, name: string) => page.locator('.pipeline-card', { hasText: name });
/** The next answer of the server to a card move: what the board shows once it is saved. */
const moveAnswered = (page: Page) => page.waitForResponse((r) => r.url().includes('/api/move_entry'));
/** The names in a column, top to bottom, as the server has them (after a reload). */
async function savedColumn(page: Page, stage: string): Promise<string[]> {
  await page.reload();
  await hydrated(page);
  return column(page, stage).locator('.pipeline-card .card-name').allTextContents();
}

/** Maya (marketing) and Alex (admin), signed in each in a browser of their own. */
async function mayaAndAlex(browser: Browser) {
  const maya = await browser.newContext();
  const alex = await browser.newContext();
  const a = await maya.newPage();
  const b = await alex.newPage();
  await signedIn(a, DEMO.marketing.email);
  await signedIn(b, DEMO.admin.email);
  return { a, b, close: async () => { await maya.close(); await alex.close(); } };
}

async function centre(l: Locator) {
  const box = await l.boundingBox();
  if (!box) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('a card dragged with the mouse moves, persists and gets its outreach task', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await openBoard(page);
  await expect(column(page, 'shortlisted').getByText('Ben Okafor')).toBeVisible();
  await expectAccessible(page);

  const from = await centre(card(page, 'Ben Okafor').locator('.card-channel'));
  const to = await centre(column(page, 'contacted').locator('.column-header'));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 10, { steps: 4 });
  await page.mouse.move(to.x, to.y + 30, { steps: 12 });
  // While dragging, the target column and the place are shown.
  await expect(column(page, 'contacted')).toHaveClass(/drop-target/);
  await page.mouse.up();

  const ben = column(page, 'contacted').locator('.pipeline-card', { hasText: 'Ben Okafor' });
  await expect(ben).toBeVisible();
  await expect(ben.locator('.card-task')).toContainText('Reach out · due now');
  await expect(page.getByTestId('announcer')).toContainText('Ben Okafor moved to Contacted, position 1 of 3');
  // Column headers follow: count, fees and reach.
  await expect(column(page, 'contacted').locator('.count')).toHaveText('3');

  await page.reload();
  await hydrated(page);
  await expect(column(page, 'contacted').locator('.pipeline-card').first()).toContainText('Ben Okafor');
});

test('a card moves with the keyboard alone, and a refused move says why', async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await openBoard(page);

  const handle = page.getByRole('button', { name: 'Move Jonas Weber' });
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('announcer')).toContainText('Picked up Jonas Weber');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('announcer')).toContainText('Contacted, position');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(column(page, 'negotiating').locator('.cards')).toHaveClass(/drop-end/);
  const answered = moveAnswered(page);
  await page.keyboard.press('Enter');
  expect((await answered).status()).toBe(200);
  await expect(column(page, 'negotiating').getByText('Jonas Weber')).toBeVisible();
  await expect(page.getByTestId('announcer')).toContainText('Jonas Weber moved to Negotiating, position 2 of 2');
  // The keyboard stays on the card it moved.
  await expect(page.getByRole('button', { name: 'Move Jonas Weber' })).toBeFocused();

  // Escape puts a picked-up card back.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('announcer')).toContainText('Move cancelled. Jonas Weber stays in Negotiating');
  await expect(column(page, 'negotiating').getByText('Jonas Weber')).toBeVisible();

  // Paid only after Live: refused with the reason, and the card stays.
  await card(page, 'Cleo Martin').getByRole('combobox', { name: 'Move Cleo Martin to…' }).selectOption('paid');
  await expect(page.getByRole('alert')).toContainText('Paid comes after Live: this creator is negotiating.');
  await expect(column(page, 'negotiating').getByText('Cleo Martin')).toBeVisible();

  // As saved: Jonas second in Negotiating, after Cleo; Shortlisted without him.
  expect(await savedColumn(page, 'negotiating')).toEqual(['Cleo Martin', 'Jonas Weber']);
  expect(await savedColumn(page, 'shortlisted')).not.toContain('Jonas Weber');
});

test('a move the server refuses goes back, says why, and the board catches up', async ({ browser }) => {
  const { a, b, close } = await mayaAndAlex(browser);
  // Maya's live channel is cut (a proxy dropping it), so her board misses Alex's move.
  await a.route(/\/events\?campaign=/, (route) => route.abort());
  await a.goto(BOARD);
  await hydrated(a);
  await expect(a.locator('.live-status')).toHaveText('Connecting…');
  await openBoard(b);

  const alexMoved = moveAnswered(b);
  await card(b, 'Cleo Martin').getByRole('combobox', { name: 'Move Cleo Martin to…' }).selectOption('contacted');
  expect((await alexMoved).status()).toBe(200);
  await expect(column(a, 'negotiating').getByText('Cleo Martin')).toBeVisible();

  // Maya moves the card she still sees in Negotiating: her browser lets it go, the server
  // refuses it (the card changed), and the board puts it back, says why, then reads again.
  const mayaMoved = moveAnswered(a);
  await card(a, 'Cleo Martin').getByRole('combobox', { name: 'Move Cleo Martin to…' }).selectOption('shortlisted');
  expect((await mayaMoved).status()).toBe(409);
  await expect(a.getByRole('alert')).toContainText('Someone moved Cleo Martin a moment ago.');
  await expect(column(a, 'contacted').getByText('Cleo Martin')).toBeVisible();
  await expect(column(a, 'shortlisted').getByText('Cleo Martin')).toHaveCount(0);
  expect(await savedColumn(b, 'contacted')).toContain('Cleo Martin');
  await close();
});

test('two people see each other\'s moves live, without a reload', async ({ browser }) => {
  const { a, b, close } = await mayaAndAlex(browser);
  await openBoard(a);
  await openBoard(b);
  await expect(column(b, 'contacted').getByText('Gus Walker')).toBeVisible();

  await card(a, 'Gus Walker').getByRole('combobox', { name: 'Move Gus Walker to…' }).selectOption('dropped');
  // Dropped is off the board: gone from Contacted in both, shown with the toggle.
  await expect(column(a, 'contacted').getByText('Gus Walker')).toHaveCount(0);
  await expect(column(b, 'contacted').getByText('Gus Walker')).toHaveCount(0);
  await b.getByLabel(/Show declined and dropped/).check();
  await expect(column(b, 'dropped').getByText('Gus Walker')).toBeVisible();
  await expect(column(b, 'declined').getByText('Dev Patel')).toBeVisible();
  await close();
});

test('a card moves by touch on a phone', { tag: '@phone-only' }, async ({ page }) => {
  await signedIn(page, DEMO.marketing.email);
  await openBoard(page);
  await expectNoSidewaysScroll(page);

  // Elin Berg, contacted, goes to Negotiating. Swipe the board to Contacted (as a thumb
  // would), then drag her handle onto the next column, which peeks in at the right.
  await column(page, 'contacted').evaluate((el) => el.scrollIntoView({ inline: 'start', block: 'nearest' }));
  const handle = card(page, 'Elin Berg').locator('.grip');
  await expectInViewport(handle);
  const grip = await centre(handle);
  const next = await column(page, 'negotiating').boundingBox();
  const width = page.viewportSize()!.width;
  if (!next) throw new Error('no negotiating column');
  expect(next.x, 'the next column peeks in').toBeLessThan(width);
  const target = { x: Math.min(next.x + 30, width - 10), y: next.y + 60 };
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: string, p: { x: number; y: number }[]) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p });
  const answered = moveAnswered(page);
  await touch('touchStart', [grip]);
  for (let i = 1; i <= 12; i++) {
    await touch('touchMove', [{ x: grip.x + ((target.x - grip.x) * i) / 12, y: grip.y + ((target.y - grip.y) * i) / 12 }]);
  }
  await touch('touchEnd', []);

  await expect(column(page, 'negotiating').getByText('Elin Berg')).toBeVisible();
  await expect(page.getByTestId('announcer')).toContainText('Elin Berg moved to Negotiating');
  expect((await answered).status()).toBe(200);
  expect(await savedColumn(page, 'negotiating')).toContain('Elin Berg');
  expect(await savedColumn(page, 'contacted')).not.toContain('Elin Berg');
});

test('legal follows the board but cannot move cards', async ({ page }) => {
  await signedIn(page, DEMO.legal.email);
  await page.goto(BOARD);
  await hydrated(page);
  await expect(page.getByText('You can follow the board; moving cards is for marketing and admins.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Move / })).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
});
