// A small fake Salesforce org for the benchmark and the pipeline tests: the REST routes a sync,
// write-back and task creation use, answering in Salesforce's shapes, evaluating the SOQL it is
// sent (salesforce-soql.ts), and refusing requests over Salesforce's caps (2,000 records a query
// page, 200 records a collection, 5 queries and 25 subrequests a composite call, 100,000
// characters a SOQL statement), so the count is honest. Every answer carries Sforce-Limit-Info
// with the calls made so far (plus other integrations' calls a test sets) against a 100,000-call
// allocation. Writes move SystemModstamp, as in Salesforce. `createOrg` is the model, which tests
// answer through nock; `startFakeOrg` serves it on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCOUNT_FIELDS, ACTIVITY_FIELDS } from '../src/connectors/salesforce/pulse-fields.ts';
import { parseSoql, sortRows, type Row } from './salesforce-soql.ts';

const DAY = 86_400_000;
const V = '/services/data/v62.0';
export const DAILY_ALLOCATION = 100_000;

/** One request the org answered. */
export interface OrgRequest {
  method: string;
  path: string;
  /** The query string, with its `?` (a SOQL query's `q`), or ''. */
  search: string;
  body: unknown;
}

/** The fake org's model, served over HTTP by `startFakeOrg` or answered through nock by tests. */
export interface Org {
  /** Answers one request: [status, body (JSON, or CSV text), headers]. Header names are lower-case. */
  handle(method: string, url: URL, headers: Readonly<Record<string, string | undefined>>, body: unknown): [number, unknown, Record<string, string>];
  /** Records by sObject (`Account`, `Task`, `Event`, `Case`, `Opportunity`); tests read and edit them. */
  tables: Map<string, Row[]>;
  /** Every request answered, in order. */
  requests: OrgRequest[];
  /** API calls answered so far. */
  calls(): number;
  /** Calls other integrations made in the last 24 hours: Sforce-Limit-Info reports them too. */
  otherCalls: number;
  /** Changes `n` Accounts (a user edit) and logs a call on `n` others, at `at`. */
  touch(n: number, at: number): void;
}

export interface FakeOrg {
  url: string;
  org: Org;
  /** API calls answered so far (what Sforce-Limit-Info reports). */
  calls(): number;
  /** Changes `n` Accounts (a user edit) and logs a call on `n` others, at `at`. */
  touch(n: number, at: number): void;
  close(): Promise<void>;
}

