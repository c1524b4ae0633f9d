// `crm-pulse run`: one cycle (sync, score, write-back) of each connection through the queue, with
// workers in this process, then exit. Workers elsewhere on the same Redis may take part; a sync
// already under way for a connection is joined rather than started twice. Progress goes to stderr,
// the summary (or with --json, one JSON object) to stdout, with the CRM's API budget where the CRM
// reports one and, for a connection paused on it, until when.
import type { Job } from 'bullmq';
import { type ApiUsage, ConnectionError } from '../model/index.ts';
import { enqueueSync, type QueuedSync, CycleResultSchema, SyncProgressSchema, type CycleResult, startWorker } from '../jobs/index.ts';
import { emptyOutcome, merge, type Outcome, type RunError } from '../pipeline/index.ts';
import type { RunCounts } from '../store/index.ts';
import { isPassingRedisError } from '../observe/index.ts';
import { ProgressLine, type ProgressOutput } from './progress.ts';
import type { Runtime } from './runtime.ts';

export const RUN_EXIT = { ok: 0, failed: 1, config: 2 } as const;

export interface RunOptions {
  connection?: string;
  full: boolean;
  dryRun: boolean;
  asOf?: number;
}

export interface RunIO {
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
}

export interface ConnectionSummary {
  connectionId: string;
  runId: string;
  mode: 'full' | 'incremental';
  /** Joined a sync of this connection that was already under way. */
  joined: boolean;
  /** `paused`: the cycle stopped on a limit that lifts by itself (the CRM's daily API budget). */
  status: 'succeeded' | 'failed' | 'paused';
  error: RunError | null;
  /** When a paused connection looks again (ISO), else null. */
  pausedUntil: string | null;
  counts: RunCounts;
  apiCalls: Record<string, number>;
  /** The CRM's daily API budget as last reported (Salesforce), or null. */
  apiUsage: ApiUsage | null;
}

export interface RunSummary {
  ok: boolean;
  dryRun: boolean;
  asOf: string;
  durationMs: number;
  counts: RunCounts;
  apiCalls: Record<string, number>;
  /** Per-record problems (the first 100 of each connection) and failures. */
  errors: RunError[];
  connections: ConnectionSummary[];
  /** A dry run's writes, not made. */
  planned?: Outcome['planned'];
}

export interface RunResult {
  code: number;
  summary: RunSummary | null;
  /** Why the run could not start (bad configuration), for stderr. */
  message: string | null;
}

const POLL_MS = 200;

export async function runCycle(rt: Runtime, options: RunOptions, io: RunIO): Promise<RunResult> {
  const started = rt.jobs.now();
  const asOf = options.asOf ?? rt.env.CRM_PULSE_AS_OF ?? started;
  const ids = options.connection ? [options.connection] : await rt.contexts.ids();
  if (ids.length === 0) {
    return {
      code: RUN_EXIT.config,
      summary: null,
      message: 'no connection to run: connect a CRM through `crm-pulse serve` (/install/hubspot or /install/salesforce), or set CRM_PULSE_CRM=hubspot and HUBSPOT_ACCESS_TOKEN, or CRM_PULSE_CRM=salesforce, SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN',
    };
  }
  // Configuration problems (unknown connection, bad mapping or policy, missing OAuth settings) stop here.
  for (const id of ids) {
    try {
      await rt.contexts.get(id);
    } catch (error) {
      if (error instanceof ConnectionError) return { code: RUN_EXIT.config, summary: null, message: `connection ${id}: ${error.message}` };
      throw error;
    }
  }

  const worker = startWorker({ ...rt.jobs, oneShot: true }, { connection: rt.bull, prefix: rt.env.CRM_PULSE_REDIS_PREFIX, concurrency: rt.env.CRM_PULSE_CONCURRENCY, lockMs: rt.env.CRM_PULSE_LOCK_MS, outage: rt.outage });
  const progress = new ProgressLine(io.stderr);
  try {
    const queued: QueuedSync[] = [];
    for (const connectionId of ids) {
      queued.push(await enqueueSync(rt.queue, { connectionId, mode: options.full ? 'full' : 'incremental', dryRun: options.dryRun, asOf, reason: 'crm-pulse run' }, started));
    }
    const finished = await waitFor(rt, queued, progress);
    progress.done();
    const usage = new Map(await Promise.all(ids.map(async (id) => [id, await rt.store.apiUsage.get(id)] as const)));
    const summary = summarize(finished, usage, options.dryRun, asOf, rt.jobs.now() - started);
    return { code: summary.ok ? RUN_EXIT.ok : RUN_EXIT.failed, summary, message: null };
  } finally {
    progress.done();
    await worker.close();
  }
}

