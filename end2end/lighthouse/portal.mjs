// Lighthouse, mobile preset (a mid-range phone on slow 4G), on the creator portal home,
// signed in as the demo creator. Prints the scores and the metrics behind them.
// Run through `make lighthouse`, which starts a release server first.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3109';
const chrome = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const lighthouse = process.env.LIGHTHOUSE ?? 'lighthouse';
const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

// Sign in the way a person does, and keep the session cookie for Lighthouse's requests.
const browser = await chromium.launch({ executablePath: chrome, args: flags });
const page = await browser.newPage();
await page.goto(`${base}/login`);
await page.locator('body[data-hydrated="true"]').waitFor();
await page.getByLabel('Email').fill('creator@roster.example');
await page.getByLabel('Password').fill('roster-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(/\/portal$/);
const session = (await page.context().cookies()).find((c) => c.name === 'roster_session');
await browser.close();
if (!session) throw new Error('no session cookie after signing in');

const out = join(tmpdir(), `roster-lighthouse-${Date.now()}.json`);
execFileSync(
  lighthouse,
  [
    `${base}/portal`,
    '--only-categories=performance,accessibility,best-practices',
    '--output=json',
    `--output-path=${out}`,
    `--chrome-flags=--headless=new ${flags.join(' ')}`,
    `--extra-headers=${JSON.stringify({ Cookie: `roster_session=${session.value}` })}`,
    '--quiet',
  ],
  { env: { ...process.env, CHROME_PATH: chrome }, stdio: 'inherit' },
);
const report = JSON.parse(readFileSync(out, 'utf8'));
if (report.finalDisplayedUrl && !report.finalDisplayedUrl.endsWith('/portal')) {
  throw new Error(`Lighthouse ended on ${report.finalDisplayedUrl}, not the portal home`);
}
const score = (c) => Math.round((report.categories[c]?.score ?? 0) * 100);
const metric = (a) => report.audits[a]?.displayValue ?? '—';
console.log(`Lighthouse ${report.lighthouseVersion}, ${report.configSettings.formFactor}, ${report.finalDisplayedUrl}`);
console.log(`  performance    ${score('performance')}`);
console.log(`  accessibility  ${score('accessibility')}`);
console.log(`  best practices ${score('best-practices')}`);
for (const a of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'total-byte-weight']) {
  console.log(`  ${a.padEnd(26)} ${metric(a)}`);
}
console.log(`Full report: ${out}`);
