// A worker killed mid-work and another started, for each CRM: the dead worker stops renewing its
// job's lock (it is closed by force while its job hangs at the exact point of the test, after the
// CRM took the call and before anything was recorded), BullMQ hands the job to the new worker once
// the lock lapses, and the replay leaves every account with its right values, sends at most one
// call of writes again, and never makes a task twice.
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { createConnector } from '../../src/connectors/factory.ts';
import { enqueueSync } from '../../src/jobs/enqueue.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import type { Runtime } from '../../src/cli/runtime.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { never, withOverrides } from './connector-wrapper.ts';
import { crms, type Crm, type CrmFake } from './crms.ts';
import { quietIO, useHarness } from './harness.ts';

const h = useHarness();
const ACCOUNTS = 250;
const LOCK_MS = 2_000;
/** Accounts in one write call of the pipeline (writeback/write-fields.ts WRITE_BATCH). */
const WRITE_CALL = 100;

/** Starts a worker whose connector dies as `die` says, queues a cycle, and closes the worker by force once it died. */
async function killedMidway(crm: Crm, die: (real: Connector, died: () => void) => Partial<Connector>): Promise<void> {
  let died!: () => void;
  const death = new Promise<void>((resolve) => (died = resolve));
  const rt: Runtime = await h.runtime(crm.env, {
    ...crm.runtimeOptions(),
    createConnector: (target, deps) => {
      const real = createConnector(target, deps);
      return withOverrides(real, die(real, died));
    },
  });
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: h.prefix, concurrency: 4, lockMs: LOCK_MS, outage: rt.outage });
  await enqueueSync(rt.queue, { connectionId: crm.connectionId, mode: 'incremental', reason: 'test' });
  await death;
  await worker.close(true);
}

async function expectFinalStateRight(crm: Crm, rt: Runtime, fake: CrmFake): Promise<void> {
  const written = await rt.store.written.getMany(crm.connectionId, fake.accountIds());
  expect(written.size).toBe(ACCOUNTS);
  for (const id of fake.accountIds()) {
    expect(fake.values(id)).toMatchObject({ tier: written.get(id)!.tier, healthReasons: written.get(id)!.healthReasons });
  }
  const keys = fake.taskKeys();
  expect(keys.length).toBeGreaterThan(0);
  expect(new Set(keys).size).toBe(keys.length);
  expect(await rt.store.tasks.pending(crm.connectionId, Infinity)).toEqual([]);
}

describe.each(crms())('a worker on $kind killed and started again', (crm) => {
  it('during write-back: every account ends right, at most one call of writes is sent again, no task twice', async () => {
    const fake = crm.start(ACCOUNTS);
    await killedMidway(crm, (real, died) => {
      let calls = 0;
      return {
        writeAccounts: async (updates) => {
          const outcome = await real.writeAccounts(updates);
          if (++calls === 2) {
            died();
            return never();
          }
          return outcome;
        },
      };
    });
    expect(fake.valueWriteCalls()).toBe(2);
    expect(fake.taskCreateCalls()).toBe(0);

    const rt = await h.runtime(crm.env, crm.runtimeOptions());
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(code).toBe(0);
    expect(summary!.connections[0]).toMatchObject({ joined: true, status: 'succeeded' });

    await expectFinalStateRight(crm, rt, fake);
    const sends = fake.accountSends(true);
    expect(sends.size).toBe(ACCOUNTS);
    const again = [...sends.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(again).toBe(WRITE_CALL);
  });

  it('between creating tasks and recording them: the tasks are found by key, not made again', async () => {
    const fake = crm.start(ACCOUNTS);
    await killedMidway(crm, (real, died) => ({
      createTasks: async (tasks) => {
        await real.createTasks(tasks);
        died();
        return never();
      },
    }));
    const made = fake.taskKeys().length;
    expect(made).toBeGreaterThan(0);
    // The next worker's clock is a lock time on, so the reservations are the dead worker's for
    // sure (store/tasks.ts), without waiting that long for real.
    const base = crm.runtimeOptions().now ?? Date.now;
    const rt = await h.runtime(crm.env, { ...crm.runtimeOptions(), now: () => base() + LOCK_MS });
    const { code } = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(code).toBe(0);
    expect(fake.taskKeys()).toHaveLength(made);
    await expectFinalStateRight(crm, rt, fake);
    const confirmed = await rt.store.tasks.forAccounts(crm.connectionId, fake.accountIds());
    expect([...confirmed.values()].flat().filter((t) => t.crmId !== null)).toHaveLength(made);
  });
});