const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(15, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** `accounts` Accounts with 4 calls, 2 emails, 2 meetings and 2 cases each, and one Opportunity. */
function generate(accounts: number, asOf: number): Map<string, Row[]> {
  const tables = new Map<string, Row[]>(['Account', 'Task', 'Event', 'Case', 'Opportunity', 'PermissionSet'].map((t) => [t, []]));
  tables.get('PermissionSet')!.push({ Id: id('0PS', 1), Name: 'Crm_Pulse' });
  let n = 0;
  const stamp = iso(asOf - 2 * DAY);
  for (let i = 0; i < accounts; i++) {
    const accountId = id('001', i);
    tables.get('Account')!.push({
      Id: accountId,
      Name: `Account ${i}`,
      OwnerId: id('005', 1 + (i % 25)),
      Industry: 'Technology',
      AnnualRevenue: 1_000_000 + i,
      NumberOfEmployees: 10 + (i % 500),
      ARR__c: (i % 30) * 50_000,
      Contract_End_Date__c: iso(asOf + ((i % 400) - 30) * DAY).slice(0, 10),
      Feature_Usage__c: i % 101,
      Last_Login__c: iso(asOf - (i % 60) * DAY),
      NPS__c: (i % 201) - 100,
      CSM__c: i % 3 === 0 ? null : id('005', 30 + (i % 7)),
      In_Trial__c: false,
      IsDeleted: false,
      SystemModstamp: stamp,
    });
    const at = (k: number) => asOf - ((i + k * 13) % 85) * DAY - 3_600_000;
    const base = (k: number) => ({ AccountId: accountId, OwnerId: id('005', 1 + (i % 25)), IsDeleted: false, SystemModstamp: iso(at(k)), CreatedDate: iso(at(k)) });
    for (let k = 0; k < 6; k++) {
      const call = k < 4;
      tables.get('Task')!.push({ Id: id('00T', n++), ...base(k), TaskSubtype: call ? 'Call' : 'Email', Type: null, CallDurationInSeconds: call ? 600 * (k + 1) : null, ActivityDate: iso(at(k)).slice(0, 10), CompletedDateTime: iso(at(k)), IsClosed: true });
    }
    for (let k = 0; k < 2; k++) {
      tables.get('Event')!.push({ Id: id('00U', n++), ...base(k), StartDateTime: iso(at(k)), EndDateTime: iso(at(k) + 45 * 60_000), DurationInMinutes: 45, IsAllDayEvent: false });
      tables.get('Case')!.push({ Id: id('500', n++), ...base(k), IsClosed: (i + k) % 3 !== 0, Priority: k === 0 ? 'High' : 'Low' });
    }
    // Every tenth Account won an Opportunity ten days ago: it gets a handoff checklist.
    const won = i % 10 === 0;
    tables.get('Opportunity')!.push({ Id: id('006', i), AccountId: accountId, Name: `Deal ${i}`, OwnerId: id('005', 5), Amount: 10_000 + i, CloseDate: iso(asOf - (won ? 10 : 400) * DAY).slice(0, 10), IsWon: won, IsClosed: true, IsDeleted: false, SystemModstamp: iso(asOf - (won ? 10 : 400) * DAY) });
  }
  return tables;
}

const describeField = (name: string, type: string, picklist?: string[], defaultValue?: string) => ({
  name,
  label: name,
  type,
  updateable: !['Id', 'SystemModstamp'].includes(name),
  createable: !['Id', 'SystemModstamp'].includes(name),
  ...(picklist ? { picklistValues: picklist.map((value) => ({ value, active: true, defaultValue: value === defaultValue })) } : {}),
});

/** Fields of the Account and Task describes: [name, describe type]. */
export interface Describes {
  account: [string, string][];
  task: [string, string][];
}

/** A ready org: the fields examples/mapping.salesforce.json reads, the standard ones, crm-pulse's own. */
export const READY_DESCRIBES: Describes = {
  account: [
    ['Id', 'id'],
    ['Name', 'string'],
    ['Industry', 'picklist'],
    ['AnnualRevenue', 'currency'],
    ['NumberOfEmployees', 'int'],
    ['OwnerId', 'reference'],
    ['SystemModstamp', 'datetime'],
    ['ARR__c', 'currency'],
    ['Contract_End_Date__c', 'date'],
    ['Feature_Usage__c', 'percent'],
    ['Last_Login__c', 'datetime'],
    ['NPS__c', 'double'],
    ['CSM__c', 'reference'],
    ['In_Trial__c', 'boolean'],
    ...Object.values(ACCOUNT_FIELDS).map((f): [string, string] => [f.name, f.describeType]),
  ],
  task: [['Status', 'picklist'], ['Priority', 'picklist'], ...ACTIVITY_FIELDS.map((f): [string, string] => [f.name, f.describeType])],
};

export interface FakeOrgOptions {
  accounts: number;
  asOf: number;
  /** Default READY_DESCRIBES. */
  describes?: Describes;
  /** The org's clock: what writes stamp on SystemModstamp. */
  now: () => number;
}

export function createOrg(o: FakeOrgOptions): Org {
  const describes = o.describes ?? READY_DESCRIBES;
  const requests: OrgRequest[] = [];
  const tables = generate(o.accounts, o.asOf);
  const cursors = new Map<string, { rows: Row[]; object: string; fields: string[] }>();
  const jobs = new Map<string, Row[]>();
  let calls = 0;
  let nextId = 1;
  let nextCursor = 1;

  const page = (rows: Row[], object: string, fields: string[], size: number, offset: number, cursor: string) => {
    const records = rows.slice(offset, offset + size).map((r) => ({ attributes: { type: object }, ...Object.fromEntries(fields.map((f) => [f, r[f] ?? null])) }));
    const done = offset + size >= rows.length;
    return { totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `${V}/query/${cursor}-${offset + size}` }), records };
  };

  /** GET /query, /queryAll or a nextRecordsUrl, as a route or a composite subrequest. */
  function query(url: URL, batchHeader: string | undefined): [number, unknown] {
    const size = Number(/batchSize=(\d+)/.exec(batchHeader ?? '')?.[1] ?? 2_000);
    if (size < 200 || size > 2_000) return [400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'batchSize must be 200..2,000' }]];
    const more = /\/query\/(\w+)-(\d+)$/.exec(url.pathname);
    if (more) {
      const open = cursors.get(more[1]!);
      if (!open) return [400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]];
      return [200, page(open.rows, open.object, open.fields, size, Number(more[2]), more[1]!)];
    }
    const soql = url.searchParams.get('q') ?? '';
    if (soql.length > 100_000) return [400, [{ errorCode: 'MALFORMED_QUERY', message: 'SOQL statements cannot exceed 100,000 characters' }]];
    const q = parseSoql(soql);
    const all = url.pathname.endsWith('/queryAll');
    const rows = sortRows(
      (tables.get(q.object) ?? []).filter((r) => (all || !r.IsDeleted) && q.where(r)),
      q.orderBy,
    );
    const cursor = `01g${nextCursor++}`;
    cursors.set(cursor, { rows, object: q.object, fields: q.fields });
    return [200, page(rows, q.object, q.fields, size, 0, cursor)];
  }

  function route(method: string, url: URL, headers: Readonly<Record<string, string | undefined>>, body: any): [number, unknown, Record<string, string>?] {
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = path.match(/^\/services\/data\/v62\.0\/sobjects\/(Account|Task)\/describe$/))) {
      const fields = (m[1] === 'Account' ? describes.account : describes.task).map(([name, type]) =>
        name === 'Status' ? describeField(name, type, ['Open', 'Completed'], 'Open') : name === 'Priority' ? describeField(name, type, ['High', 'Normal'], 'Normal') : describeField(name, type),
      );
      return [200, { name: m[1], fields }];
    }
    if (method === 'GET' && /^\/services\/data\/v62\.0\/query(All)?(\/\w+-\d+)?$/.test(path)) return query(url, headers['sforce-query-options']);
    if (method === 'POST' && path === `${V}/composite`) {
      const subs: { url: string; referenceId: string; httpHeaders?: Record<string, string> }[] = body.compositeRequest;
      if (subs.length > 25 || subs.filter((s) => /\/query/.test(s.url)).length > 5) return [400, [{ errorCode: 'INVALID_BATCH_REQUEST', message: 'at most 25 subrequests, 5 of them queries' }]];
      const compositeResponse = subs.map((s) => {
        const [status, answer] = query(new URL(s.url, 'http://fake'), s.httpHeaders?.['Sforce-Query-Options']);
        return { body: answer, httpHeaders: {}, httpStatusCode: status, referenceId: s.referenceId };
      });
      return [200, { compositeResponse }];
    }
    if ((method === 'PATCH' || method === 'POST') && path === `${V}/composite/sobjects`) {
      const records: ({ attributes: { type: string }; id?: string } & Row)[] = body.records;
      if (records.length > 200) return [400, [{ errorCode: 'EXCEEDED_ID_LIMIT', message: 'record limit reached. cannot submit more than 200 records into this call' }]];
      const now = iso(o.now());
      return [
        200,
        records.map(({ attributes, id: recordId, ...fields }) => {
          const table = tables.get(attributes.type)!;
          if (method === 'PATCH') {
            const row = table.find((r) => r.Id === recordId);
            if (!row) return { id: recordId, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
            Object.assign(row, fields, { SystemModstamp: now });
            return { id: recordId, success: true, errors: [] };
          }
          const created = { ...fields, Id: id('00T', 900_000_000 + nextId++), IsClosed: false, IsDeleted: false, CreatedDate: now, SystemModstamp: now };
          table.push(created);
          return { id: created.Id, success: true, errors: [] };
        }),
      ];
    }
    if (method === 'POST' && path === `${V}/jobs/query`) {
      const q = parseSoql(body.query);
      const jobId = `750${nextCursor++}`;
      jobs.set(jobId, (tables.get(q.object) ?? []).filter((r) => !r.IsDeleted && q.where(r)).map((r) => ({ ...Object.fromEntries(q.fields.map((f) => [f, r[f] ?? null])) })));
      return [200, { id: jobId, state: 'UploadComplete' }];
    }
    if (method === 'GET' && (m = path.match(/^\/services\/data\/v62\.0\/jobs\/query\/(\w+)$/))) return [200, { id: m[1], state: 'JobComplete' }];
    if (method === 'GET' && (m = path.match(/^\/services\/data\/v62\.0\/jobs\/query\/(\w+)\/results$/))) {
      const rows = jobs.get(m[1]!)!;
      const from = Number(url.searchParams.get('locator') ?? 0);
      const size = Number(url.searchParams.get('maxRecords'));
      const slice = rows.slice(from, from + size);
      const cell = (v: unknown) => `"${v === null || v === undefined ? '' : String(v).replace(/"/g, '""')}"`;
      const fields = Object.keys(rows[0] ?? {});
      const csv = [fields.map(cell).join(','), ...slice.map((r) => fields.map((f) => cell(r[f])).join(','))].join('\n');
      return [200, `${csv}\n`, { 'content-type': 'text/csv', 'sforce-locator': from + size < rows.length ? String(from + size) : 'null' }];
    }
    return [404, [{ errorCode: 'NOT_FOUND', message: `the fake org has no ${method} ${path}` }]];
  }

  const org: Org = {
    tables,
    requests,
    calls: () => calls,
    otherCalls: 0,
    handle(method, url, headers, body) {
      calls += 1;
      requests.push({ method, path: url.pathname, search: url.search, body });
      const [status, answer, extra] = route(method, url, headers, body);
      return [status, answer, { 'content-type': 'application/json', 'sforce-limit-info': `api-usage=${calls + org.otherCalls}/${DAILY_ALLOCATION}`, ...extra }];
    },
    touch(n, at) {
      const rows = tables.get('Account')!;
      for (let i = 0; i < n; i++) Object.assign(rows[(i * 97) % rows.length]!, { NPS__c: 50, SystemModstamp: iso(at) });
      for (let i = 0; i < n; i++) {
        const accountId = rows[(i * 89 + 13) % rows.length]!.Id ?? null;
        tables.get('Task')!.push({ Id: id('00T', 800_000_000 + i), AccountId: accountId, OwnerId: id('005', 1), TaskSubtype: 'Call', Type: null, CallDurationInSeconds: 900, ActivityDate: iso(at).slice(0, 10), CompletedDateTime: iso(at), CreatedDate: iso(at), IsClosed: true, IsDeleted: false, SystemModstamp: iso(at) });
      }
    },
  };
  return org;
}

export async function startFakeOrg(o: FakeOrgOptions): Promise<FakeOrg> {
  const org = createOrg(o);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
      const [status, answer, sent] = org.handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://fake'), headers, text ? JSON.parse(text) : null);
      res.writeHead(status, sent).end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    org,
    calls: () => org.calls(),
    touch: (n, at) => org.touch(n, at),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
