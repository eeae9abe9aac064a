import { defineConfig, devices } from '@playwright/test';

// Each spec starts a server of its own on a fresh database (tests/server.ts): the release
// build, as users get it. Browsers come from Debian (never downloaded).
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

// Three screens. The desk specs (marketing, legal, directors, admins) run on a laptop and
// a desktop; a test tagged @phone runs on the phone as well, one tagged @phone-only there
// alone (touch, the menu button).
const desk = (width: number, height: number) => ({
  ...devices['Desktop Chrome'],
  viewport: { width, height },
  launchOptions: chromium,
});

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    {
      name: 'phone',
      grep: /@phone/,
      use: {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        launchOptions: chromium,
      },
    },
    { name: 'laptop', grepInvert: /@phone-only/, use: desk(1366, 800) },
    { name: 'desktop', grepInvert: /@phone-only/, use: desk(1920, 1080) },
  ],
});
