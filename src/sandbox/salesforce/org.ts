// The sandbox Salesforce org: its records (seed.ts) behind the REST routes the connector uses,
// with Salesforce's rules, an access token, and the org's API allocation (limits.ts). Served over
// HTTP by server.ts; tests may also answer requests through nock with `handle`.
import type { SandboxAnswer, SandboxModel, SandboxRequest } from '../model.ts';
import type { PortfolioOptions } from '../portfolio.ts';
import { dispatch } from '../router.ts';
import { Traffic } from '../traffic.ts';
import { sfError } from './errors.ts';
import { Allocation, DAILY_ALLOCATION } from './limits.ts';
import { orgRoutes } from './routes.ts';
import { orgSchema, READY_DESCRIBES, type Describes, type FieldShape } from './schema.ts';
import { ownerId, seedOrg, sfTime, TABLES } from './seed.ts';
import type { Row } from './soql.ts';
import { createOrgState } from './state.ts';

/** One request the org answered. */
export interface OrgRequest {
  method: string;
  path: string;
  /** The query string, with its `?` (a SOQL query's `q`), or ''. */
  search: string;
  body: unknown;
  /** The status answered, once answered. */
  status?: number;
}

export interface OrgOptions extends Partial<Pick<PortfolioOptions, 'seed' | 'shape' | 'activitiesPerAccount' | 'historyYears' | 'past'>> {
  accounts: number;
  asOf: number;
  /** The org's own Account and Task fields. Default READY_DESCRIBES. */
  describes?: Describes;
  /** The org's clock: what writes stamp on SystemModstamp. Default Date.now. */
  now?: () => number;
  /** The only access token accepted; default: any. */
  accessToken?: string;
  /** Calls a 24 hours. Default 100,000. */
  allocation?: number;
  /** Keep every request in `requests`. Default true; scale runs turn it off. */
  logRequests?: boolean;
  /** Called with each request before it is answered (a test may kill its caller right then). */
  onRequest?: (request: OrgRequest) => void;
  /** Whether this record of a collection write (its id; none for a create) is refused UNABLE_TO_LOCK_ROW. Default: never. */
  rowLocked?: (id: string | null) => boolean;
  /**
   * The connecting user cannot see setup objects (PermissionSet, PermissionSetAssignment, ...), as
   * an integration user with the Minimum Access - API Only Integrations profile and only Crm_Pulse:
   * queries on them answer INVALID_TYPE, their describes NOT_FOUND. Default false.
   */
  hideSetup?: boolean;
  /** Fields an admin made with another type, by `Object.Field` (e.g. `Account.Pulse_Health_Reasons__c`: LONG_TEXT_AREA). */
  fieldTypes?: Readonly<Record<string, FieldShape>>;
  /** Task and Event hold millions of rows: a query on them without an indexed filter times out (QUERY_TIMEOUT). Default false. */
  largeOrg?: boolean;
}

export interface Org extends SandboxModel {
  /** The org's id (18 characters). */
  readonly orgId: string;
  /** Records by sObject (`Account`, `Task`, `Event`, `Case`, `Opportunity`); tests read and edit them. */
  readonly tables: Map<string, Row[]>;
  readonly requests: OrgRequest[];
  /** Records answered, by object. */
  readonly returned: Map<string, number>;
  /** Successful calls by route with the records they carried (query subrequests of a Composite call each count). */
  readonly traffic: Traffic;
  /** Answers one request: [status, body (JSON, or CSV text), headers]. Header names are lower-case. */
  handle(method: string, url: URL, headers: Readonly<Record<string, string | undefined>>, body: unknown): [number, unknown, Record<string, string>];
  /** API calls answered so far. */
  calls(): number;
  /** Calls other integrations made in the last 24 hours: Sforce-Limit-Info reports them too. */
  otherCalls: number;
  /** Changes `n` Accounts (a user edit) and logs a call on `n` others, at `at`. */
  touch(n: number, at: number): void;
  /** Moves every record's SystemModstamp `ms` back: time passing, for the benchmarks. */
  age(ms: number): void;
  /** A user's edit of a record: sets fields and moves SystemModstamp. */
  edit(id: string, fields: Row): void;
  /** A record added in Salesforce's UI; its id. */
  add(object: 'Opportunity' | 'Task' | 'Event' | 'Case', fields: Row): string;
}

const PREFIX = { Opportunity: '006', Task: '00T', Event: '00U', Case: '500' } as const;

