import { defineConfig, devices } from '@playwright/test';
import * as path from 'path';

// The server under test: the binary cargo-leptos just built, on a fresh SQLite database
// with the demo data, on its own port. Browsers come from Debian (never downloaded).
const port = Number(process.env.E2E_PORT ?? 3107);
const root = path.resolve(__dirname, '..');
const dataDir = path.join(__dirname, '.data', String(Date.now()));

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

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
  ],
  webServer: {
    command: `${path.join(root, 'target', 'debug', 'server')}`,
    cwd: root,
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      ROSTER_BIND: `127.0.0.1:${port}`,
      ROSTER_DATA_DIR: dataDir,
      ROSTER_DEMO: 'on',
      // The specs count figures exactly: no invented readings arriving meanwhile.
      ROSTER_SIMULATOR: 'off',
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      RUST_LOG: 'warn',
    },
  },
});
