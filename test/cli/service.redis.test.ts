// The service commands through the real bin, as an operator starts them: a bad environment stops
// start-up naming every problem; `run --json` does a cycle against a fake HubSpot over HTTP and
// prints one summary object; `serve` answers its probes and stops on SIGTERM; and a `worker`
// process killed with SIGKILL in the middle of a write-back is replaced by another that finishes
// the cycle with every account right, at most one call of writes sent again and no task twice,
// then stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFakePortal, type FakePortal } from '../../bench/hubspot-fake.ts';
import { enqueueSync } from '../../src/jobs/enqueue.ts';
import { AS_OF, AS_OF_MS, MAPPING_FILE, useHarness } from '../jobs/harness.ts';
import { jobsDone } from '../jobs/jobs-done.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/crm-pulse.js');
const h = useHarness();

/** Only what the command needs: nothing of the test's own environment leaks in. */
function env(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...extra };
}

function serviceEnv(portal: FakePortal): Record<string, string> {
  return env({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CRM_PULSE_REDIS_PREFIX: h.prefix,
    CRM_PULSE_CRM: 'hubspot',
    HUBSPOT_ACCESS_TOKEN: 'pat-na1-child-token',
    HUBSPOT_BASE_URL: portal.url,
    HUBSPOT_REQUESTS_PER_10S: '1000',
    CRM_PULSE_MAPPING: MAPPING_FILE,
    CRM_PULSE_AS_OF: AS_OF,
    CRM_PULSE_LOCK_MS: '2000',
  });
}

