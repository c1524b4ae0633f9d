// The admin console served on a free port and a Chromium page to drive it (playwright-core with
// Debian's chromium, CHROMIUM_PATH to point elsewhere), both stopped after the test. The page's
// uncaught errors are collected so a test can assert there were none.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { E2e } from './harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Serves the app; its base URL. */
export async function serve(e: E2e, app: Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  e.later(() => new Promise((resolve) => server.close(resolve)));
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function openPage(e: E2e): Promise<{ page: Page; errors: string[] }> {
  expect(existsSync(CHROMIUM), `Chromium must be at ${CHROMIUM} (apt-get install -y chromium; .ci/run does it)`).toBe(true);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  e.later(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}
