// A mapping or policy saved while a sync runs is applied by a full run after it, never dropped by
// joining the sync that loaded the old settings: whether the sync is reading or waiting for its
// batches, the answer says `queued after run <id>`, and the run after it reads with the new
// mapping. A change before the sync starts is applied by that sync, and several changes during
// one sync make one run after it.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Worker } from 'bullmq';
import { createConnector } from '../../src/connectors/factory.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { withOverrides } from '../jobs/connector-wrapper.ts';
import { MAPPING_FILE, TOKEN, useHarness } from '../jobs/harness.ts';
import { admin, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();

const OLD_MAPPING = JSON.parse(readFileSync(MAPPING_FILE, 'utf8'));
const NEW_MAPPING = { account: { arr: { field: 'annual_contract_value', transform: 'number' } } };

type Hold = 'ensureSchema' | 'writeAccounts';

/** A connection whose first `hold` call waits until released; every read records the mapping it read with. */
async function setUp(hold: Hold) {
  h.portal(20);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  let holding = true;
  const mappingsRead: unknown[] = [];
  const gate = async () => {
    if (!holding) return;
    holding = false;
    reached();
    await released;
  };
  const rt = await h.runtime(
    { ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' },
    {
      createConnector: (target, deps) => {
        const real = createConnector(target, deps);
        const overrides: Partial<Connector> = {
          readAccounts: (mapping, checkpoint) => {
            mappingsRead.push(mapping);
            return real.readAccounts(mapping, checkpoint);
          },
          [hold]: async (...args: never[]) => {
            await gate();
            return (real[hold] as (...a: never[]) => unknown)(...args);
          },
        };
        return withOverrides(real, overrides);
      },
    },
  );
  await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: TOKEN } });
  await rt.store.mappings.put('hs-1', OLD_MAPPING);
  const base = await serve(rt);
  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${base}/api/connections/hs-1${path}`, { method, headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const work = () => startWorker(rt.jobs, { connection: rt.bull, prefix: h.prefix, concurrency: 4, lockMs: 2_000, outage: rt.outage });
  const settled = async (runs: number) => {
    await vi.waitFor(
      async () => {
        const list = await rt.store.runs.list('hs-1', 10);
        expect(list.map((r) => r.status)).toEqual(Array(runs).fill('succeeded'));
        expect(await rt.queue.getJobCounts('waiting', 'active', 'delayed', 'waiting-children', 'prioritized')).toEqual({ waiting: 0, active: 0, delayed: 0, 'waiting-children': 0, prioritized: 0 });
      },
      { timeout: 30_000, interval: 100 },
    );
    // Nothing else follows, and the mark is gone.
    expect(await rt.store.runs.list('hs-1', 10)).toHaveLength(runs);
    expect(await rt.store.pendingRuns.get('hs-1')).toBeNull();
    return rt.store.runs.list('hs-1', 10);
  };
  return { rt, send, work, held, release, mappingsRead, settled };
}

async function closing<T>(worker: Worker, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await worker.close();
  }
}

describe('settings changed while a sync runs', () => {
  it.each(['ensureSchema', 'writeAccounts'] as const)('are applied by one full run after it (sync held in %s)', async (hold) => {
    const t = await setUp(hold);
    const worker = t.work();
    await closing(worker, async () => {
      const started = await t.send('POST', '/runs', { mode: 'full' });
      expect(started.status).toBe(202);
      const first = started.body.run.runId as string;
      await t.held;
      // Held reading, the sync is active; held in a batch's write, it waits for its children.
      const sync = (await t.rt.queue.getJob(started.body.run.jobId))!;
      await vi.waitFor(async () => expect(await sync.getState()).toBe(hold === 'ensureSchema' ? 'active' : 'waiting-children'));

      const mapping = await t.send('PUT', '/mapping', NEW_MAPPING);
      expect(mapping.status).toBe(200);
      expect(mapping.body.fullRun).toBe(`queued after run ${first}`);
      expect(mapping.body.run).toMatchObject({ runId: first, joined: true });
      const policy = await t.send('PUT', '/policy', { health: { bands: { healthy: 85, watch: 65 } } });
      expect(policy.body.fullRun).toBe(`queued after run ${first}`);

      t.release();
      const runs = await t.settled(2);
      expect(runs.map((r) => r.mode)).toEqual(['full', 'full']);
      expect(runs[1]!.id).toBe(first);
      expect(runs[0]!.startedAt).toBeGreaterThanOrEqual(runs[1]!.endedAt!);
      // The held run read with the mapping it started with; the run after it with the new one.
      expect(t.mappingsRead).toEqual([OLD_MAPPING, NEW_MAPPING]);
    });
  });

  it('made before the sync starts are applied by that sync, with no run after it', async () => {
    const t = await setUp('ensureSchema');
    t.release();
    const started = await t.send('POST', '/runs', { mode: 'full' });
    const mapping = await t.send('PUT', '/mapping', NEW_MAPPING);
    expect(mapping.body).toMatchObject({ fullRun: 'queued', run: { runId: started.body.run.runId, joined: true } });
    await closing(t.work(), async () => {
      const runs = await t.settled(1);
      expect(runs[0]!.id).toBe(started.body.run.runId);
      expect(t.mappingsRead).toEqual([NEW_MAPPING]);
    });
  });

  it('with no sync under way queue a full run at once', async () => {
    const t = await setUp('ensureSchema');
    t.release();
    const mapping = await t.send('PUT', '/mapping', NEW_MAPPING);
    expect(mapping.body).toMatchObject({ fullRun: 'queued', run: { mode: 'full', joined: false } });
    await closing(t.work(), async () => {
      await t.settled(1);
      expect(t.mappingsRead).toEqual([NEW_MAPPING]);
    });
  });
});
