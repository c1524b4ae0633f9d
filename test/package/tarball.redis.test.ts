// The package as an installer gets it. `npm pack` (whose `prepare` builds dist/) runs in a copy of
// the repository, so the checkout's own dist/ is never rewritten under the other test files; the
// tarball is installed into an empty folder; then `npx crm-pulse --help`, `score` and
// `demo --exit` run there with nothing else present. The demo leaves no Redis key, and a demo that
// fails midway (its example mapping deleted from the install) prints one line, no stack trace,
// and leaves none either. Installing needs the npm registry, or npm's cache after `npm ci`.
import { execFile } from 'node:child_process';
import { cpSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteMatching } from '../../src/store/redis.ts';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
// Not packed, or rebuilt by `prepare` in the copy. No node_modules is copied, at any depth: the
// manifests' own tool folders (manifests/salesforce: about 430 MB) are never packed.
const NOT_COPIED = new Set(['.git', 'dist', 'coverage']);
const prefix = `test-pack-${randomUUID().slice(0, 8)}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

const REGISTRY_ACCESS = /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|npm_config_(registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl))$/;

function registryAccess(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => REGISTRY_ACCESS.test(e[0]) && e[1] !== undefined));
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      // Only what npm and the command need: nothing of the test's environment leaks in but how
      // this machine reaches the registry (its proxy and the certificate authority it signs with).
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '', ...registryAccess(), ...env } },
      (error, out, err) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

/** Lines of a stack trace printed raw (pino's JSON lines carry theirs escaped on one line). */
const rawStack = (text: string) => text.split('\n').filter((line) => /^\s+at /.test(line));

let work = '';
let app = '';
let packed: string[] = [];
let redis: Redis;

async function keysLeft(): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

const crmPulse = (args: string[]) => run('npx', ['crm-pulse', ...args], app, { REDIS_URL: redisUrl, CRM_PULSE_REDIS_PREFIX: prefix });

beforeAll(async () => {
  redis = new Redis(redisUrl);
  work = mkdtempSync(join(tmpdir(), 'crm-pulse-pack-'));
  const copy = join(work, 'repo');
  cpSync(root, copy, { recursive: true, filter: (src) => basename(src) !== 'node_modules' && !(dirname(src) === root && NOT_COPIED.has(basename(src))) });
  // `prepare` runs tsc: the checkout's dev dependencies serve the copy.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], copy);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.err}`);
  const [info] = JSON.parse(pack.out.slice(pack.out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error('npm pack printed no tarball');
  packed = info.files.map((f) => f.path);

  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'crm-pulse-install-check', private: true }));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, info.filename)], app);
  if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.err}`);
}, 600_000);

afterAll(async () => {
  await deleteMatching(redis, `${prefix}*`);
  await redis.quit();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed crm-pulse, installed into an empty folder', () => {
  it('ships the built code and every file the README links', () => {
    for (const file of ['bin/crm-pulse.js', 'dist/cli/main.js', 'README.md', 'examples/accounts.jsonl', 'examples/mapping.hubspot.json', 'examples/mapping.salesforce.json', 'examples/policy.json', 'docs/policy.md', 'docs/canonical-model.md', 'docs/hubspot.md', 'docs/salesforce.md', 'docs/BENCHMARKS.md', 'manifests/hubspot/hsproject.json', 'manifests/salesforce/sfdx-project.json']) {
      expect(packed).toContain(file);
    }
    expect(packed.filter((f) => f.startsWith('test/') || f.startsWith('bench/'))).toEqual([]);
  });

  it('answers --help', async () => {
    const r = await crmPulse(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: crm-pulse');
    expect(r.out).toContain('demo');
  });

  it('scores a file with nothing else running', async () => {
    copyFileSync(join(app, 'node_modules/crm-pulse/examples/accounts.jsonl'), join(app, 'accounts.jsonl'));
    const r = await crmPulse(['score', '--input', 'accounts.jsonl', '--as-of', '2026-11-23', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('crm-pulse score: 20 scored, 0 rejected');
  });

  it('runs demo --exit and leaves no Redis key', async () => {
    const r = await crmPulse(['demo', '--exit', '--accounts', '50']);
    expect(r.err).not.toContain('unexpected error');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Redis prefix ${prefix}-demo-`);
    expect(r.out).toContain('Accounts by tier and health band');
    expect(await keysLeft()).toEqual([]);
  });

  it('reports a demo that fails midway in one line, without a stack trace, and leaves no Redis key', async () => {
    unlinkSync(join(app, 'node_modules/crm-pulse/examples/mapping.hubspot.json'));
    const r = await crmPulse(['demo', '--exit', '--accounts', '50']);
    expect(r.code).toBe(70);
    expect(r.out).toContain('Redis prefix');
    expect(r.err.split('\n')[0]).toMatch(/^crm-pulse demo: unexpected error: ENOENT: no such file or directory, open '.*mapping\.hubspot\.json'/);
    expect(rawStack(r.err)).toEqual([]);
    // The stack is in the log line.
    expect(r.err).toMatch(/"stack":"Error: ENOENT/);
    expect(await keysLeft()).toEqual([]);
  });
});
