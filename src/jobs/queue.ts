// The one BullMQ queue crm-pulse runs on, its job names and the zod schemas of their data. Jobs
// travel through Redis between processes (and versions), so each processor parses its data.
//
//   tick     a schedule fired: queue the connection's sync unless one is running, or (nightly)
//            its backtest unless today's report under its policy is cached
//   sync     one cycle of a connection: read changed accounts and activity changes page by page,
//            queue a `score` child per batch; once they are done, rank RFM segments and queue a
//            `write` child per scored batch; once those are done, the segments that moved
//            elsewhere and the run record. At most one per connection: deduplicated on the
//            connection id.
//   score    score one batch of accounts and keep the results (pipeline/score-accounts.ts)
//   write    write one scored batch back: values with segment, and tasks (pipeline/write-accounts.ts)
//   webhook  re-score the accounts the webhook events saved for a connection name, up to 100
//            companies a job; one queued or under way per connection, plus at most one waiting
//   backtest replay a connection's past and cache the report (docs/backtest.md); one per
//            connection, policy and day
import { randomBytes } from 'node:crypto';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { OutcomeSchema } from '../pipeline/index.ts';
import { ConnectionIdSchema } from '../store/index.ts';

/** Its keys are `<CRM_PULSE_REDIS_PREFIX>:pulse:...` (see store/keys.ts for the names to avoid). */
export const QUEUE_NAME = 'pulse';

export const SyncModeSchema = z.enum(['full', 'incremental']);
export type SyncMode = z.output<typeof SyncModeSchema>;

/** `backtest`: the nightly backtest's schedule (jobs/schedules.ts); the others, a sync's. */
export const TickDataSchema = z.object({ connectionId: ConnectionIdSchema, mode: z.union([SyncModeSchema, z.literal('backtest')]) });
export type TickData = z.output<typeof TickDataSchema>;

export const SyncDataSchema = z.object({
  connectionId: ConnectionIdSchema,
  runId: z.string().min(1),
  mode: SyncModeSchema,
  dryRun: z.boolean(),
  /** Fixed "now" (--as-of); null: the time the job was queued. */
  asOf: z.number().nullable(),
  /** Why the run happens, for the audit log. */
  reason: z.string(),
  /** Set once the read phase has queued every batch: the next pass ranks segments. */
  read: z.unknown().optional(),
  /** Set once the segments are ranked and every scored batch's write is queued: the next pass finishes the cycle. */
  ranked: z.boolean().optional(),
  /** A full run clears the account checkpoint once, on its first attempt. */
  checkpointCleared: z.boolean().optional(),
  /** The pending-full-run mark (store/pending-runs.ts) seen before the settings were first loaded; null: none. */
  settingsSeen: z.string().nullable().optional(),
});
export type SyncData = z.output<typeof SyncDataSchema>;

export const ScoreDataSchema = z.object({
  connectionId: ConnectionIdSchema,
  runId: z.string().min(1),
  accountIds: z.array(z.string().min(1)).min(1),
  refresh: z.boolean(),
  asOf: z.number(),
  reason: z.string(),
  dryRun: z.boolean(),
  /** The batch is one of a full cycle's (every account, one as-of date); absent in jobs queued before it existed. */
  wholePortal: z.boolean().default(false),
});
export type ScoreData = z.output<typeof ScoreDataSchema>;

/** A score job's outcome and the accounts it scored and kept, which the write pass writes. */
export const ScoreReturnSchema = OutcomeSchema.extend({ scored: z.array(z.string()) });
export type ScoreReturn = z.output<typeof ScoreReturnSchema>;

export const WriteDataSchema = z.object({
  connectionId: ConnectionIdSchema,
  runId: z.string().min(1),
  accountIds: z.array(z.string().min(1)).min(1),
  asOf: z.number(),
  reason: z.string(),
});
export type WriteData = z.output<typeof WriteDataSchema>;

/** The changes themselves wait in the store (store/webhook-events.ts): the job names the connection whose changes it takes. */
export const WebhookDataSchema = z.object({ connectionId: ConnectionIdSchema });
export type WebhookData = z.output<typeof WebhookDataSchema>;

/** `day`: the UTC day the report is asked for (the cache's key with the policy); the as-of is the worker's. */
export const BacktestDataSchema = z.object({ connectionId: ConnectionIdSchema, day: z.string(), reason: z.string() });
export type BacktestData = z.output<typeof BacktestDataSchema>;

export type JobName = 'tick' | 'sync' | 'score' | 'write' | 'webhook' | 'backtest';

/** Attempts of a job that fails with a retryable error (rate limit, 5xx, network). */
export const ATTEMPTS = 6;

/** Retries wait what the error asks for (RetryableError.waitMs) or back off (jobs/failures.ts). */
export const RETRY: JobsOptions = { attempts: ATTEMPTS, backoff: { type: 'pulse', delay: 2_000 } };

export function createQueue(connection: ConnectionOptions, prefix: string): Queue {
  return new Queue(QUEUE_NAME, {
    connection,
    prefix,
    defaultJobOptions: {
      // Kept a while for the admin API and `run` to read results, then dropped.
      removeOnComplete: { age: 7 * 86_400, count: 2_000 },
      removeOnFail: { age: 30 * 86_400, count: 2_000 },
    },
  });
}

/** A run id that sorts by time and reads well in URLs and the audit log, e.g. 20261123T150405-3fa9c1. */
export function newRunId(now: number): string {
  return `${new Date(now).toISOString().replace(/[-:]|\.\d+Z$/g, '')}-${randomBytes(3).toString('hex')}`;
}
