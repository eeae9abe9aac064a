import { test as base } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

// Every test runs against a server of its own on a fresh database, so no test depends on
// what another one changed, or on the order they run in. The binary is the release build
// users get (`make e2e` builds it); E2E_PROFILE=debug runs a debug build instead.
export const root = path.resolve(__dirname, '..', '..');
const profile = process.env.E2E_PROFILE ?? 'release';
const binary = path.join(root, 'target', profile, 'server');

export interface ServerOptions {
  /** The demo organization and its people (on by default); off, the server prints a setup link. */
  demo?: boolean;
  /** More environment for the server (SMTP settings, a public address). */
  env?: Record<string, string>;
  /** A port chosen beforehand, when the environment has to name it (ROSTER_PUBLIC_URL). */
  port?: number;
}

/** A free port on the loopback interface, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export class RosterServer {
  /** Everything the server printed, for a failure's message and for the setup link. */
  output = '';

  private constructor(
    readonly base: string,
    readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk) => (this.output += chunk.toString()));
  }

  static async start(name: string, options: ServerOptions = {}): Promise<RosterServer> {
    if (!fs.existsSync(binary)) {
      throw new Error(`${binary} is missing: run \`make e2e\` (it builds the ${profile} server first)`);
    }
    const port = options.port ?? (await freePort());
    const dataDir = path.join(root, 'end2end', '.data', `${name}-${Date.now()}-${port}`);
    fs.mkdirSync(dataDir, { recursive: true });
    const child = spawn(binary, [], {
      cwd: root,
      env: {
        ...process.env,
        ROSTER_BIND: `127.0.0.1:${port}`,
        ROSTER_DATA_DIR: dataDir,
        ROSTER_DEMO: options.demo === false ? 'off' : 'on',
        // The specs count figures exactly: no invented readings arriving meanwhile.
        ROSTER_SIMULATOR: 'off',
        LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
        RUST_LOG: 'info',
        ...options.env,
      },
    });
    const server = new RosterServer(`http://127.0.0.1:${port}`, dataDir, child);
    await server.healthy();
    return server;
  }

  /** Waits for the first text the server prints that matches `pattern`. */
  async printed(pattern: RegExp, timeout = 30_000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeout;
    for (;;) {
      const found = this.output.match(pattern);
      if (found) return found;
      if (Date.now() > until) throw new Error(`the server never printed ${pattern}:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    // Open event streams may hold a graceful stop up: a test's server is thrown away.
    const late = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(late);
  }

  private async healthy() {
    const until = Date.now() + 60_000;
    let exited = false;
    this.child.once('exit', () => (exited = true));
    while (Date.now() < until && !exited) {
      try {
        if ((await fetch(`${this.base}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server at ${this.base} never became healthy:\n${this.output}`);
  }
}

/**
 * Playwright's `test` with a fresh server (demo data, no simulator) for every test: the base
 * URL of every page and context the test opens. A spec that needs other settings (no demo,
 * a mail server) starts its own with `RosterServer.start` instead.
 */
export const test = base.extend<{ server: RosterServer }>({
  server: async ({}, use, testInfo) => {
    const name = `${testInfo.project.name}-${testInfo.title}`.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
    const server = await RosterServer.start(name);
    await use(server);
    await server.stop();
    if (testInfo.status === testInfo.expectedStatus) {
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ server }, use) => {
    await use(server.base);
  },
});

export { expect } from '@playwright/test';
