import { Page } from '@playwright/test';
import { DEMO, PHONE, expectAccessible, expectInViewport, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

// The demo creator Sam Rivera's Reel (deliverable 1) waits for review in version 2.
const REVIEW = '/deliverables/1';

/** Selects `text` in the shown caption the way a mouse would, and lets go. */
async function select(page: Page, text: string) {
  await page.locator('p.caption[data-version]').evaluate((el, text) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        return;
      }
    }
    throw new Error(`"${text}" is not in the caption`);
  }, text);
}

async function approve(page: Page, lane: string, version: string) {
  const form = page.locator(`.lane[data-lane="${lane}"]`);
  for (const box of await form.getByRole('checkbox').all()) await box.check();
  await form.getByRole('button', { name: `Approve ${version}` }).click();
}

test('legal comments inline, marketing sees it live, the comment follows its text to the revision, both lanes approve', async ({ page, browser }) => {
  // Marketing has the review open.
  await signedIn(page, DEMO.marketing.email);
  await page.goto(REVIEW);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Caption or script · v2' })).toBeVisible();
  // Legal's comment on v1 lost its words in v2: outdated, still readable.
  await expect(page.locator('.thread.outdated')).toContainText('nothing is indestructible');

  // Legal, on another desk, selects words and comments on them.
  const desk = await browser.newContext();
  const legal = await desk.newPage();
  await signedIn(legal, DEMO.legal.email);
  await expect(legal).toHaveURL(/\/reviews$/);
  await hydrated(legal);
  // Sam's Reel (another spec's creator may have a draft waiting too).
  await legal.getByRole('row', { name: /Sam Rivera/ }).getByRole('link', { name: /Instagram Reel · v2/ }).click();
  await expect(legal).toHaveURL(/\/deliverables\/1$/);
  await hydrated(legal);
  await select(legal, 'rated to 20,000 mm');
  await expect(legal.locator('.new-thread .quote')).toHaveText('On “rated to 20,000 mm”');
  await legal.getByLabel('Your comment').fill('Which test gives this rating? Add the standard, @marketing.');
  await legal.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(legal.locator('mark.anchor', { hasText: 'rated to 20,000 mm' })).toBeVisible();
  await expectAccessible(legal);

  // Marketing sees it without a reload; picking the highlight focuses its thread.
  const thread = page.locator('.thread', { hasText: 'Which test gives this rating?' });
  await expect(thread).toBeVisible();
  await page.locator('mark.anchor', { hasText: 'rated to 20,000 mm' }).click();
  await expect(thread).toHaveClass(/active/);
  await expect(thread).toBeFocused();
  // Earlier versions stay readable, and compare word by word.
  const versions = page.getByRole('navigation', { name: 'Versions' });
  await versions.getByRole('link', { name: 'v1', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Caption or script · v1' })).toBeVisible();
  await expect(page.locator('mark.anchor', { hasText: 'basically indestructible' })).toBeVisible();
  // A failing automatic check becomes a comment on the words at fault in one click.
  await expect(page.locator('.check.fail')).toContainText(['No do-not-say phrases']);
  await page.getByRole('button', { name: 'Comment: No do-not-say phrases' }).click();
  await expect(page.locator('.thread', { hasText: 'Uses “indestructible”' })).toBeVisible();
  await versions.getByRole('link', { name: 'Compare with v2' }).click();
  await expect(page.getByRole('heading', { name: 'Changes from v1 to v2' })).toBeVisible();
  await expect(page.locator('.diff del')).toContainText(['indestructible']);
  await versions.getByRole('link', { name: 'v2', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Caption or script · v2' })).toBeVisible();
  await page.goto(REVIEW);
  await hydrated(page);

  // Sam, on the phone, reads it, answers, and uploads a revision where the words moved.
  const phone = await browser.newContext(PHONE);
  const sam = await phone.newPage();
  await signedIn(sam, DEMO.creator.email);
  await sam.goto('/portal/deliverables/1');
  await hydrated(sam);
  const samThread = sam.locator('.thread', { hasText: 'Which test gives this rating?' });
  await expect(samThread).toContainText('“rated to 20,000 mm”');
  await samThread.getByLabel(/Reply to/).fill('EN 343, class 4. Added it.');
  await samThread.getByRole('button', { name: 'Reply' }).tap();
  await expect(samThread).toContainText('EN 343, class 4. Added it.');
  await sam.getByLabel('Caption or script').fill(
    '#ad Storm test on the ridge.\nAll day in the rain and bone dry: the shell is rated to 20,000 mm (EN 343, class 4).\nPacks into its own pocket, too.\n#TrailReady',
  );
  await sam.getByRole('button', { name: 'Submit this version' }).tap();
  await expect(sam.getByRole('heading', { name: 'Version 3' })).toBeVisible();
  await expectAccessible(sam);

  // The comment followed its words into v3, on both desks.
  for (const p of [page, legal]) {
    await expect(p.getByRole('heading', { name: 'Caption or script · v3' })).toBeVisible();
    await expect(p.locator('mark.anchor', { hasText: 'rated to 20,000 mm' })).toBeVisible();
  }
  await expect(thread).toContainText('Made on v2; followed its words here.');
  await expect(page.locator('.check.fail')).toHaveCount(0);

  // Both lanes approve v3: the draft is approved, for everyone. Sam's bell tells him of
  // each decision as it is made, without a reload.
  // He starts from nothing unread, so the count the decision brings is exact.
  const bell = sam.locator('.bell-button');
  const panel = sam.locator('#notification-panel');
  await bell.tap();
  await expectInViewport(panel);
  await expect(panel.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  const markAll = panel.getByRole('button', { name: 'Mark all read' });
  if ((await markAll.count()) > 0) await markAll.tap();
  await expect(sam.locator('.bell-count')).toHaveCount(0);
  await expect(bell).toHaveAccessibleName('Notifications');
  await bell.tap();
  await expect(panel).toBeHidden();
  await approve(legal, 'legal', 'v3');
  await expect(sam.locator('.bell-count')).toHaveText('1');
  await expect(bell).toHaveAccessibleName('Notifications 1 unread');
  await bell.tap();
  await expectInViewport(panel);
  const latest = panel.locator('li').first();
  await expect(latest).toContainText('Legal approved v3');
  await expect(latest).toHaveClass(/unread/);
  await expectAccessible(sam);
  await sam.getByRole('button', { name: 'Mark all read' }).tap();
  await expect(sam.locator('.bell-count')).toHaveCount(0);
  await expect(page.locator('.lane[data-lane="legal"]')).toContainText('Approved');
  await approve(page, 'marketing', 'v3');
  await expect(page.getByRole('status').filter({ hasText: 'Approved' })).toBeVisible();
  await expect(legal.locator('.review-status')).toHaveText('Approved');
  await expectAccessible(page);
  await sam.reload();
  await hydrated(sam);
  await expect(sam.locator('.review-status')).toHaveText('Approved');
  await expect(sam.getByRole('button', { name: 'Submit this version' })).toHaveCount(0);
  await phone.close();
  await desk.close();
});