/** The bin in a child process; asynchronous, so a fake portal in this process keeps answering. */
function run(args: string[], vars: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: vars });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('service commands', () => {
  it('stop start-up on a bad environment, naming every problem', async () => {
    for (const command of ['run', 'worker', 'serve']) {
      const r = await run([command], env({ REDIS_URL: 'http://127.0.0.1:6379', CRM_PULSE_CONCURRENCY: '0', CRM_PULSE_FULL_SYNC_CRON: 'nightly', CRM_PULSE_CRM: 'hubspot' }));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`crm-pulse ${command}: the environment is invalid:`);
      expect(r.err).toContain('REDIS_URL: must be a redis:// or rediss:// URL');
      expect(r.err).toContain('CRM_PULSE_CONCURRENCY: must be a whole number from 1 to 64, got "0"');
      expect(r.err).toContain('CRM_PULSE_FULL_SYNC_CRON: must be a cron expression');
      expect(r.err).toContain('HUBSPOT_ACCESS_TOKEN: required when CRM_PULSE_CRM=hubspot');
    }
    const down = await run(['run'], env({ REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(down.code).toBe(2);
    expect(down.err).toMatch(/^crm-pulse run: Redis at 127\.0\.0\.1:1 \(REDIS_URL\) does not answer/);
  });

  it('run --json: one cycle against HubSpot, one summary object on stdout; exit 1 when HubSpot refuses', async () => {
    const portal = await startFakePortal(120, AS_OF_MS);
    try {
      const first = await run(['run', '--json'], serviceEnv(portal));
      expect(first.code).toBe(0);
      const summary = JSON.parse(first.out);
      expect(summary).toMatchObject({ ok: true, dryRun: false, counts: { accountsRead: 120, accountsScored: 120, accountsUnchanged: 0, errors: 0 } });
      // Two calls of 100 and 20: each company once, its values and RFM segment in one write (no
      // separate call for the segments of the companies with a recent win).
      expect(summary.apiCalls['POST /crm/objects/2026-09/companies/batch/update']).toBe(2);
      const sends = portal.portal.requests
        .filter((r) => r.method === 'POST' && r.path === '/crm/objects/2026-09/companies/batch/update')
        .flatMap((r) => (r.body as { inputs: { id: string; properties: Record<string, string> }[] }).inputs);
      expect(new Set(sends.map((i) => i.id)).size).toBe(120);
      expect(sends).toHaveLength(120);
      expect(sends.filter((i) => i.properties.crm_pulse_tier && i.properties.crm_pulse_segment)).toHaveLength(12);
      expect(summary.durationMs).toBeGreaterThan(0);
      const again = JSON.parse((await run(['run', '--json'], serviceEnv(portal))).out);
      // The own-write fence leaves the first run's writes out of the search: nothing to read again.
      expect(again.counts).toMatchObject({ accountsRead: 0, accountsWritten: 0, accountsSkipped: 0, accountsScored: 0, tasksCreated: 0 });
      expect(again.apiCalls['POST /crm/objects/2026-09/companies/batch/update']).toBeUndefined();
    } finally {
      await portal.close();
    }
    // A token HubSpot refuses: the connection stops at once, and the run says why.
    const refusing = await startFakePortal(1, AS_OF_MS, { refuseToken: true });
    try {
      const refused = await run(['run', '--json'], serviceEnv(refusing));
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.out).errors[0]).toMatchObject({ code: 'HUBSPOT_UNAUTHORIZED' });
    } finally {
      await refusing.close();
    }
  }, 120_000);

  it('serve answers /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
    const server = spawn(process.execPath, [bin, 'serve'], { cwd: root, env: env({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', CRM_PULSE_REDIS_PREFIX: h.prefix, PORT: '0', LOG_LEVEL: 'info' }) });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const ready = /"port":(\d+).*"msg":"server ready"/.exec(out);
        if (ready) resolve(Number(ready[1]));
      });
      server.once('exit', () => reject(new Error(`serve exited: ${out}`)));
    });
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
  }, 30_000);

  it('a worker killed with SIGKILL mid write-back: another worker finishes the cycle, nothing twice', async () => {
    let victim: ChildProcess | null = null;
    let updates = 0;
    const portal = await startFakePortal(250, AS_OF_MS, {
      onRequest: (r) => {
        // Killed while HubSpot takes its second write call: sent, never recorded.
        if (r.path === '/crm/objects/2026-09/companies/batch/update' && ++updates === 2) victim?.kill('SIGKILL');
      },
    });
    try {
      const rt = await h.runtime({ HUBSPOT_BASE_URL: portal.url });
      victim = spawn(process.execPath, [bin, 'worker'], { cwd: root, env: serviceEnv(portal), stdio: 'ignore' });
      const queued = await enqueueSync(rt.queue, { connectionId: 'env-hubspot', mode: 'incremental', reason: 'test' });
      expect(await exited(victim)).toBeNull();

      const heir = spawn(process.execPath, [bin, 'worker'], { cwd: root, env: serviceEnv(portal), stdio: 'ignore' });
      await jobsDone(rt.queue, rt.bull, 'sync', 1, 60_000);
      expect((await rt.store.runs.get('env-hubspot', queued.runId))?.status).toBe('succeeded');
      heir.kill('SIGTERM');
      expect(await exited(heir)).toBe(0);

      const companies = portal.portal.objects.get('companies')!;
      const written = await rt.store.written.getMany('env-hubspot', [...companies.keys()]);
      for (const [id, c] of companies) expect(c.properties.crm_pulse_health_reasons).toBe(written.get(id)!.healthReasons);
      const pageWrites = portal.portal.requests
        .filter((r) => r.path === '/crm/objects/2026-09/companies/batch/update')
        .flatMap((r) => (r.body as { inputs: { properties: Record<string, string> }[] }).inputs.filter((i) => 'crm_pulse_tier' in i.properties));
      expect(pageWrites.length - companies.size).toBeLessThanOrEqual(100);
      const keys = [...portal.portal.objects.get('tasks')!.values()].map((t) => t.properties.crm_pulse_task_key);
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      victim?.kill('SIGKILL');
      await portal.close();
    }
  }, 120_000);
});
