// A worker killed mid-work and another started: the dead worker stops renewing its job's lock
// (it is closed by force while its job hangs at the exact point of the test, after the CRM took
// the call and before anything was recorded), BullMQ hands the job to the new worker once the
// lock lapses, and the replay leaves every account with its right values, sends at most one call
// of writes again, and never makes a task twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { createConnector } from '../../src/connectors/factory.ts';
import { enqueueSync } from '../../src/jobs/enqueue.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import type { Runtime } from '../../src/cli/runtime.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { never, withOverrides } from './connector-wrapper.ts';
import { quietIO, requestsTo, useHarness } from './harness.ts';
import type { Portal } from '../../bench/hubspot-fake.ts';

const h = useHarness();
const COMPANIES = 250;
const LOCK_MS = 2_000;

/** Starts a worker whose connector dies as `die` says, queues a cycle, and closes the worker by force once it died. */
async function killedMidway(die: (real: Connector, died: () => void) => Partial<Connector>): Promise<void> {
  let died!: () => void;
  const death = new Promise<void>((resolve) => (died = resolve));
  const rt: Runtime = await h.runtime({}, { createConnector: (target, deps) => { const real = createConnector(target, deps); return withOverrides(real, die(real, died)); } });
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: h.prefix, concurrency: 4, lockMs: LOCK_MS });
  await enqueueSync(rt.queue, { connectionId: 'env-hubspot', mode: 'incremental', reason: 'test' });
  await death;
  await worker.close(true);
}

function pageWrites(portal: Portal): Map<string, number> {
  const sends = new Map<string, number>();
  for (const r of requestsTo(portal, 'POST', '/crm/v3/objects/companies/batch/update')) {
    for (const i of (r.body as { inputs: { id: string; properties: Record<string, string> }[] }).inputs) {
      // A batch's writes carry the tier on first write; the RFM segment step writes segment alone.
      if ('crm_pulse_tier' in i.properties) sends.set(i.id, (sends.get(i.id) ?? 0) + 1);
    }
  }
  return sends;
}

async function expectFinalStateRight(rt: Runtime, portal: Portal): Promise<void> {
  const companies = portal.objects.get('companies')!;
  const written = await rt.store.written.getMany('env-hubspot', [...companies.keys()]);
  expect(written.size).toBe(COMPANIES);
  for (const [id, c] of companies) {
    expect(c.properties.crm_pulse_tier).toBe(written.get(id)!.tier);
    expect(c.properties.crm_pulse_health_reasons).toBe(written.get(id)!.healthReasons);
  }
  const keys = [...portal.objects.get('tasks')!.values()].map((t) => t.properties.crm_pulse_task_key!);
  expect(keys.length).toBeGreaterThan(0);
  expect(new Set(keys).size).toBe(keys.length);
  expect(await rt.store.tasks.pending('env-hubspot', Infinity)).toEqual([]);
}

describe('a worker killed and started again', () => {
  it('during write-back: every account ends right, at most one call of writes is sent again, no task twice', async () => {
    const { portal } = h.portal(COMPANIES);
    await killedMidway((real, died) => {
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
    expect(requestsTo(portal, 'POST', '/crm/v3/objects/companies/batch/update')).toHaveLength(2);
    expect(requestsTo(portal, 'POST', '/crm/v3/objects/tasks/batch/create')).toHaveLength(0);

    const rt = await h.runtime();
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(code).toBe(0);
    expect(summary!.connections[0]).toMatchObject({ joined: true, status: 'succeeded' });

    await expectFinalStateRight(rt, portal);
    const sends = pageWrites(portal);
    expect(sends.size).toBe(COMPANIES);
    const again = [...sends.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(again).toBe(100);
  });

  it('between creating tasks and recording them: the tasks are found by key, not made again', async () => {
    const { portal } = h.portal(COMPANIES);
    await killedMidway((real, died) => ({
      createTasks: async (tasks) => {
        await real.createTasks(tasks);
        died();
        return never();
      },
    }));
    const made = portal.objects.get('tasks')!.size;
    expect(made).toBeGreaterThan(0);
    // Past a lock time, the reservations are the dead worker's for sure (store/tasks.ts).
    await sleep(LOCK_MS);

    const rt = await h.runtime();
    const { code } = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(code).toBe(0);
    expect(portal.objects.get('tasks')!.size).toBe(made);
    await expectFinalStateRight(rt, portal);
    const confirmed = await rt.store.tasks.forAccounts('env-hubspot', [...portal.objects.get('companies')!.keys()]);
    expect([...confirmed.values()].flat().filter((t) => t.crmId !== null)).toHaveLength(made);
  });
});
