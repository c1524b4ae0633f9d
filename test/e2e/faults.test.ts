// Each fault knob of the sandbox against a connection's first cycle: a share of 5xx answers,
// connections reset, a 429 storm, and a worker process killed with SIGKILL in the middle of the
// write-back (right as the CRM takes its first write call). The cycle still completes, every
// account ends with the values crm-pulse recorded, none is sent twice unless a fault struck its
// call after the CRM took it (the killed worker: at most that one call of writes again), and no
// task is made twice. Tasks whose create went unanswered wait, reserved, for the next cycle,
// which finds them by key or makes them; then the CRM holds exactly the tasks the rules ask for.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { enqueueSync } from '../../src/jobs/enqueue.ts';
import type { FaultsInput } from '../../src/sandbox/faults.ts';
import { expectTasksAsRules, expectValuesWritten, sentTooOften, unsettled } from './checks.ts';
import { CRMS } from './crms.ts';
import { quiet, useE2e } from './harness.ts';

const e = useE2e();
const ACCOUNTS = 200;
const SEED = 11;
/** CRM_PULSE_LOCK_MS of the harness: a reservation older than this is settled by the next cycle. */
const LOCK_MS = 2_000;
const bin = fileURLToPath(new URL('../../bin/crm-pulse.js', import.meta.url));

const KNOBS: [string, FaultsInput][] = [
  ['20 % of answers 5xx', { share5xx: 0.2, seed: 3 }],
  ['15 % of connections reset', { shareReset: 0.15, seed: 4 }],
  ['a 429 storm (600 ms of every 2 s, from the start)', { storm: true, stormMs: 600, stormEveryMs: 2_000 }],
];

describe.each(CRMS)('$kind sandbox under faults', (crm) => {
  it.each(KNOBS)('%s: the cycle completes, every account written once, no task twice', async (_name, faults) => {
    const sandbox = await e.sandbox(crm.kind, { accounts: ACCOUNTS, seed: SEED, faults });
    const { rt, connectionId } = await e.connected(sandbox, crm.kind);
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quiet);
    expect(code).toBe(0);
    expect(summary!.counts.accountsScored).toBe(ACCOUNTS);
    expect(summary!.errors.filter((x) => !unsettled(x))).toEqual([]);
    expect(crm.faulted(sandbox)).toBeGreaterThan(0);
    await expectValuesWritten(crm, sandbox, rt, connectionId);
    expect(crm.valueSends(sandbox, true).size).toBe(ACCOUNTS);
    expect(sentTooOften(crm, sandbox)).toEqual([]);
    expectTasksAsRules(crm, sandbox, { accounts: ACCOUNTS, seed: SEED }, false);

    // The next cycles, once the reservations are older than a job's lock, settle them.
    for (let i = 0; i < 5 && (await rt.store.tasks.pending(connectionId, Infinity)).length > 0; i++) {
      e.advance(LOCK_MS + 1_000);
      expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
      expectTasksAsRules(crm, sandbox, { accounts: ACCOUNTS, seed: SEED }, false);
    }
    expect(await rt.store.tasks.pending(connectionId, Infinity)).toEqual([]);
    expectTasksAsRules(crm, sandbox, { accounts: ACCOUNTS, seed: SEED });
    expect(sentTooOften(crm, sandbox)).toEqual([]);
  }, 90_000);

  it('a worker killed mid write-back: another finishes the cycle, one call of writes sent again at most, no task twice', async () => {
    let worker: ReturnType<typeof spawn> | null = null;
    let killed = false;
    const sandbox = await e.sandbox(crm.kind, {
      accounts: ACCOUNTS,
      seed: SEED,
      // The CRM takes the first write call; the worker dies before it hears back.
      onRequest: (_crm, r) => {
        if (!killed && crm.isValueWrite(r)) {
          killed = true;
          worker?.kill('SIGKILL');
        }
      },
    });
    const { rt, connectionId } = await e.connected(sandbox, crm.kind);
    worker = spawn(process.execPath, [bin, 'worker'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...e.env(sandbox) }, stdio: 'ignore' });
    e.later(() => worker?.kill('SIGKILL'));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => worker!.once('exit', (_code, signal) => resolve(signal)));
    await enqueueSync(rt.queue, { connectionId, mode: 'incremental', reason: 'e2e' });
    expect(await exited).toBe('SIGKILL');
    expect(killed).toBe(true);

    // This run joins the sync the dead worker held, once its lock lapses.
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quiet);
    expect(code).toBe(0);
    expect(summary!.connections[0]).toMatchObject({ joined: true, status: 'succeeded' });
    await expectValuesWritten(crm, sandbox, rt, connectionId);
    const sends = crm.valueSends(sandbox, true);
    expect(sends.size).toBe(ACCOUNTS);
    const again = [...sends.values()].filter((n) => n > 1).length;
    expect(again).toBeLessThanOrEqual(crm.writeBatch);
    expect(Math.max(...sends.values())).toBeLessThanOrEqual(2);
    expectTasksAsRules(crm, sandbox, { accounts: ACCOUNTS, seed: SEED });
  }, 60_000);
});
