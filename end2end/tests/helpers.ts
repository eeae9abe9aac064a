import { Locator, Page, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const PASSWORD = 'roster-demo';

export const DEMO = {
  admin: { email: 'admin@roster.example', name: 'Alex Morgan', home: '/campaigns' },
  marketing: { email: 'marketing@roster.example', name: 'Maya Chen', home: '/campaigns' },
  legal: { email: 'legal@roster.example', name: 'Leo Park', home: '/reviews' },
  director: { email: 'director@roster.example', name: 'Dana Brooks', home: '/dashboard' },
  creator: { email: 'creator@roster.example', name: 'Sam Rivera', home: '/portal' },
} as const;

/** Waits until the WebAssembly app has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('[data-ready="false"]')).toHaveCount(0);
}

/** Signs in on the suite's server, or on the one at `base` (a spec's own server). */
export async function signIn(page: Page, email: string, password = PASSWORD, base = '') {
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signedIn(page: Page, email: string, password = PASSWORD, base = '') {
  await signIn(page, email, password, base);
  await expect(page).not.toHaveURL(/\/login/);
}

/** No serious or critical accessibility violations on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)).toEqual([]);
}

/** A 390 px wide touch phone (Pixel-like), in Chromium. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

/** The page does not scroll sideways: nothing in it is wider than the window. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const doc = document.documentElement;
    // For the message: the widest culprits not inside a box that scrolls or clips them.
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && !clipped(el))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return { by: doc.scrollWidth - doc.clientWidth, wide };
  });
  expect(overflow.by, `${page.url()} scrolls sideways, past the window: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(0);
}

/**
 * What the user has to see or use lies inside the window: not cut off at either side, and
 * not above its top (a panel that opens upwards off-screen).
 */
export async function expectInViewport(target: Locator) {
  await expect(target).toBeVisible();
  const box = await target.boundingBox();
  const size = target.page().viewportSize();
  if (!box || !size) throw new Error('no box to measure');
  const inside = box.x >= -1 && box.x + box.width <= size.width + 1 && box.y >= -1;
  expect(inside, `${target} lies at x ${Math.round(box.x)}..${Math.round(box.x + box.width)}, y ${Math.round(box.y)}, outside a ${size.width} px wide window`).toBe(true);
}

/** A real 2×2 PNG, built byte by byte so each call can differ (a new upload each time). */
export function png(shade: number): Buffer {
  const raw = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4EaABRAwQCgAljgUBqTNxyAAAAABJRU5ErkJggg==';
  const bytes = Buffer.from(raw, 'base64');
  // A trailing byte after IEND keeps the image valid and makes the content (and hash) new.
  return Buffer.concat([bytes, Buffer.from([shade])]);
}

/** The creator, on a draft's portal page, sends a new version: `caption` and one photo. */
export async function uploadDraft(page: Page, caption: string, shade: number) {
  await page.getByLabel('Caption or script').fill(caption);
  await page.locator('#draft-files').setInputFiles({ name: `take-${shade}.png`, mimeType: 'image/png', buffer: png(shade) });
  await expect(page.locator('.picked .status')).toHaveText('Uploaded');
  await page.getByRole('button', { name: 'Submit this version' }).click();
}
