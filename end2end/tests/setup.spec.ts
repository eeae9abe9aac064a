import { test, expect } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { expectAccessible, hydrated, signedIn } from './helpers';
import { RosterServer } from './server';

// A server of its own, as an operator starts one for real: an empty database, the demo
// off. It prints a one-time setup link, which this spec reads from its console.
// The second test signs in with the account the first one sets up.
test.describe.configure({ mode: 'serial' });

let server: RosterServer;
let base: string;
let setupLink: string;

test.beforeAll(async () => {
  server = await RosterServer.start('setup', { demo: false });
  base = server.base;
  setupLink = (await server.printed(/https?:\/\/\S+\/setup\/[A-Za-z0-9_-]{43}/))[0];
});

test.afterAll(async () => {
  await server?.stop();
});

test('a real organization: set up from the printed link, a marketer invited, re-roled, deactivated', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();

  // Without the link, nothing.
  await admin.goto(`${base}/setup/not-the-token`);
  await expect(admin.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  // First run: the organization and its first admin.
  await admin.goto(new URL(setupLink).pathname.replace(/^/, base));
  await hydrated(admin);
  await expect(admin.getByRole('heading', { name: 'Set up Roster' })).toBeVisible();
  await expectAccessible(admin);
  await admin.getByLabel('Organization name').fill('Fjord Outdoor');
  await admin.getByLabel('Default currency').selectOption('NOK');
  await admin.getByLabel('Time zone').fill('Europe/Oslo');
  await admin.getByLabel('Your name').fill('Ingrid Berg');
  await admin.getByLabel('Email').fill('ingrid@fjord.example');
  await admin.getByLabel('Password').fill('password1234');
  await admin.getByRole('button', { name: 'Create the organization' }).click();
  await expect(admin.getByText(/guessed too easily/)).toBeVisible();
  await admin.getByLabel('Password').fill('violet harbor ninety kettle');
  await admin.getByRole('button', { name: 'Create the organization' }).click();
  await expect(admin).toHaveURL(/\/team$/);
  await expect(admin.getByText('Fjord Outdoor')).toBeVisible();

  // The link is spent.
  const stranger = await browser.newPage();
  await stranger.goto(new URL(setupLink).pathname.replace(/^/, base));
  await expect(stranger.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await stranger.close();

  // The settings page keeps what was chosen.
  await admin.goto(`${base}/settings`);
  await hydrated(admin);
  await expect(admin.getByLabel('Time zone')).toHaveValue('Europe/Oslo');
  await expect(admin.getByLabel('Default currency')).toHaveValue('NOK');
  await expectAccessible(admin);

  // A marketer joins by invitation.
  await admin.goto(`${base}/team`);
  await hydrated(admin);
  await admin.getByLabel('Email').fill('ola@fjord.example');
  await admin.getByLabel('Name', { exact: true }).fill('Ola Nordmann');
  await admin.getByLabel('Role', { exact: true }).selectOption('marketing');
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  const invitation = new URL(await admin.getByLabel('Invitation link').inputValue());
  // Dates read in the organization's time zone.
  await expect(admin.getByText(/\d{2}:\d{2} Oslo time/).first()).toBeVisible();
  const olaContext = await browser.newContext();
  const ola = await olaContext.newPage();
  await ola.goto(`${base}${invitation.pathname}`);
  await hydrated(ola);
  await ola.getByLabel('Choose a password').fill('salmon river midnight sun');
  await ola.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(ola).toHaveURL(/\/campaigns$/);
  await hydrated(ola);

  // The admin makes him a director: his next page is a director's.
  await admin.reload();
  await hydrated(admin);
  await admin.getByLabel('Role of Ola Nordmann').selectOption('director');
  await admin.getByRole('row', { name: /Ola Nordmann/ }).getByRole('button', { name: 'Change' }).click();
  await expect(admin.getByLabel('Role of Ola Nordmann')).toHaveValue('director');
  await ola.goto(`${base}/`);
  await expect(ola).toHaveURL(/\/dashboard$/);
  await hydrated(ola);

  // Deactivated: his open page is signed out at once.
  await admin.getByRole('row', { name: /Ola Nordmann/ }).getByRole('button', { name: 'Deactivate' }).click();
  await admin.getByRole('row', { name: /Ola Nordmann/ }).getByRole('button', { name: 'Deactivate' }).click();
  await expect(admin.getByRole('row', { name: /Ola Nordmann/ }).getByText('Deactivated')).toBeVisible();
  await expect(ola).toHaveURL(/\/login/);
  await hydrated(ola);
  await ola.getByLabel('Email').fill('ola@fjord.example');
  await ola.getByLabel('Password').fill('salmon river midnight sun');
  await ola.getByRole('button', { name: 'Sign in' }).click();
  await expect(ola.getByRole('alert')).toContainText('deactivated');
  await olaContext.close();
  await expectAccessible(admin);
  await adminContext.close();
});

test('changing one\'s password signs out the other sessions and keeps this one', async ({ browser }) => {
  const laptopContext = await browser.newContext();
  const laptop = await laptopContext.newPage();
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await signedIn(laptop, 'ingrid@fjord.example', 'violet harbor ninety kettle', base);
  await signedIn(phone, 'ingrid@fjord.example', 'violet harbor ninety kettle', base);

  await laptop.goto(`${base}/account`);
  await hydrated(laptop);
  await laptop.getByRole('region', { name: 'Password' }).getByLabel('Current password').fill('not my password');
  await laptop.getByLabel('New password').fill('northern lights over tromso');
  await laptop.getByRole('button', { name: 'Change password' }).click();
  await expect(laptop.getByText('That is not your current password.')).toBeVisible();
  await laptop.getByRole('region', { name: 'Password' }).getByLabel('Current password').fill('violet harbor ninety kettle');
  await laptop.getByRole('button', { name: 'Change password' }).click();
  await expect(laptop.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();
  await expectAccessible(laptop);

  // The phone's open page goes to sign-in by itself.
  await expect(phone).toHaveURL(/\/login/);
  await laptop.reload();
  await expect(laptop.getByRole('heading', { name: 'Account' })).toBeVisible();
  await laptopContext.close();
  await phoneContext.close();
});

test('two-factor sign-in: turned on with the app, then asked for after the password', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signedIn(page, 'ingrid@fjord.example', 'northern lights over tromso', base);
  await page.goto(`${base}/account`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code of your authenticator key' })).toBeVisible();
  const secret = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
  const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  await page.getByLabel('The code the app shows').fill(app.generate());
  await page.getByRole('button', { name: 'Turn on', exact: true }).click();
  await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();
  await expect(page.locator('.recovery-codes li')).toHaveCount(10);
  const recovery = await page.locator('.recovery-codes li').first().innerText();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'I have kept them' }).click();
  await expect(page.getByText('Recovery codes left: 10.')).toBeVisible();
  await context.close();

  // Next time: the password, then a code. A recovery code works too (the app's code of
  // this 30-second step was spent turning it on).
  const later = await browser.newContext();
  const again = await later.newPage();
  await again.goto(`${base}/login`);
  await hydrated(again);
  await again.getByLabel('Email').fill('ingrid@fjord.example');
  await again.getByLabel('Password').fill('northern lights over tromso');
  await again.getByRole('button', { name: 'Sign in' }).click();
  await expect(again.getByLabel('Code')).toBeVisible();
  await expectAccessible(again);
  await again.getByLabel('Code').fill('000000');
  await again.getByRole('button', { name: 'Verify' }).click();
  await expect(again.getByRole('alert')).toContainText('does not match');
  await again.getByLabel('Code').fill(recovery);
  await again.getByRole('button', { name: 'Verify' }).click();
  await expect(again).toHaveURL(/\/campaigns$/);
  await later.close();
});
