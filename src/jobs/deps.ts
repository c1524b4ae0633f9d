// What every job processor works with, built once per process (cli/runtime.ts).
import type { Queue } from 'bullmq';
import type { Logger, Metrics } from '../observe/index.ts';
import type { Store } from '../store/index.ts';
import type { Contexts } from './contexts.ts';

export interface JobDeps {
  queue: Queue;
  contexts: Contexts;
  store: Store;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
  /** CRM_PULSE_AS_OF: a fixed "now" for scheduled and webhook work; null: the clock. */
  asOf: number | null;
  /** The job lock time (CRM_PULSE_LOCK_MS): a task reservation older than this belongs to a dead worker. */
  lockMs: number;
  /**
   * The workers of a one-shot `crm-pulse run`: a CRM that never answered fails the job at once
   * instead of being retried by a process about to exit. Default false (a long-running worker).
   */
  oneShot?: boolean;
}
