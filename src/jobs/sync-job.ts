// The `sync` job: one cycle of one connection, in three passes, each waiting for the children the
// one before queued. First: settle the tasks a crash or an outage left reserved, on a full run
// make sure our CRM fields exist, then read changes and queue a `score` child per batch
// (sync/read-changes.ts). Second, once every batch is scored: rank RFM segments over the
// portfolio and queue a `write` child per scored batch, so each account's values and segment go
// out in one write. Third, once every batch is written: the segments that moved on accounts the
// cycle did not score, the run record with every child's counts, and the full run a settings
// change made during the sync still needs (settings-run.ts). Every pass can be replayed.
import { WaitingChildrenError, type Job } from 'bullmq';
import { z } from 'zod';
import { tallyCalls } from '../connectors/index.ts';
import { type ConnectionContext, fenceOwnWrites, readChanges } from '../sync/index.ts';
import { count, emptyOutcome, merge, OutcomeSchema, rankSegments, valueProblem, type Outcome, updateSegments, wrote } from '../pipeline/index.ts';
import { settleTasks } from '../writeback/index.ts';
import type { JobDeps } from './deps.ts';
import { enqueueBatch, enqueueWrite } from './enqueue.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { ScoreReturnSchema, SyncDataSchema, type SyncData } from './queue.ts';
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
export const SyncProgressSchema = z.object({ phase: z.enum(['reading', 'scoring', 'writing', 'finishing']), accountsRead: z.number() });
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
      data = { ...data, checkpointCleared: true, read };
      await job.updateData(data);
      await job.updateProgress({ phase: 'scoring', accountsRead: read.counts.accountsRead } satisfies SyncProgress);
      if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
    } else {
      read = OutcomeSchema.parse(data.read);
    }
    if (!data.ranked) {
      await writePhase(job, deps, ctx, data, asOf);
      data = { ...data, ranked: true };
      await job.updateData(data);
      await job.updateProgress({ phase: 'writing', accountsRead: read.counts.accountsRead } satisfies SyncProgress);
      if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
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
      // Reservations a dead worker or an unreachable CRM left behind (store/tasks.ts), whichever
      // accounts they are on: found and confirmed, or created, before anything new is made.
      const stale = await store.tasks.pending(ctx.id, deps.now() - deps.lockMs);
      const settled = await settleTasks({ connectionId: ctx.id, connector: ctx.connector, store, metrics: deps.metrics, runId: data.runId, reason: data.reason, at: deps.now(), stale });
      wrote(read, null, settled);
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

/**
 * Once every batch is scored: the portfolio's segments ranked and kept, then a write child per
 * batch that scored accounts. A dry run keeps nothing, so it has nothing to write.
 */
async function writePhase(job: Job, deps: JobDeps, ctx: ConnectionContext, data: SyncData, asOf: number): Promise<void> {
  if (data.dryRun) return;
  await rankSegments(ctx, asOf, deps.store);
  let handedOn = 0;
  for (const value of Object.values(await job.getChildrenValues())) {
    // Write children already queued by a replayed pass are in the list too; they scored nothing.
    const scored = ScoreReturnSchema.safeParse(value);
    if (!scored.success || scored.data.scored.length === 0) continue;
    handedOn += scored.data.scored.length;
    await enqueueWrite(deps.queue, job, { connectionId: ctx.id, runId: data.runId, accountIds: scored.data.scored, asOf, reason: data.reason }, handedOn);
  }
}

async function finish(job: Job, deps: JobDeps, ctx: ConnectionContext, data: SyncData, read: Outcome, asOf: number): Promise<CycleResult> {
  await job.updateProgress({ phase: 'finishing', accountsRead: read.counts.accountsRead } satisfies SyncProgress);
  const total = merge(emptyOutcome(), read);
  for (const value of Object.values(await job.getChildrenValues())) merge(total, OutcomeSchema.parse(value));
  const writeDeps = { store: deps.store, metrics: deps.metrics, now: deps.now };
  const { result: segments, calls } = await tallyCalls(() => updateSegments(ctx, { asOf, runId: data.runId, reason: data.reason, dryRun: data.dryRun }, writeDeps));
  segments.apiCalls = calls;
  merge(total, segments);
  // After every write of the run, the segments' included: its own writes checked and fenced.
  if (!data.dryRun) {
    const fenced = await tallyCalls(() => fenceOwnWrites(ctx, deps.store, data.runId));
    const checked = emptyOutcome();
    count(checked, 'ownWritesChecked', fenced.result.checked);
    count(checked, 'ownWritesChanged', fenced.result.changed);
    checked.apiCalls = fenced.calls;
    merge(total, checked);
  }

  // Every batch has read its history: what the run read once for all of them can go.
  await deps.store.runHistory.clear(ctx.id, data.runId);
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
  // A cycle that went through means whatever paused or stopped the connection is over, except an
  // admin's pause (no end time): a run asked for while paused does not resume the schedule.
  const current = ctx.isEnv || data.dryRun ? null : await deps.store.connections.get(ctx.id);
  const adminPause = current?.status.state === 'paused' && current.status.until === null;
  if (current && current.status.state !== 'active' && !adminPause) await deps.store.connections.update(ctx.id, { status: { state: 'active' } });
  await followPendingSettings(deps, data);
  return { runId: data.runId, connectionId: ctx.id, mode: data.mode, dryRun: data.dryRun, startedAt, endedAt, outcome: total };
}
