// What a failed job does next, by error class (errors.ts): a retryable error is retried after the
// wait it asks for (or a backoff); a connection error pauses (until its reset) or stops the
// connection and fails the job for good, and so does a request the CRM refuses outright, and, in a
// one-shot `run`, a CRM that never answered; anything else is retried as transient. A job that fails for good also marks its run failed (with when a
// pause ends), so the run history never shows a dead run as running. Every job, failed or not,
// leaves the CRM's API-budget reading behind (api-usage.ts).
import { DelayedError, UnrecoverableError, WaitingChildrenError, type Job } from 'bullmq';
import { ConnectionError, PulseError, RecordError, RetryableError, UnreachableError } from '../model/index.ts';
import type { RunError } from '../pipeline/index.ts';
import { keepApiUsage } from './api-usage.ts';
import type { JobDeps } from './deps.ts';

/** BullMQ's backoff for our jobs: the error's own wait when it names one, else 2 s doubling to 5 min. */
export function retryDelay(attemptsMade: number, _type?: string, error?: Error): number {
  if (error instanceof RetryableError && error.waitMs !== undefined) return Math.max(1_000, error.waitMs);
  return Math.min(300_000, 2_000 * 2 ** Math.max(0, attemptsMade - 1));
}

// Not failures: a parent waiting for its children, a job moved to later.
const isControlFlow = (e: unknown) => e instanceof WaitingChildrenError || e instanceof DelayedError || e instanceof UnrecoverableError;

export interface GuardedJob {
  job: Job;
  connectionId: string;
  /** The run the job belongs to, if any: marked failed when the job fails for good. */
  runId: string | null;
}

export async function guarded<T>(target: GuardedJob, deps: JobDeps, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (raw) {
    if (isControlFlow(raw)) throw raw;
    const error = raw as Error;
    const { job, connectionId } = target;
    // A request the CRM refused as a whole (RecordError outside a batch) fails the same way again;
    // a one-shot run has no later to retry an unreachable CRM in.
    const hopeless = error instanceof ConnectionError || error instanceof RecordError || (deps.oneShot === true && error instanceof UnreachableError);
    const final = hopeless || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    deps.metrics.inc('jobs', { name: job.name, outcome: final ? 'failed' : 'retried' });
    const code = error instanceof PulseError ? error.code : 'INTERNAL';
    deps.logger[final ? 'error' : 'warn']({ job: job.id, name: job.name, connectionId, code, attempt: job.attemptsMade + 1, err: error.message }, final ? 'job failed' : 'job will be retried');
    if (error instanceof ConnectionError) await stopConnection(deps, connectionId, error);
    if (final && target.runId) await failRun(deps, connectionId, target.runId, { code, message: error.message, accountId: null, ...(error instanceof ConnectionError && error.until !== undefined ? { until: error.until } : {}) });
    if (hopeless) throw new UnrecoverableError(`${code}: ${error.message}`);
    throw error;
  } finally {
    await keepApiUsage(deps, target.connectionId);
  }
}

async function stopConnection(deps: JobDeps, connectionId: string, error: ConnectionError): Promise<void> {
  if (deps.contexts.isEnv(connectionId) || error.code === 'NOT_CONNECTED') return;
  const status =
    error.until !== undefined
      ? { state: 'paused' as const, reason: `${error.code}: ${error.message}`, until: error.until }
      : { state: 'stopped' as const, code: error.code, message: error.message, at: deps.now() };
  await deps.store.connections.update(connectionId, { status }).catch((e: unknown) => deps.logger.warn({ connectionId, err: (e as Error).message }, 'could not record the connection status'));
}

async function failRun(deps: JobDeps, connectionId: string, runId: string, error: RunError): Promise<void> {
  const run = await deps.store.runs.get(connectionId, runId);
  if (!run || run.status !== 'running') return;
  await deps.store.runs.save({
    ...run,
    status: 'failed',
    endedAt: deps.now(),
    counts: { ...run.counts, errors: run.counts.errors + 1 },
    errors: [error, ...run.errors],
  });
}
