// Fairness between connections on the one queue (jobs/enqueue.ts): batches are taken by how much
// of its run each has handed on, so connections interleave instead of waiting behind the syncs
// queued before them, and a sync job (its read phase) is never queued behind anyone's batches.
import { Queue, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { enqueueBatch, enqueueSync } from '../../src/jobs/enqueue.ts';
import { QUEUE_NAME, type ScoreData } from '../../src/jobs/queue.ts';
import { processSync } from '../../src/jobs/sync-job.ts';
import { useHarness } from './harness.ts';

const h = useHarness();

const batch = (connectionId: string, accountIds: string[]): ScoreData => ({ connectionId, runId: `run-${connectionId}`, accountIds, refresh: false, asOf: 0, reason: 'test', dryRun: false, wholePortal: false });

describe('fairness between connections', () => {
  it('interleaves the batches of five connections, takes a small one first, and a sync before any batch', async () => {
    const rt = await h.runtime();
    // The parents stay in a queue of their own that no worker takes from.
    const parents = new Queue('parents', { connection: rt.bull, prefix: h.prefix });
    const connections = ['c0', 'c1', 'c2', 'c3', 'c4'];
    // As FIFO syncs would queue them: each connection's three batches of two, one connection after another.
    for (const c of connections) {
      const parent = await parents.add('sync', {});
      for (let k = 1; k <= 3; k++) await enqueueBatch(rt.queue, parent, batch(c, [`${c}-${k}a`, `${c}-${k}b`]), 2 * k);
    }
    await enqueueBatch(rt.queue, await parents.add('sync', {}), batch('small', ['small-1']), 1);
    await enqueueSync(rt.queue, { connectionId: 'late', mode: 'incremental', reason: 'test' });

    const order: string[] = [];
    const worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        order.push(`${job.name} ${(job.data as { connectionId: string }).connectionId}`);
        return {};
      },
      { connection: rt.bull.duplicate(), prefix: h.prefix, concurrency: 1 },
    );
    try {
      await expect.poll(() => order.length, { timeout: 10_000 }).toBe(17);
    } finally {
      await worker.close();
      await parents.close();
    }
    const round = connections.map((c) => `score ${c}`);
    expect(order).toEqual(['sync late', 'score small', ...round, ...round, ...round]);
  });

  it('gives each batch of a sync the accounts its run has handed on so far as its priority', async () => {
    h.portal(2_100);
    const rt = await h.runtime();
    const [connectionId] = await rt.contexts.ids();
    const queued = await enqueueSync(rt.queue, { connectionId: connectionId!, mode: 'full', reason: 'test' });
    const job = await rt.queue.getJob(queued.jobId);
    // Without a token the job does not wait for its batches; only the batches it queued matter here.
    await processSync(job!, undefined, rt.jobs);
    const batches = await rt.queue.getJobs(['prioritized']);
    expect(batches.map((b) => [b.opts.priority, (b.data as ScoreData).accountIds.length]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [1_000, 1_000],
      [2_000, 1_000],
      [2_100, 100],
    ]);
  });
});
