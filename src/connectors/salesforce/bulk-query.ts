// Large reads through Bulk API 2.0: create a query job, wait for Salesforce to finish it (polling
// with a growing interval, up to a poll timeout far above jsforce's 30 s default), then read its
// results as CSV in sets of `maxRecords`, each set naming the next with the Sforce-Locator header.
// A job's results stay readable while the job exists (7 days), so a read resumes at its locator.
//
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
import { z } from 'zod';
import { RecordError, RetryableError } from '../../model/index.ts';
import type { SalesforceApi } from './api.ts';
import { parseCsv } from './csv.ts';
import { QueryJobSchema } from './schemas/bulk.ts';

export interface BulkOptions {
  /** Give up waiting for a job after this long; the next run resumes the same job. Default 10 minutes. */
  pollTimeoutMs?: number;
  /** First wait between status checks, doubling up to 30 s. Default 2 s. */
  pollIntervalMs?: number;
  /**
   * Records per results set. Default 5,000: a set is parsed, mapped and cached whole while the
   * run's score jobs hold their own batches, and in the 100,000-Account benchmark sets of 50,000
   * took a run past 400 MB and sets of 10,000 to 310 MB; 5,000 keep it near 270 MB for one more
   * call per 5,000 Accounts.
   */
  pageSize?: number;
}

/** The job is gone or ended without results: the read starts over from its cursor. */
export class BulkJobLost extends RetryableError {
  constructor(message: string) {
    super('SALESFORCE_BULK_JOB_LOST', message);
  }
}

export async function createQueryJob(api: SalesforceApi, soql: string): Promise<string> {
  // POST /services/data/vXX.X/jobs/query. Bulk API 2.0 takes no ORDER BY (it disables PK chunking).
  const job = await api.call(
    { method: 'POST', path: '/jobs/query', route: 'POST /jobs/query', json: { operation: 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' } },
    QueryJobSchema,
  );
  return job.id;
}

/** Resolves when the job is JobComplete; throws BulkJobLost when it failed, was aborted or is gone. */
export async function waitForJob(api: SalesforceApi, jobId: string, o: BulkOptions = {}): Promise<void> {
  const { pollTimeoutMs = 600_000, pollIntervalMs = 2_000 } = o;
  const started = api.now();
  for (let interval = pollIntervalMs; ; interval = Math.min(30_000, interval * 2)) {
    // GET /services/data/vXX.X/jobs/query/{jobId}
    const job = await jobInfo(api, jobId);
    if (job.state === 'JobComplete') return;
    if (job.state === 'Failed' || job.state === 'Aborted') throw new BulkJobLost(`Bulk API 2.0 job ${jobId} ${job.state.toLowerCase()}${job.errorMessage ? `: ${job.errorMessage}` : ''}`);
    if (api.now() - started + interval > pollTimeoutMs) {
      throw new RetryableError('SALESFORCE_BULK_SLOW', `Salesforce has not finished Bulk API 2.0 job ${jobId} after ${Math.round(pollTimeoutMs / 1000)} s (state ${job.state}); the next attempt resumes the same job`, 60_000);
    }
    await api.sleep(interval);
  }
}

async function jobInfo(api: SalesforceApi, jobId: string): Promise<z.output<typeof QueryJobSchema>> {
  try {
    return await api.call({ method: 'GET', path: `/jobs/query/${jobId}`, route: 'GET /jobs/query/{id}' }, QueryJobSchema);
  } catch (error) {
    // A job deleted (older than 7 days, or by an admin) answers 404 NOT_FOUND: a RecordError here.
    if (error instanceof RecordError) throw new BulkJobLost(`Bulk API 2.0 job ${jobId} is gone (${error.message})`);
    throw error;
  }
}

export interface ResultSet {
  records: Record<string, string>[];
  /** Locator of the next set; null after the last. */
  next: string | null;
}

export async function readResults(api: SalesforceApi, jobId: string, locator: string | null, o: BulkOptions = {}): Promise<ResultSet> {
  const query: Record<string, string> = { maxRecords: String(o.pageSize ?? 5_000) };
  if (locator) query.locator = locator;
  // GET /services/data/vXX.X/jobs/query/{jobId}/results?locator=&maxRecords= (text/csv)
  const answer = await api.exchange({ method: 'GET', path: `/jobs/query/${jobId}/results`, route: 'GET /jobs/query/{id}/results', query }, z.string().nullable());
  const next = answer.headers['sforce-locator'];
  return { records: parseCsv(answer.body ?? ''), next: next && next !== 'null' ? next : null };
}
