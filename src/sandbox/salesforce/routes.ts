// The sandbox org's REST routes crm-pulse uses: sObject describe, query / queryAll / queryMore,
// the Composite resource (at most 25 subrequests, 5 of them queries), sObject Collections (200
// records a call, each record saved or refused alone, writes stamping SystemModstamp), and Bulk
// API 2.0 query jobs read back as CSV pages.
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import type { Route } from '../router.ts';
import { badBody, sfError } from './errors.ts';
import { isAnswer, matching, queryRoute, readSoql, V } from './query.ts';
import { CollectionSchema, CompositeSchema, QueryJobSchema } from './requests.ts';
import { saveRecord } from './save.ts';
import { describeObject } from './describe.ts';
import type { Row } from './soql.ts';
import type { OrgState } from './state.ts';

const COLLECTION_MAX = 200;
const SUBREQUESTS_MAX = 25;
const QUERIES_MAX = 5;

/** `largeOrg`: Task and Event hold millions of rows (query.ts nonSelective). */
export function orgRoutes(state: OrgState, now: () => number, rowLocked: (id: string | null) => boolean, largeOrg = false): Route[] {
  const query = queryRoute(state, largeOrg);
  const jobs = new Map<string, { rows: Row[]; fields: string[]; object: string; operation: string }>();
  let nextJob = 1;

  function composite(_m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const parsed = CompositeSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const subs = parsed.data.compositeRequest;
    if (subs.length > SUBREQUESTS_MAX || subs.filter((s) => /\/query/.test(s.url)).length > QUERIES_MAX) {
      return sfError(400, 'INVALID_BATCH_REQUEST', `A composite request holds at most ${SUBREQUESTS_MAX} subrequests, of which at most ${QUERIES_MAX} queries`);
    }
    const compositeResponse = subs.map((s) => {
      const url = new URL(s.url, 'http://127.0.0.1');
      const a = s.method === 'GET' && /\/query(All)?(\/[\w-]+)?$/.test(url.pathname) ? query(url, s.httpHeaders?.['Sforce-Query-Options']) : sfError(400, 'NOT_SUPPORTED', `the sandbox org answers query subrequests only, not ${s.method} ${url.pathname}`);
      return { body: a.body, httpHeaders: {}, httpStatusCode: a.status, referenceId: s.referenceId };
    });
    return { status: 200, body: { compositeResponse } };
  }

  function collection(_m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const parsed = CollectionSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const { records } = parsed.data;
    if (records.length > COLLECTION_MAX) return sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_MAX} records into this call`);
    const at = now();
    const locked = (r: { id?: string }) => ({ id: r.id ?? null, success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] });
    return { status: 200, body: records.map((r) => (rowLocked(r.id ?? null) ? locked(r) : saveRecord(state, req.method === 'PATCH' ? 'update' : 'create', r, at))) };
  }

  function createJob(_m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const parsed = QueryJobSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const q = readSoql(state, parsed.data.query);
    if (isAnswer(q)) return q;
    const id = `750SB${String(nextJob++).padStart(13, '0')}`;
    const all = parsed.data.operation === 'queryAll';
    jobs.set(id, { rows: matching(state, q, all), fields: q.fields, object: q.object, operation: parsed.data.operation });
    return { status: 200, body: { id, operation: parsed.data.operation, object: q.object, createdDate: new Date(now()).toISOString(), state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: 62.0, lineEnding: 'LF', columnDelimiter: 'COMMA' } };
  }

  function jobInfo(m: RegExpMatchArray): SandboxAnswer {
    const job = jobs.get(m[1]!);
    if (!job) return sfError(404, 'NOT_FOUND', `Job ${m[1]} does not exist`);
    return { status: 200, body: { id: m[1], operation: job.operation, object: job.object, state: 'JobComplete', numberRecordsProcessed: job.rows.length, retries: 0, totalProcessingTime: 1 } };
  }

  function jobResults(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const job = jobs.get(m[1]!);
    if (!job) return sfError(404, 'NOT_FOUND', `Job ${m[1]} does not exist`);
    const from = Number(req.url.searchParams.get('locator') ?? 0);
    const size = Number(req.url.searchParams.get('maxRecords') ?? job.rows.length);
    const slice = job.rows.slice(from, from + size);
    state.returned.set(job.object, (state.returned.get(job.object) ?? 0) + slice.length);
    const cell = (v: unknown) => `"${v === null || v === undefined ? '' : String(v).replace(/"/g, '""')}"`;
    const csv = [job.fields.map(cell).join(','), ...slice.map((r) => job.fields.map((f) => cell(r[f])).join(','))].join('\n');
    return { status: 200, body: `${csv}\n`, headers: { 'content-type': 'text/csv', 'sforce-locator': from + size < job.rows.length ? String(from + size) : 'null', 'sforce-numberofrecords': String(slice.length) } };
  }

  const v = V.replace(/\./g, '\\.');
  return [
    { method: 'GET', path: new RegExp(`^${v}/sobjects/(\\w+)/describe$`), handle: (m) => describeObject(state.schema, m[1]!) },
    { method: 'GET', path: new RegExp(`^${v}/query(All)?(/[\\w-]+)?$`), handle: (_m, req) => query(req.url, req.headers['sforce-query-options']) },
    { method: 'POST', path: new RegExp(`^${v}/composite$`), handle: composite },
    { method: 'PATCH', path: new RegExp(`^${v}/composite/sobjects$`), handle: collection },
    { method: 'POST', path: new RegExp(`^${v}/composite/sobjects$`), handle: collection },
    { method: 'POST', path: new RegExp(`^${v}/jobs/query$`), handle: createJob },
    { method: 'GET', path: new RegExp(`^${v}/jobs/query/(\\w+)$`), handle: jobInfo },
    { method: 'GET', path: new RegExp(`^${v}/jobs/query/(\\w+)/results$`), handle: jobResults },
  ];
}
