// Adding work to the queue. A connection's sync is deduplicated on the connection id: while one
// runs (reading, or waiting for its batches), adding another joins it instead, so two `run`s, a
// schedule and an admin's request never process a connection twice at once. A sync that must not
// be joined (a settings change, jobs/settings-run.ts) asks to follow the one being processed.
//
// Fairness between connections. Every job shares one queue, so a plain FIFO would make a sync
// that starts later wait behind every batch of the syncs queued before it. BullMQ (outside Pro)
// has no per-group round robin, but it has priorities: jobs without one (ticks, syncs, webhooks)
// are taken before any prioritized job, and prioritized jobs are taken lowest first, FIFO among
// equals. A batch's priority is how many accounts its run has handed on up to and including it,
// so batches interleave by work done: every connection's first 1,000 accounts come before any
// connection's second 1,000, and a small connection's one batch is taken before the queued batches
// of bigger ones. The order lives in each job in Redis, so it holds across processes and crashes;
// a sync whose read restarts after a crash counts again from its checkpoint and is favoured by
// at most what it had read. Sync jobs stay unprioritized so that a read phase (or a sync's final
// pass) never waits behind other connections' batches. Chosen over per-connection queues with a
// dispatcher (a moving part of our own to keep alive) and over capping the batches a sync may
// have queued (its read would have to stop and resume mid-stream).
import { createHash } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { newRunId, RETRY, type ScoreData, type SyncData, type SyncMode, type WebhookData, type WriteData } from './queue.ts';

export interface SyncRequest {
  connectionId: string;
  mode: SyncMode;
  dryRun?: boolean;
  asOf?: number | null;
  reason: string;
  /**
   * While a sync of the connection is being processed, queue this one to start when it ends
   * (BullMQ's keepLastIfActive; a later such request replaces it) instead of joining it. Default false.
   */
  followRunning?: boolean;
}

export interface QueuedSync {
  connectionId: string;
  jobId: string;
  runId: string;
  mode: SyncMode;
  /** True when a sync of the connection was already under way and this request joined it. */
  joined: boolean;
}

export function syncJobId(connectionId: string, runId: string): string {
  return `sync.${connectionId}.${runId}`;
}

export async function enqueueSync(queue: Queue, request: SyncRequest, now = Date.now()): Promise<QueuedSync> {
  const data: SyncData = {
    connectionId: request.connectionId,
    runId: newRunId(now),
    mode: request.mode,
    dryRun: request.dryRun ?? false,
    asOf: request.asOf ?? null,
    reason: request.reason,
  };
  const jobId = syncJobId(data.connectionId, data.runId);
  const job = await queue.add('sync', data, { ...RETRY, jobId, deduplication: { id: `sync.${data.connectionId}`, ...(request.followRunning ? { keepLastIfActive: true } : {}) } });
  if (job.id === jobId) return { connectionId: data.connectionId, jobId, runId: data.runId, mode: data.mode, joined: false };
  // Deduplicated: BullMQ hands back the id of the sync under way.
  const running = job.id ? await queue.getJob(job.id) : undefined;
  const runData = running?.data as Partial<SyncData> | undefined;
  return { connectionId: data.connectionId, jobId: job.id ?? jobId, runId: runData?.runId ?? data.runId, mode: runData?.mode ?? data.mode, joined: true };
}

/** BullMQ's highest priority number; a run past this many accounts queues the rest of it FIFO. */
const LOWEST_PRIORITY = 2_097_151;

/**
 * The priority of a batch whose run has handed on `accountsThrough` accounts, the batch included
 * (see the top of this file).
 */
export function batchPriority(accountsThrough: number): number {
  return Math.min(LOWEST_PRIORITY, Math.max(1, accountsThrough));
}

/**
 * A batch of a sync, as a child of its sync job so the sync goes on after its batches;
 * `accountsThrough`: the accounts its run has handed on so far, this batch included.
 */
export async function enqueueBatch(queue: Queue, parent: Job, data: ScoreData, accountsThrough: number): Promise<void> {
  await addChild(queue, parent, 'score', data, accountsThrough);
}

/** A scored batch's write pass, as a child of its sync job; ordered among connections as batches are. */
export async function enqueueWrite(queue: Queue, parent: Job, data: WriteData, accountsThrough: number): Promise<void> {
  await addChild(queue, parent, 'write', data, accountsThrough);
}

async function addChild(queue: Queue, parent: Job, name: 'score' | 'write', data: ScoreData | WriteData, accountsThrough: number): Promise<void> {
  // The same batch queued again after a crash gets the same id, and BullMQ adds it only once.
  const digest = createHash('sha1').update(data.accountIds.join(',')).digest('hex').slice(0, 16);
  await queue.add(name, data, {
    ...RETRY,
    jobId: `${name}.${data.runId}.${digest}`,
    priority: batchPriority(accountsThrough),
    parent: { id: parent.id!, queue: parent.queueQualifiedName },
    failParentOnFailure: true,
  });
}

/**
 * The connection's webhook job, `delayMs` from now: events that arrive meanwhile are taken by the
 * same job. At most one is queued and one under way per connection (BullMQ's deduplication with
 * keepLastIfActive): a request while one waits joins it, one while a job runs queues the next.
 */
export async function enqueueWebhook(queue: Queue, data: WebhookData, delayMs: number): Promise<void> {
  await queue.add('webhook', data, { ...RETRY, delay: delayMs, deduplication: { id: `webhook.${data.connectionId}`, keepLastIfActive: true } });
}