type Finished = { queued: QueuedSync; connectionId: string } & ({ result: CycleResult; error: null } | { result: null; error: RunError });

async function waitFor(rt: Runtime, queued: readonly QueuedSync[], progress: ProgressLine): Promise<Finished[]> {
  const done = new Map<string, Finished>();
  for (;;) {
    const lines: string[] = [];
    for (const q of queued) {
      if (done.has(q.jobId)) continue;
      const { connectionId } = q;
      // State first: a job read before it completes carries no return value even once it has.
      let state: Awaited<ReturnType<typeof rt.queue.getJobState>>;
      let job: Job | undefined;
      try {
        state = await rt.queue.getJobState(q.jobId);
        job = await rt.queue.getJob(q.jobId);
      } catch (error) {
        // The workers ride out a Redis that cannot answer for a moment; so does the wait for them.
        if (!isPassingRedisError(error)) throw error;
        lines.push(`${connectionId}: waiting for Redis`);
        continue;
      }
      if (job && state === 'completed') {
        done.set(q.jobId, { queued: q, connectionId, result: CycleResultSchema.parse(job.returnvalue), error: null });
      } else if (!job || state === 'failed' || state === 'unknown') {
        done.set(q.jobId, { queued: q, connectionId, result: null, error: await failure(rt, connectionId, q.runId, job) });
      } else {
        lines.push(await describe(connectionId, job));
      }
    }
    if (done.size === queued.length) return queued.map((q) => done.get(q.jobId)!);
    progress.update(`crm-pulse run: ${lines.join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function describe(connectionId: string, job: Job): Promise<string> {
  const p = SyncProgressSchema.safeParse(job.progress);
  const read = p.success ? `${p.data.accountsRead.toLocaleString('en')} accounts read` : 'starting';
  const deps = await job.getDependenciesCount({ processed: true, unprocessed: true });
  const processed = deps.processed ?? 0;
  const total = processed + (deps.unprocessed ?? 0);
  const phase = p.success ? p.data.phase : 'queued';
  return `${connectionId} ${phase}, ${read}${total > 0 ? `, batch jobs ${processed}/${total} done` : ''}`;
}

/** Why a cycle failed: the error its run recorded (the root cause, e.g. a child batch's), else BullMQ's reason. */
async function failure(rt: Runtime, connectionId: string, runId: string, job: Job | undefined): Promise<RunError> {
  const run = await rt.store.runs.get(connectionId, runId).catch(() => null);
  const recorded = run?.status === 'failed' ? run.errors[0] : undefined;
  if (recorded) return recorded;
  return { code: 'RUN_FAILED', message: job?.failedReason || 'the run ended without a result', accountId: null };
}

function summarize(finished: readonly Finished[], usage: ReadonlyMap<string, ApiUsage | null>, dryRun: boolean, asOf: number, durationMs: number): RunSummary {
  const total = emptyOutcome();
  const errors: RunError[] = [];
  const connections: ConnectionSummary[] = finished.map((f) => {
    const outcome = f.result?.outcome ?? emptyOutcome();
    merge(total, outcome);
    if (f.error) errors.push(f.error);
    errors.push(...outcome.errors);
    return {
      connectionId: f.connectionId,
      runId: f.queued.runId,
      mode: f.result?.mode ?? f.queued.mode,
      joined: f.queued.joined,
      status: f.error ? (f.error.until !== undefined ? 'paused' : 'failed') : 'succeeded',
      error: f.error,
      pausedUntil: f.error?.until !== undefined ? new Date(f.error.until).toISOString() : null,
      counts: outcome.counts,
      apiCalls: outcome.apiCalls,
      apiUsage: usage.get(f.connectionId) ?? null,
    };
  });
  return {
    ok: finished.every((f) => f.error === null),
    dryRun,
    asOf: new Date(asOf).toISOString(),
    durationMs,
    counts: total.counts,
    apiCalls: total.apiCalls,
    errors,
    connections,
    ...(dryRun ? { planned: total.planned } : {}),
  };
}
