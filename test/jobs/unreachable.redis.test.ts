// An unreachable CRM at the job level: a long-running worker hands it back to BullMQ to retry with
// a growing backoff, as any network fault; the workers of a one-shot `crm-pulse run` fail the job
// for good at once, since the process is about to exit and nobody would retry it.
import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../../src/model/errors.ts';
import { guarded, retryDelay } from '../../src/jobs/failures.ts';
import { useHarness } from './harness.ts';

const h = useHarness();

/** The fields of a BullMQ job that guarded() reads: a first attempt of six. */
const job = { id: 'sync.env-hubspot.1', name: 'sync', attemptsMade: 0, opts: { attempts: 6 } } as unknown as Job;
const unreachable = () => new UnreachableError('HUBSPOT_UNREACHABLE', 'HubSpot at 127.0.0.1:9 (HUBSPOT_BASE_URL) cannot be reached: fetch failed (ECONNREFUSED)');

describe('an unreachable CRM', () => {
  it('is retried with backoff by a worker', async () => {
    const rt = await h.runtime();
    const error = await guarded({ job, connectionId: 'env-hubspot', runId: null }, rt.jobs, async () => {
      throw unreachable();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect([1, 2, 3].map((attempt) => retryDelay(attempt, 'pulse', error as Error))).toEqual([2_000, 4_000, 8_000]);
  });

  it('fails the job at once in a one-shot run', async () => {
    const rt = await h.runtime();
    const error = await guarded({ job, connectionId: 'env-hubspot', runId: null }, { ...rt.jobs, oneShot: true }, async () => {
      throw unreachable();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toMatch(/^HUBSPOT_UNREACHABLE: HubSpot at 127\.0\.0\.1:9 \(HUBSPOT_BASE_URL\)/);
  });
});
