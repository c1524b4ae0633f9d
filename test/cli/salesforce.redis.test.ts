// The commands an operator runs against Salesforce, through the real bin, with a fake org on
// 127.0.0.1 (bench/salesforce-fake.ts): `crm-pulse salesforce check` finds the org ready;
// `CRM_PULSE_CRM=salesforce crm-pulse run --json` does a cycle and reports the org's API budget;
// with the org past crm-pulse's share of that budget, the run stops, exits 1, and says the
// connection is paused until when, in JSON and in the readable summary.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOrg, type FakeOrg } from '../../bench/salesforce-fake.ts';
import { AS_OF, AS_OF_MS, useHarness } from '../jobs/harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/crm-pulse.js');
const MAPPING = join(root, 'examples/mapping.salesforce.json');
const ACCOUNTS = 60;
const h = useHarness();

let org: FakeOrg;
beforeEach(async () => {
  org = await startFakeOrg({ accounts: ACCOUNTS, asOf: AS_OF_MS, now: Date.now });
});
afterEach(async () => {
  await org.close();
});

/** Only what the command needs: nothing of the test's own environment leaks in. */
function env(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LOG_LEVEL: 'warn',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CRM_PULSE_REDIS_PREFIX: h.prefix,
    CRM_PULSE_CRM: 'salesforce',
    SALESFORCE_INSTANCE_URL: org.url,
    SALESFORCE_ACCESS_TOKEN: '00Dchild000000001!child-token',
    CRM_PULSE_MAPPING: MAPPING,
    CRM_PULSE_AS_OF: AS_OF,
    CRM_PULSE_LOCK_MS: '2000',
  };
}

/** The bin in a child process; asynchronous, so the fake org in this process keeps answering. */
function run(args: string[], withEnv: Record<string, string> = env()): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: withEnv });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

describe('crm-pulse against Salesforce', () => {
  it('salesforce check: the org is ready and the example mapping fits', async () => {
    const r = await run(['salesforce', 'check']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('The org is ready for crm-pulse.');
    expect(r.out).toContain("The mapping fits the org's Account fields.");
    expect(r.out).toMatch(/API usage: \d+ of 100,000 calls in the last 24 hours \(crm-pulse pauses at 80 %\)\./);
  }, 60_000);

  it('salesforce check --connection: the org of a stored connection, its token sealed, with its own mapping', async () => {
    const key = randomBytes(32).toString('base64');
    const rt = await h.runtime({ CRM_PULSE_ENCRYPTION_KEY: key });
    await rt.store.connections.put({ id: 'acme-sf', kind: 'salesforce', label: 'Acme', crmAccountId: org.org.orgId, credentials: { accessToken: '00Dstored00000001!stored-token', instanceUrl: org.url } });
    await rt.store.mappings.put('acme-sf', JSON.parse(await readFile(MAPPING, 'utf8')));
    // Nothing in the environment names the org: it comes from the stored connection alone.
    const { SALESFORCE_INSTANCE_URL: _url, SALESFORCE_ACCESS_TOKEN: _token, CRM_PULSE_MAPPING: _mapping, CRM_PULSE_CRM: _crm, ...stored } = env();
    const r = await run(['salesforce', 'check', '--connection', 'acme-sf'], { ...stored, CRM_PULSE_ENCRYPTION_KEY: key });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('The org is ready for crm-pulse.');
    expect(r.out).toContain("The mapping fits the org's Account fields.");

    const missing = await run(['salesforce', 'check', '--connection', 'nope'], { ...stored, CRM_PULSE_ENCRYPTION_KEY: key });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('connection nope does not exist');
  }, 60_000);

  it('run --json: one cycle, the API budget reported; past the budget share, the connection pauses and the summary says until when', async () => {
    const first = await run(['run', '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.out);
    expect(summary).toMatchObject({ ok: true, counts: { accountsRead: ACCOUNTS, accountsScored: ACCOUNTS, accountsUnchanged: 0, errors: 0 } });
    expect(summary.apiCalls['PATCH /composite/sobjects']).toBeGreaterThan(0);
    const c = summary.connections[0];
    expect(c).toMatchObject({ connectionId: 'env-salesforce', status: 'succeeded', pausedUntil: null, apiUsage: { max: 100_000, pauseAtShare: 0.8 } });
    // The last reading counts every call the org answered up to it.
    expect(c.apiUsage.used).toBeGreaterThan(0);
    expect(c.apiUsage.used).toBeLessThanOrEqual(org.calls());

    // Other integrations used 85,000 of the org's 100,000 calls: one call reads it, and the run stops.
    org.org.otherCalls = 85_000;
    const before = org.calls();
    const paused = await run(['run', '--json']);
    expect(paused.code).toBe(1);
    const p = JSON.parse(paused.out);
    expect(p.connections[0]).toMatchObject({ status: 'paused', error: { code: 'SALESFORCE_DAILY_BUDGET' }, apiUsage: { used: 85_000 + before + 1, share: (85_000 + before + 1) / 100_000 } });
    expect(Date.parse(p.connections[0].pausedUntil)).toBeGreaterThan(Date.now() + 3_500_000);
    expect(org.calls()).toBe(before + 1);

    const readable = await run(['run']);
    expect(readable.code).toBe(1);
    expect(readable.out).toMatch(/^env-salesforce: incremental run \S+ paused until \S+Z \(crm-pulse resumes by itself\): SALESFORCE_DAILY_BUDGET: the org has used 85,\d{3} of its 100,000 API calls/m);
    expect(readable.out).toMatch(/^ {2}API budget: 85,\d{3} of 100,000 calls in the last 24 hours \(85 %, all of the org's integrations\); crm-pulse pauses at 80 %$/m);
    expect(readable.out).toMatch(/^paused in \d+\.\d s/m);
  }, 120_000);
});
