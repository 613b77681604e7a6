/**
 * The workbench in headless Chromium for the e2e tests: the page built once per test run (the API
 * serves web/dist at /app/), Debian's Chromium, and a fresh logged-in session.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const webDir = path.join(__dirname, '../../web');
export const outputDir = path.join(__dirname, '../output');
// playwright-core is a devDependency of web/, not of the root: resolve it from there.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromium } = require(require.resolve('playwright-core', { paths: [webDir] }));

/**
 * The service's settings for a browser test: its many log-ins from one address are the test's own
 * sessions, not guessing (the per-address limit itself is tested in auth-http).
 */
export const E2E_CONFIG = { AUTH_LOGIN_PER_MINUTE: '1000' };

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds web/dist, once per run of the suite (scripts/test.ts names the run): jest's workers run
 * e2e files side by side, and a second build would empty dist/ under a page the first is testing.
 * The others wait on the lock, then find the run's stamp.
 */
export function buildWebOnce(): void {
  if (!existsSync(path.join(webDir, 'node_modules'))) throw new Error('web/node_modules is missing: run `npm --prefix web ci` first');
  mkdirSync(outputDir, { recursive: true });
  const run = process.env.TEST_RUN_ID;
  const lock = path.join(outputDir, 'web-build.lock');
  const stamp = path.join(outputDir, `web-built-${run}`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock left by a killed run is stale after five minutes
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    if (run && existsSync(stamp)) return;
    const build = spawnSync('npm', ['run', 'build'], { cwd: webDir, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
    if (run) writeFileSync(stamp, '');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Debian's Chromium (a test tool's own browser download does not work here). */
export function launchChromium(): Promise<any> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh browser session (its own sessionStorage) at 1366×768 in Chinese and Shanghai time, logged
 * in as `username`; `watch` sees the page first (to collect content-security-policy violations).
 */
export async function logIn(browser: any, base: string, username: string, watch: (page: any) => unknown) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // A script error or a server error (5xx) is a defect whatever the test then waits for: say it here, where
  // a test that times out waiting for the screen would not.
  page.on('pageerror', (e: Error) => process.stderr.write(`[${username}] page error: ${e.message}\n`));
  page.on('response', async (r: any) => {
    // a refusal (4xx) is often the test's point; a server error never is
    if (r.status() >= 500) {
      const body = (await r.text().catch(() => '')).slice(0, 500);
      process.stderr.write(`[${username}] ${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()} ${body}\n`);
    }
  });
  await watch(page);
  await page.goto(`${base}/app/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('who').waitFor();
  return { page, close: (): Promise<void> => context.close() };
}
