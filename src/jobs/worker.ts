// A queue worker: processes every job name (any worker runs any job, so capacity grows by running
// more of them, on any host sharing the Redis), retries by error class (jobs/failures.ts), and
// recovers jobs whose worker died: their lock lapses and another worker takes them up again.
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { RetryableError } from '../model/index.ts';
import type { RedisOutage } from '../observe/index.ts';
import type { JobDeps } from './deps.ts';
import { retryDelay } from './failures.ts';
import { QUEUE_NAME, type JobName } from './queue.ts';
import { processBacktest } from './backtest-job.ts';
import { processScore } from './score-job.ts';
import { processSync } from './sync-job.ts';
import { processTick } from './tick-job.ts';
import { processWebhook } from './webhook-job.ts';
import { processWrite } from './write-job.ts';

export interface WorkerOptions {
  /** A connection for BullMQ (`maxRetriesPerRequest: null`); it opens its blocking client from it. */
  connection: ConnectionOptions;
  prefix: string;
  /** Jobs processed at once (CRM_PULSE_CONCURRENCY). */
  concurrency: number;
  /** Job lock time (CRM_PULSE_LOCK_MS): a job whose worker stops renewing it is recovered after this. */
  lockMs: number;
  /** Where the worker's errors go, so a Redis outage is logged once per process. */
  outage: RedisOutage;
}

function processor(deps: JobDeps) {
  return async (job: Job, token?: string): Promise<unknown> => {
    switch (job.name as JobName) {
      case 'sync':
        return processSync(job, token, deps);
      case 'score':
        return processScore(job, deps);
      case 'write':
        return processWrite(job, deps);
      case 'webhook':
        return processWebhook(job, deps);
      case 'tick':
        return processTick(job, token, deps);
      case 'backtest':
        return processBacktest(job, deps);
      default:
        throw new RetryableError('UNKNOWN_JOB', `unknown job name "${job.name}": run the same crm-pulse version on every process`);
    }
  };
}

export function startWorker(deps: JobDeps, options: WorkerOptions): Worker {
  const worker = new Worker(QUEUE_NAME, processor(deps), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    // A job whose worker died is taken up again; a job that keeps killing its workers is failed.
    maxStalledCount: 3,
    settings: { backoffStrategy: retryDelay },
  });
  worker.on('active', (job) => deps.logger.debug({ job: job.id, name: job.name }, 'job started'));
  worker.on('completed', (job) => {
    deps.metrics.inc('jobs', { name: job.name, outcome: 'completed' });
    deps.logger.debug({ job: job.id, name: job.name }, 'job completed');
  });
  options.outage.bull(worker, 'queue worker');
  worker.on('stalled', (jobId) => deps.logger.warn({ job: jobId }, 'a worker stopped renewing its job; it is taken up again'));
  return worker;
}