export function createOrg(o: OrgOptions): Org {
  const now = o.now ?? Date.now;
  const tables = new Map<string, Row[]>(TABLES.map((t) => [t, []]));
  seedOrg(tables, { accounts: o.accounts, asOf: o.asOf, seed: o.seed ?? 1, shape: o.shape, activitiesPerAccount: o.activitiesPerAccount, historyYears: o.historyYears, past: o.past });
  const state = createOrgState(tables, orgSchema(o.describes ?? READY_DESCRIBES, { hideSetup: o.hideSetup, fieldTypes: o.fieldTypes }));
  const routes = orgRoutes(state, now, o.rowLocked ?? (() => false), o.largeOrg);
  const requests: OrgRequest[] = [];
  const allocation = new Allocation(o.allocation ?? DAILY_ALLOCATION, () => org.otherCalls);
  const withUsage = (a: SandboxAnswer): SandboxAnswer => ({ ...a, headers: { ...allocation.header, ...a.headers } });

  function respond(req: SandboxRequest): SandboxAnswer {
    const token = req.headers.authorization?.replace(/^(Bearer|OAuth) /, '');
    if (o.accessToken !== undefined && token !== o.accessToken) return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const refused = allocation.take();
    if (refused) return refused;
    return withUsage(dispatch(routes, req) ?? sfError(404, 'NOT_FOUND', `The requested resource does not exist: the sandbox org has no ${req.method} ${req.url.pathname} (it serves the routes crm-pulse uses)`));
  }

  const traffic = new Traffic();
  const isMore = (path: string) => /\/query\/[\w-]+$/.test(path);
  const records = (body: unknown) => ((body as { records?: unknown[] } | null)?.records ?? []).length;
  function tally(req: SandboxRequest, a: SandboxAnswer): void {
    const path = req.url.pathname;
    if (path.endsWith('/composite')) {
      const subs = (a.body as { compositeResponse: { body: unknown }[] }).compositeResponse;
      const urls = (req.body as { compositeRequest: { url: string }[] }).compositeRequest;
      subs.forEach((sub, i) => traffic.add('query', records(sub.body), !isMore(urls[i]!.url.split('?')[0]!)));
    } else if (/\/query(All)?(\/[\w-]+)?$/.test(path)) traffic.add('query', records(a.body), !isMore(path));
    else if (path.endsWith('/composite/sobjects')) traffic.add(`${req.method} /composite/sobjects`, records(req.body), true);
    else if (path.endsWith('/results')) traffic.add('bulk results', Number(a.headers?.['sforce-numberofrecords'] ?? 0), !req.url.searchParams.has('locator'));
    else traffic.add(`${req.method} ${path.replace(/\/jobs\/query\/\w+$/, '/jobs/query/{id}')}`, 0, true);
  }

  const org: Org = {
    orgId: '00DSB0000000001AAA',
    tables,
    requests,
    returned: state.returned,
    traffic,
    otherCalls: 0,
    calls: () => allocation.used,
    answer(req) {
      const logged: OrgRequest = { method: req.method, path: req.url.pathname, search: req.url.search, body: req.body };
      if (o.logRequests !== false) requests.push(logged);
      o.onRequest?.(logged);
      const a = respond(req);
      logged.status = a.status;
      if (a.status < 300) tally(req, a);
      return a;
    },
    // Many long requests at once (ConcurrentPerOrgLongTxn): the one REQUEST_LIMIT_EXCEEDED that passes in seconds.
    throttled: () => withUsage(sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.')),
    unavailable(_req, status) {
      if (status === 502) return { status, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } };
      return withUsage(status === 503 ? sfError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please try again later.') : sfError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)'));
    },
    handle(method, url, headers, body) {
      const a = org.answer({ method, url, headers, body });
      return [a.status, a.body, { 'content-type': typeof a.body === 'string' ? 'text/csv' : 'application/json', ...a.headers }];
    },
    touch(n, at) {
      const rows = tables.get('Account')!;
      for (let i = 0; i < n; i++) Object.assign(rows[(i * 97) % rows.length]!, { NPS__c: 50, SystemModstamp: sfTime(at) });
      for (let i = 0; i < n; i++) {
        const accountId = rows[(i * 89 + 13) % rows.length]!.Id ?? null;
        state.insert('Task', { Id: state.newId('00T'), AccountId: accountId, WhatId: accountId, OwnerId: ownerId(0), TaskSubtype: 'Call', Type: 'Call', CallDurationInSeconds: 900, ActivityDate: sfTime(at).slice(0, 10), CompletedDateTime: sfTime(at), CreatedDate: sfTime(at), Status: 'Completed', IsClosed: true, IsDeleted: false, SystemModstamp: sfTime(at) });
      }
    },
    age(ms) {
      for (const rows of tables.values()) {
        for (const r of rows) if (typeof r.SystemModstamp === 'string') r.SystemModstamp = sfTime(Date.parse(r.SystemModstamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) - ms);
      }
    },
    edit(id, fields) {
      const row = state.byId(id);
      if (!row) throw new Error(`the sandbox org has no record ${id}`);
      Object.assign(row, fields, { SystemModstamp: sfTime(now()) });
    },
    add(object, fields) {
      const at = sfTime(now());
      const id = state.newId(PREFIX[object]);
      state.insert(object, { ...fields, Id: id, IsDeleted: false, CreatedDate: at, SystemModstamp: at });
      return id;
    },
  };
  return org;
}

