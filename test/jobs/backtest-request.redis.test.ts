// Asking for a backtest report (jobs/backtest-request.ts) on the real Redis and queue: the job is
// queued once per connection, policy and day, and the report comes from the cache once a worker
// has computed it; a finished job whose report is not in the cache (the policy changed and changed
// back the same day) is queued again, and a failed one is queued again with its reason handed back.
// The triggers: a saved policy queues the backtest under it, which GET /backtest then joins, and
// the nightly `tick` queues it unless today's report is cached.
import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../src/cli/runtime.ts';
import { policyDigest } from '../../src/jobs/backtest-job.ts';
import { backtestState, requestBacktest } from '../../src/jobs/backtest-request.ts';
import { processTick } from '../../src/jobs/tick-job.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { formatDay } from '../../src/model/dates.ts';
import { resolvePolicy } from '../../src/model/policy.ts';
import type { BacktestCache } from '../../src/store/backtests.ts';
import { admin, KEY_A, SERVER_ENV, useServers } from '../http/server.ts';
import { useHarness } from './harness.ts';
import { jobsDone } from './jobs-done.ts';

const h = useHarness();
const serve = useServers();

const backtestJobs = async (rt: Runtime) => (await rt.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((j) => j.name === 'backtest');

/** A runtime on a fake portal of five companies, its one connection, policy and as-of. */
async function onePortal() {
  h.portal(5);
  const rt = await h.runtime();
  const [id] = await rt.contexts.ids();
  const { policy } = await rt.contexts.get(id!);
  return { rt, id: id!, policy, now: rt.jobs.now() };
}

const startOne = (rt: Runtime) => startWorker(rt.jobs, { connection: rt.bull, prefix: h.prefix, concurrency: 1, lockMs: 2_000, outage: rt.outage });

describe('asking for a backtest report', () => {
  it('queues the job once, answers from the cache once it is computed, and queues again a job whose report another policy replaced', async () => {
    const { rt, id, policy, now } = await onePortal();
    const jobId = `backtest.${id}.${policyDigest(policy)}.${formatDay(now)}`;

    const first = await requestBacktest(rt.queue, rt.store.backtests, id, policy, now, 'test');
    expect(first).toEqual({ status: 'queued', jobId, stale: null, lastFailure: null });
    expect(await requestBacktest(rt.queue, rt.store.backtests, id, policy, now, 'test')).toEqual(first);
    expect(await backtestJobs(rt)).toHaveLength(1);

    const worker = startOne(rt);
    try {
      await jobsDone(rt.queue, rt.bull, 'backtest', 1);
      const ready = await requestBacktest(rt.queue, rt.store.backtests, id, policy, now, 'test');
      expect(ready).toMatchObject({ status: 'ready', cached: { day: formatDay(now), policyDigest: policyDigest(policy), report: { connectionId: id, accounts: 0 } } });

      // Another policy's report took the cache (as when the policy changes and changes back the same day):
      // BullMQ still holds the finished job under its id, so it is removed and queued again.
      const other = resolvePolicy({ health: { weights: { usage: 10, engagement: 10, tickets: 10, nps: 70 } } });
      await rt.store.backtests.set(id, { ...(ready.status === 'ready' ? ready.cached : ({} as never)), policyDigest: policyDigest(other) });
      const again = await requestBacktest(rt.queue, rt.store.backtests, id, policy, now, 'test');
      expect(again).toMatchObject({ status: 'queued', jobId, stale: { policyDigest: policyDigest(other) } });
      await jobsDone(rt.queue, rt.bull, 'backtest', 1);
      expect(await requestBacktest(rt.queue, rt.store.backtests, id, policy, now, 'test')).toMatchObject({ status: 'ready' });
    } finally {
      await worker.close();
    }
  });

  it('takes a report cached while it looked at the job as ready, neither missing nor queued again', async () => {
    const { rt, id, policy, now } = await onePortal();
    const first = await requestBacktest(rt.queue, rt.store.backtests, id, policy, now, 'test');
    const worker = startOne(rt);
    try {
      await jobsDone(rt.queue, rt.bull, 'backtest', 1);
    } finally {
      await worker.close();
    }
    // The first look at the cache comes before the job cached its report, the look at the job after it completed.
    const late = (): BacktestCache => {
      let looks = 0;
      return { get: async (c) => (looks++ === 0 ? null : rt.store.backtests.get(c)), set: (c, b) => rt.store.backtests.set(c, b) };
    };
    expect(await backtestState(rt.queue, late(), id, policy, now)).toMatchObject({ status: 'ready', cached: { day: formatDay(now), policyDigest: policyDigest(policy) } });
    expect(await requestBacktest(rt.queue, late(), id, policy, now, 'test')).toMatchObject({ status: 'ready' });
    expect(await (await rt.queue.getJob(first.status === 'queued' ? first.jobId : ''))?.getState()).toBe('completed');
    expect(await backtestJobs(rt)).toHaveLength(1);
  });

  it('queues a failed job again and says why it failed', async () => {
    const rt = await h.runtime();
    const policy = resolvePolicy({});
    const now = rt.jobs.now();
    // No such connection: the job fails for good (NOT_CONNECTED).
    const first = await requestBacktest(rt.queue, rt.store.backtests, 'gone', policy, now, 'test');
    const worker = startOne(rt);
    try {
      await vi.waitFor(async () => expect(await (await rt.queue.getJob(first.status === 'queued' ? first.jobId : ''))?.getState()).toBe('failed'), { timeout: 10_000, interval: 100 });
    } finally {
      await worker.close();
    }
    const again = await requestBacktest(rt.queue, rt.store.backtests, 'gone', policy, now, 'test');
    expect(again).toMatchObject({ status: 'queued', lastFailure: expect.stringContaining('NOT_CONNECTED') });
    expect(await (await rt.queue.getJob(again.status === 'queued' ? again.jobId : ''))?.getState()).toBe('waiting');
  });
});

describe('backtest triggers', () => {
  it('a saved policy queues the backtest under it, which GET /backtest joins', async () => {
    const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' });
    await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: 'pat-x' } });
    const base = await serve(rt);
    const partial = { health: { weights: { usage: 60, engagement: 30, tickets: 10, nps: 0 } } };
    const put = await fetch(`${base}/api/connections/hs-1/policy`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(partial) });
    expect(put.status).toBe(200);
    const saved = (await put.json()) as { backtest: { status: string; jobId: string } };
    const jobId = `backtest.hs-1.${policyDigest(resolvePolicy(partial))}.${formatDay(rt.jobs.now())}`;
    expect(saved.backtest).toEqual({ status: 'queued', jobId });
    expect((await rt.queue.getJob(jobId))?.data).toMatchObject({ connectionId: 'hs-1', reason: 'scoring policy changed' });

    const get = await fetch(`${base}/api/connections/hs-1/backtest`, { headers: admin });
    expect(get.status).toBe(202);
    expect(await get.json()).toEqual({ status: 'queued', jobId, stale: null, lastFailure: null });
    expect(await backtestJobs(rt)).toHaveLength(1);
  });

  it('the nightly tick queues the backtest unless today\u2019s report is cached, and skips a stopped connection', async () => {
    const rt = await h.runtime({ CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '', CRM_PULSE_ENCRYPTION_KEY: KEY_A });
    await rt.store.connections.put({ id: 'c1', kind: 'hubspot', crmAccountId: '1', credentials: { accessToken: 't' } });
    const tick = async () => processTick(await rt.queue.add('tick', { connectionId: 'c1', mode: 'backtest' }), undefined, rt.jobs);
    const { policy } = await rt.contexts.get('c1');
    const day = formatDay(rt.jobs.now());
    const jobId = `backtest.c1.${policyDigest(policy)}.${day}`;

    expect(await tick()).toEqual({ queued: jobId });
    expect((await rt.queue.getJob(jobId))?.data).toMatchObject({ reason: 'nightly backtest' });
    // No sync is queued by a backtest tick.
    expect((await rt.queue.getJobs(['waiting'])).filter((j) => j.name === 'sync')).toHaveLength(0);

    await rt.store.backtests.set('c1', { computedAt: rt.jobs.now(), day, policyDigest: policyDigest(policy), report: {} });
    expect(await tick()).toEqual({ skipped: "today's report is cached" });

    await rt.store.connections.update('c1', { status: { state: 'stopped', code: 'HUBSPOT_UNAUTHORIZED', message: 'token refused', at: 0 } });
    await rt.store.backtests.set('c1', { computedAt: 0, day: '2000-01-01', policyDigest: 'old', report: {} });
    expect(await tick()).toEqual({ skipped: 'stopped: HUBSPOT_UNAUTHORIZED' });
  });
});
