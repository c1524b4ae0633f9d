// The bin as an operator meets it: `--version` prints package.json's version from a checkout and
// from the layout an npm install leaves (bin, dist, package.json; run from elsewhere), and `run`
// against a HUBSPOT_BASE_URL where nothing listens fails within seconds naming the variable, the
// host and the cause, where it used to sit through a minute of retries.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AS_OF, MAPPING_FILE, useHarness } from '../jobs/harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/crm-pulse.js');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const h = useHarness();

describe('crm-pulse --version', () => {
  it('prints the version from a checkout and from an installed package', () => {
    const here = spawnSync(process.execPath, [bin, '--version'], { cwd: root, encoding: 'utf8' });
    expect(here.status).toBe(0);
    expect(here.stdout.trim()).toBe(version);
    // What `npm install` leaves: the package's files under node_modules/crm-pulse, run from another directory.
    const dir = mkdtempSync(join(tmpdir(), 'crm-pulse-installed-'));
    try {
      const installed = join(dir, 'crm-pulse');
      for (const part of ['bin', 'dist', 'package.json']) cpSync(join(root, part), join(installed, part), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(installed, 'node_modules'));
      const there = spawnSync(process.execPath, [join(installed, 'bin/crm-pulse.js'), '--version'], { cwd: tmpdir(), encoding: 'utf8' });
      expect(there.stdout.trim()).toBe(version);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('crm-pulse run against an unreachable CRM', () => {
  it('fails within 15 s naming HUBSPOT_BASE_URL, the host and the cause', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      CRM_PULSE_REDIS_PREFIX: h.prefix,
      CRM_PULSE_CRM: 'hubspot',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-child-token',
      HUBSPOT_BASE_URL: `http://127.0.0.1:${port}`,
      CRM_PULSE_MAPPING: MAPPING_FILE,
      CRM_PULSE_AS_OF: AS_OF,
      LOG_LEVEL: 'silent',
    };
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'run'], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(code).toBe(1);
    expect(out).toContain(`HubSpot at 127.0.0.1:${port} (HUBSPOT_BASE_URL) cannot be reached: fetch failed (ECONNREFUSED)`);
    expect(out).not.toContain('will be retried later');
  }, 30_000);
});
