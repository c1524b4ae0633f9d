// The `sync` job: one cycle of one connection. First pass: settle stale task reservations, on a
// full run make sure our CRM fields exist, then read changes and queue a `score` child per batch
// (sync/read-changes.ts), and wait for the children. Second pass, once they are all done: the
// segments step, then the run record with every child's counts, and the full run a settings
// change made during the sync still needs (settings-run.ts). Both passes can be replayed.
import { WaitingChildrenError, type Job } from 'bullmq';
import { z } from 'zod';
import { tallyCalls } from '../connectors/index.ts';
import { type ConnectionContext, readChanges } from '../sync/index.ts';
import { count, emptyOutcome, merge, OutcomeSchema, valueProblem, type Outcome, updateSegments } from '../pipeline/index.ts';
import { reconcileTasks } from '../writeback/index.ts';
import type { JobDeps } from './deps.ts';
import { enqueueBatch } from './enqueue.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { SyncDataSchema, type SyncData } from './queue.ts';
import { followPendingSettings } from './settings-run.ts';

export const CycleResultSchema = z.object({
  runId: z.string(),
  connectionId: z.string(),
  mode: z.enum(['full', 'incremental']),
  dryRun: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number(),
  outcome: OutcomeSchema,
});
export type CycleResult = z.output<typeof CycleResultSchema>;

/** Progress a sync job reports (shown by `crm-pulse run`). */
export const SyncProgressSchema = z.object({ phase: z.enum(['reading', 'scoring', 'finishing']), accountsRead: z.number() });
export type SyncProgress = z.output<typeof SyncProgressSchema>;

export async function processSync(job: Job, token: string | undefined, deps: JobDeps): Promise<CycleResult> {
  let data = parseJobData(SyncDataSchema, job);
  return guarded({ job, connectionId: data.connectionId, runId: data.runId }, deps, async () => {
    const asOf = data.asOf ?? deps.asOf ?? job.timestamp;
    if (data.settingsSeen === undefined) {
      // Before the settings load: a change marked after this is one this run may have missed.
      data = { ...data, settingsSeen: (await deps.store.pendingRuns.get(data.connectionId))?.token ?? null };
      await job.updateData(data);
    }
    const ctx = await deps.contexts.get(data.connectionId);
    let read: Outcome;
    if (data.read === undefined) {
      // Without an account checkpoint the read is a full load: the connection's first run (which
      // must also create our CRM fields), or the first after a reset.
      if (data.mode === 'incremental' && !data.dryRun && (await deps.store.checkpoints.get(ctx.id, 'accounts')) === null) {
        data = { ...data, mode: 'full', checkpointCleared: true };
        await job.updateData(data);
      }
      read = await readPhase(job, deps, ctx, data, asOf);
      await job.updateData({ ...data, checkpointCleared: true, read } satisfies SyncData);
      await job.updateProgress({ phase: 'scoring', accountsRead: read.counts.accountsRead } satisfies SyncProgress);
      if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
    } else {
      read = OutcomeSchema.parse(data.read);
    }
    return finish(job, deps, ctx, data, read, asOf);
  });
}

async function readPhase(job: Job, deps: JobDeps, ctx: ConnectionContext, data: SyncData, asOf: number): Promise<Outcome> {
  const { store } = deps;
  const known = await store.runs.get(ctx.id, data.runId);
  await store.runs.save({
    id: data.runId,
    connectionId: ctx.id,
    mode: data.mode,
    dryRun: data.dryRun,
    status: 'running',
    startedAt: known?.startedAt ?? deps.now(),
    endedAt: null,
    counts: {},
    apiCalls: {},
    errors: [],
  });
  if (data.mode === 'full' && !data.dryRun && !data.checkpointCleared) {
    await store.checkpoints.clear(ctx.id, 'accounts');
    await job.updateData({ ...data, checkpointCleared: true } satisfies SyncData);
  }
  const read = emptyOutcome();
  // Accounts handed on in this pass: each batch's place among other connections' (enqueue.ts).
  let handedOn = 0;
  const { result, calls } = await tallyCalls(async () => {
    if (!data.dryRun) {
      // Reservations a dead worker left behind (store/tasks.ts): settled before anything new is made.
      const stale = await store.tasks.pending(ctx.id, deps.now() - deps.lockMs);
      await reconcileTasks(ctx.connector, store.tasks, ctx.id, stale);
    }
    if (!data.dryRun && data.mode === 'full') {
      const changes = await ctx.connector.ensureSchema(ctx.policy);
      if (changes.length > 0) deps.logger.info({ connectionId: ctx.id, changes }, 'created crm-pulse fields in the CRM');
    }
    return readChanges(
      ctx,
      {
        mode: data.mode,
        dryRun: data.dryRun,
        enqueue: (accountIds) => {
          handedOn += accountIds.length;
          return enqueueBatch(deps.queue, job, { connectionId: ctx.id, runId: data.runId, accountIds, refresh: false, asOf, reason: data.reason, dryRun: data.dryRun, wholePortal: data.mode === 'full' }, handedOn);
        },
        progress: (accountsRead) => job.updateProgress({ phase: 'reading', accountsRead } satisfies SyncProgress),
        problem: (p) => valueProblem(read, p),
      },
      store,
    );
  });
  count(read, 'accountsRead', result.accountsRead);
  count(read, 'accountsSkipped', result.accountsSkipped);
  read.apiCalls = calls;
  return read;
}

async function finish(job: Job, deps: JobDeps, ctx: ConnectionContext, data: SyncData, read: Outcome, asOf: number): Promise<CycleResult> {
  await job.updateProgress({ phase: 'finishing', accountsRead: read.counts.accountsRead } satisfies SyncProgress);
  const total = merge(emptyOutcome(), read);
  for (const value of Object.values(await job.getChildrenValues())) merge(total, OutcomeSchema.parse(value));
  const scoreDeps = { store: deps.store, metrics: deps.metrics, staleTaskMs: deps.lockMs, now: deps.now };
  const { result: segments, calls } = await tallyCalls(() => updateSegments(ctx, { asOf, runId: data.runId, reason: data.reason, dryRun: data.dryRun }, scoreDeps));
  segments.apiCalls = calls;
  merge(total, segments);

  const startedAt = (await deps.store.runs.get(ctx.id, data.runId))?.startedAt ?? job.timestamp;
  const endedAt = deps.now();
  await deps.store.runs.save({
    id: data.runId,
    connectionId: ctx.id,
    mode: data.mode,
    dryRun: data.dryRun,
    status: 'succeeded',
    startedAt,
    endedAt,
    counts: total.counts,
    apiCalls: total.apiCalls,
    errors: total.errors,
  });
  // A cycle that went through means whatever paused or stopped the connection is over.
  const current = ctx.isEnv || data.dryRun ? null : await deps.store.connections.get(ctx.id);
  if (current && current.status.state !== 'active') await deps.store.connections.update(ctx.id, { status: { state: 'active' } });
  await followPendingSettings(deps, data);
  return { runId: data.runId, connectionId: ctx.id, mode: data.mode, dryRun: data.dryRun, startedAt, endedAt, outcome: total };
}
