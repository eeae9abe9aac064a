import { test, expect } from '@playwright/test';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { DEMO, expectAccessible, hydrated, signedIn } from './helpers';
import { RosterServer, freePort, root } from './server';

// A server of its own with a mail server: the test's SMTP server (aiosmtpd, as the Rust
// tests use) keeps every message in a Maildir, which this spec reads as the mailbox.
test.describe.configure({ mode: 'serial' });

let server: RosterServer;
let base: string;
let smtp: ChildProcess;
let maildir: string;

function started(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not started:\n${out}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`exited (${code}):\n${out}`)));
  });
}

test.beforeAll(async () => {
  const port = await freePort();
  let smtpPort = await freePort();
  while (smtpPort === port) smtpPort = await freePort();
  base = `http://127.0.0.1:${port}`;
  maildir = path.join(root, 'end2end', '.data', `mail-${Date.now()}-${smtpPort}`);
  smtp = spawn('python3', [path.join(root, 'scripts', 'smtp_sink.py'), String(smtpPort), maildir], {
    env: { ...process.env, PYTHONPATH: path.join(root, '.tools', 'python') },
  });
  await started(smtp, /ready/);
  server = await RosterServer.start('email', {
    port,
    env: {
      ROSTER_PUBLIC_URL: base,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_TLS: 'none',
      SMTP_FROM: 'roster@roster.example',
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  smtp?.kill();
});

/** The plain text of every message the mailbox got for `to` (decoded by Python's email). */
function mailTo(to: string): string[] {
  const script = `
import mailbox, sys, json
out = []
for m in mailbox.Maildir(sys.argv[1], create=False):
    if sys.argv[2] in (m.get('To') or ''):
        for part in m.walk():
            if part.get_content_type() == 'text/plain':
                out.append(part.get_payload(decode=True).decode())
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script, maildir, to], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** The newest link under `path` in the mail to `to`, once the mail job delivered it. */
async function emailedLink(to: string, urlPath: string): Promise<string> {
  let link = '';
  await expect
    .poll(
      () => {
        const found = mailTo(to)
          .map((text) => text.match(new RegExp(`${base}/${urlPath}/[A-Za-z0-9_-]{43}`))?.[0])
          .filter((l): l is string => !!l);
        link = found[found.length - 1] ?? '';
        return link;
      },
      { timeout: 20_000, message: `a ${urlPath} link emailed to ${to}` },
    )
    .not.toBe('');
  return link;
}

test('an email address changes only through the link sent to the new one', async ({ page, browser }) => {
  await signedIn(page, DEMO.marketing.email, 'roster-demo', base);
  await page.goto(`${base}/account`);
  await hydrated(page);
  const section = page.getByRole('region', { name: 'Email address' });
  await expect(section).toContainText('not confirmed yet');
  await section.getByLabel('New email address').fill('maya@new.example');
  await section.getByLabel('Current password').fill('roster-demo');
  await section.getByRole('button', { name: 'Change email' }).click();
  await expect(section.getByRole('status')).toContainText('We sent a link to maya@new.example');
  await expectAccessible(page);

  // The link arrives by mail; opened on another device, it asks for a click.
  const link = await emailedLink('maya@new.example', 'confirm-email');
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await phone.goto(link);
  await hydrated(phone);
  await expectAccessible(phone);
  await phone.getByRole('button', { name: 'Confirm' }).click();
  await expect(phone.getByRole('status')).toContainText('maya@new.example is confirmed');
  await phoneContext.close();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Email address' })).toContainText('maya@new.example · confirmed');
  // The old address hears of it.
  await expect.poll(() => mailTo(DEMO.marketing.email).join('\n'), { timeout: 20_000 }).toContain('is now maya@new.example');
});

test('with a mail server an invitation goes to the invitee alone, and using it proves the address', async ({ page, browser }) => {
  await signedIn(page, DEMO.admin.email, 'roster-demo', base);
  await page.goto(`${base}/team`);
  await hydrated(page);
  await page.getByLabel('Email').fill('rosa@fjord.example');
  await page.getByLabel('Name', { exact: true }).fill('Rosa Diaz');
  await page.getByLabel('Role', { exact: true }).selectOption('legal');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText('by email. The link goes to them alone');
  await expect(page.getByLabel('Invitation link')).toHaveCount(0);

  const rosa = await (await browser.newContext()).newPage();
  await rosa.goto(await emailedLink('rosa@fjord.example', 'invite'));
  await hydrated(rosa);
  await expect(rosa.getByRole('link', { name: 'Sign in to accept' })).toBeVisible();
  await rosa.getByLabel('Choose a password').fill('harbor lantern quietly north');
  await rosa.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(rosa).toHaveURL(/\/reviews$/);
  await rosa.goto(`${base}/account`);
  await expect(rosa.getByRole('region', { name: 'Email address' })).toContainText('rosa@fjord.example · confirmed');
});
