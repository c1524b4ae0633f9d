// Asking for a connection's backtest report (docs/backtest.md): the report computed today (UTC)
// under the policy in force comes from the cache; otherwise the `backtest` job that computes it is
// queued, once per connection, policy digest and day (asking again while it waits or runs joins
// it). The admin API, the console, a saved policy and the nightly schedule all ask here.
//
// BullMQ keeps a finished job under its id for days, and adding a job whose id it still holds
// adds nothing. So a finished job whose report is not in the cache (it failed, or the policy
// changed and changed back the same day, and another report took the cache) is removed and
// queued again; a failed one's reason is handed back so the asker can say why it is retried.
import type { Job, Queue } from 'bullmq';
import { formatDay, type Policy } from '../model/index.ts';
import type { BacktestCache, CachedBacktest } from '../store/index.ts';
import { backtestJobId, policyDigest } from './backtest-job.ts';
import { RETRY, type BacktestData } from './queue.ts';

/** Where today's report under a policy stands. `stale`: the last report kept, for another day or policy. */
export type BacktestState =
  | { status: 'ready'; cached: CachedBacktest }
  | { status: 'queued' | 'running'; jobId: string; stale: CachedBacktest | null }
  | { status: 'failed'; jobId: string; reason: string; stale: CachedBacktest | null }
  /** Not asked for yet, or finished without its report in the cache. */
  | { status: 'missing'; jobId: string; stale: CachedBacktest | null };

export type BacktestAnswer =
  | { status: 'ready'; cached: CachedBacktest }
  | { status: 'queued'; jobId: string; stale: CachedBacktest | null; lastFailure: string | null };

async function jobState(job: Job | undefined): Promise<'queued' | 'running' | 'failed' | 'finished' | 'none'> {
  if (!job) return 'none';
  const state = await job.getState();
  if (state === 'active') return 'running';
  if (state === 'failed') return 'failed';
  if (state === 'completed') return 'finished';
  return state === 'unknown' ? 'none' : 'queued';
}

/** Today's report under `policy`, or what its job is doing; queues nothing. */
export async function backtestState(queue: Queue, cache: BacktestCache, connectionId: string, policy: Policy, now: number): Promise<BacktestState> {
  const day = formatDay(now);
  const digest = policyDigest(policy);
  const current = (c: CachedBacktest | null): c is CachedBacktest => c !== null && c.day === day && c.policyDigest === digest;
  const cached = await cache.get(connectionId);
  if (current(cached)) return { status: 'ready', cached };
  const jobId = backtestJobId(connectionId, digest, day);
  const job = await queue.getJob(jobId);
  const state = await jobState(job);
  if (state === 'queued' || state === 'running') return { status: state, jobId, stale: cached };
  if (state === 'failed') return { status: 'failed', jobId, reason: job?.failedReason ?? 'unknown', stale: cached };
  // The job caches its report before it completes, so one seen finished may have cached it since
  // the look above: without a second look, the console stopped waiting on a report that was in
  // ("finished, but not today's") and a request queued the whole backtest again.
  const since = state === 'finished' ? await cache.get(connectionId) : cached;
  if (current(since)) return { status: 'ready', cached: since };
  return { status: 'missing', jobId, stale: since };
}

/** The cached report, or the job that computes it, queued unless it is already waiting or running. */
export async function requestBacktest(queue: Queue, cache: BacktestCache, connectionId: string, policy: Policy, now: number, reason: string): Promise<BacktestAnswer> {
  const state = await backtestState(queue, cache, connectionId, policy, now);
  if (state.status === 'ready') return state;
  if (state.status === 'queued' || state.status === 'running') return { status: 'queued', jobId: state.jobId, stale: state.stale, lastFailure: null };
  if (state.status === 'failed' || state.status === 'missing') await (await queue.getJob(state.jobId))?.remove();
  const data: BacktestData = { connectionId, day: formatDay(now), reason };
  await queue.add('backtest', data, { ...RETRY, jobId: state.jobId });
  return { status: 'queued', jobId: state.jobId, stale: state.stale, lastFailure: state.status === 'failed' ? state.reason : null };
}
