import { DEMO, expectInViewport, expectNoSidewaysScroll, hydrated, signedIn } from './helpers';
import { expect, test } from './server';

// Every page each role works on, on every screen the suite runs (phone, laptop, desktop):
// the page never scrolls sideways, and its heading and its way to the other pages (the
// navigation, or on a phone the menu button) lie inside the window.
const PAGES: Record<keyof typeof DEMO, string[]> = {
  marketing: [
    '/campaigns',
    '/campaigns/new',
    '/campaigns/1',
    '/campaigns/1/board',
    '/campaigns/1/brief',
    '/campaigns/1/edit',
    '/campaigns/4/dashboard',
    '/campaigns/4/results/import',
    '/campaigns/3/report',
    '/entries/1',
    '/deliverables/1',
    '/creators',
    '/creators/new',
    '/creators/import',
    '/creators/1',
    '/creators/1/edit',
    '/tasks',
    '/reviews',
    '/payments',
    '/account',
  ],
  legal: ['/reviews', '/deliverables/1', '/creators'],
  director: ['/dashboard', '/campaigns', '/campaigns/4/dashboard'],
  admin: ['/team', '/settings'],
  creator: ['/portal', '/portal/deliverables/1', '/portal/account'],
};

for (const [role, paths] of Object.entries(PAGES) as [keyof typeof DEMO, string[]][]) {
  test(`${role}'s pages fit the screen`, { tag: '@phone' }, async ({ page }) => {
    await signedIn(page, DEMO[role].email);
    const phone = page.viewportSize()!.width < 700;
    for (const path of paths) {
      await test.step(path, async () => {
        const answer = await page.goto(path);
        expect(answer?.status(), path).toBe(200);
        await hydrated(page);
        await expectNoSidewaysScroll(page);
        await expectInViewport(page.locator('h1').first());
        if (role === 'creator') {
          await expectInViewport(page.getByRole('navigation', { name: 'Portal' }));
        } else if (phone) {
          await expectInViewport(page.getByRole('button', { name: 'Menu' }));
        } else {
          await expectInViewport(page.getByRole('navigation', { name: 'Main' }));
        }
      });
    }
  });
}
