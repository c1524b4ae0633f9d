// Schedules: every connection gets an incremental, a nightly full and a nightly backtest
// scheduler (the backtest tick: backtest-request.redis.test.ts), and the sync `tick`
// they fire queues the connection's sync unless it is stopped or paused (a pause past its end is
// lifted and the sync queued).
import { describe, expect, it } from 'vitest';
import { scheduleConnection } from '../../src/jobs/schedules.ts';
import { processTick } from '../../src/jobs/tick-job.ts';
import type { ConnectionStatus } from '../../src/store/index.ts';
import { KEY_A } from '../http/server.ts';
import { useHarness } from './harness.ts';

const h = useHarness();

async function withConnection(status?: ConnectionStatus) {
  const rt = await h.runtime({ CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '', CRM_PULSE_ENCRYPTION_KEY: KEY_A });
  await rt.store.connections.put({ id: 'c1', kind: 'hubspot', crmAccountId: '1', credentials: { accessToken: 't' }, status });
  return rt;
}

async function tick(rt: Awaited<ReturnType<typeof withConnection>>) {
  const job = await rt.queue.add('tick', { connectionId: 'c1', mode: 'incremental' });
  return processTick(job, undefined, rt.jobs);
}

describe('schedules', () => {
  it('upserts an incremental, a nightly full and a nightly backtest scheduler per connection, idempotently', async () => {
    const rt = await withConnection();
    const settings = { everyMinutes: 15, fullCron: '0 2 * * *', backtestCron: '0 4 * * *' };
    await scheduleConnection(rt.queue, 'c1', settings);
    await scheduleConnection(rt.queue, 'c1', settings);
    const schedulers = await rt.queue.getJobSchedulers();
    expect(schedulers.map((s) => ({ key: s.key, every: s.every ?? null, pattern: s.pattern ?? null, tz: s.tz ?? null })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'tick.backtest.c1', every: null, pattern: '0 4 * * *', tz: 'UTC' },
      { key: 'tick.full.c1', every: null, pattern: '0 2 * * *', tz: 'UTC' },
      { key: 'tick.incremental.c1', every: 900_000, pattern: null, tz: null },
    ]);
  });

  it('queues the sync of an active connection, once while it runs', async () => {
    const rt = await withConnection();
    const first = await tick(rt);
    const second = await tick(rt);
    expect(first).toEqual({ queued: expect.stringMatching(/^sync\.c1\./) });
    expect(second).toEqual(first);
    expect((await rt.queue.getJobs(['waiting'])).filter((j) => j.name === 'sync')).toHaveLength(1);
  });

  it('skips a stopped connection and one paused until later; lifts a pause that has ended', async () => {
    const stopped = await withConnection({ state: 'stopped', code: 'HUBSPOT_UNAUTHORIZED', message: 'token refused', at: 0 });
    expect(await tick(stopped)).toEqual({ skipped: 'stopped: HUBSPOT_UNAUTHORIZED' });

    await stopped.store.connections.update('c1', { status: { state: 'paused', reason: 'HUBSPOT_DAILY_LIMIT', until: Date.now() + 60_000 } });
    expect(await tick(stopped)).toEqual({ skipped: 'paused: HUBSPOT_DAILY_LIMIT' });

    await stopped.store.connections.update('c1', { status: { state: 'paused', reason: 'HUBSPOT_DAILY_LIMIT', until: Date.now() - 1 } });
    expect(await tick(stopped)).toEqual({ queued: expect.any(String) });
    expect((await stopped.store.connections.get('c1'))?.status).toEqual({ state: 'active' });
  });
});
