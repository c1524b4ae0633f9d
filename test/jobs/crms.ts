// The two CRMs the pipeline tests run against, behind one small interface so a test is written
// once and run for both (describe.each): the fake HubSpot portal (bench/hubspot-fake.ts) or the
// fake Salesforce org (bench/salesforce-fake.ts), each answered through nock, with the environment
// that makes it the environment's connection, and what a test reads back from the CRM: our values
// on each account, our tasks, and the calls that wrote them.
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { createPortal, type Portal } from '../../bench/hubspot-fake.ts';
import { createOrg, type Describes, type Org } from '../../bench/salesforce-fake.ts';
import type { RuntimeOptions } from '../../src/cli/runtime.ts';
import type { CrmKind } from '../../src/model/crm.ts';
import { AS_OF_MS, BASE } from './harness.ts';

export const SF_INSTANCE = 'https://pulse-test.my.salesforce.test';
export const SF_TOKEN = '00Dtest000000001!access-token';
const SF_MAPPING_FILE = fileURLToPath(new URL('../../examples/mapping.salesforce.json', import.meta.url));
const SF_COLLECTIONS = '/services/data/v62.0/composite/sobjects';

/** Our values on one account as the CRM holds them. */
export interface CrmValues {
  tier: string | null;
  healthReasons: string | null;
  /** Epoch ms. */
  scoredAt: number | null;
}

/** One fake CRM account with its data, as a test sees it. */
export interface CrmFake {
  accountIds(): string[];
  values(accountId: string): CrmValues;
  /** Dedupe keys of the crm-pulse tasks in the CRM, one per task. */
  taskKeys(): string[];
  /** Calls that wrote account values. */
  valueWriteCalls(): number;
  /** Calls that created tasks. */
  taskCreateCalls(): number;
  /** Calls that changed anything in the CRM (reads sent as POST are not changes). */
  mutations(): number;
  /** Per account, how many value writes named it; `withTier` counts only writes carrying the tier (a batch's first write, not the segment step's). */
  accountSends(withTier: boolean): Map<string, number>;
  /** Calls that read a page of changed accounts. */
  accountPageReads(): number;
  /** Whether crm-pulse's fields were set up: created in HubSpot, checked in the Salesforce org. */
  schemaSetUp(): boolean;
  /** Calls other integrations made in the budget window: Salesforce reports them with every answer, HubSpot reports no budget. */
  setOtherCalls(n: number): void;
}

export interface Crm {
  kind: CrmKind;
  connectionId: `env-${CrmKind}`;
  /** Environment overrides over the harness's (HubSpot) defaults. */
  env: Record<string, string>;
  /** Account pages a read of `n` accounts takes. */
  pages(n: number): number;
  /** The fake with `accounts` accounts behind nock. */
  start(accounts: number, describes?: Describes): CrmFake;
  /** Runtime options the fake needs (the Salesforce org shares its clock with the connector). */
  runtimeOptions(): RuntimeOptions;
  /** Moves the clock a run sees by `ms` (Salesforce reads stop two minutes short of now). */
  advance(ms: number): void;
}

/** A nock reply: the request as fetch gives it, answered by a fake. */
type Answer = (req: Request) => Promise<readonly [number, unknown, Record<string, string>?]>;

function intercept(origin: string, answer: Answer): void {
  for (const method of ['GET', 'POST', 'PATCH']) nock(origin).persist().intercept(/.*/, method).reply(answer);
}

async function jsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  return text ? JSON.parse(text) : null;
}

function hubspot(): Crm {
  const UPDATE = '/crm/objects/2026-09/companies/batch/update';
  return {
    kind: 'hubspot',
    connectionId: 'env-hubspot',
    env: {},
    // The full load's search pages of 200 (companies in id order).
    pages: (n) => Math.ceil(n / 200),
    runtimeOptions: () => ({}),
    advance: () => {},
    start(accounts) {
      const portal: Portal = createPortal(accounts, AS_OF_MS);
      intercept(BASE, async (req) => portal.handle(req.method, new URL(req.url), await jsonBody(req)));
      const requests = (method: string, path: string) => portal.requests.filter((r) => r.method === method && r.path === path);
      const companies = () => portal.objects.get('companies')!;
      return {
        accountIds: () => [...companies().keys()],
        values(id) {
          const p = companies().get(id)!.properties;
          return { tier: p.crm_pulse_tier ?? null, healthReasons: p.crm_pulse_health_reasons ?? null, scoredAt: p.crm_pulse_scored_at ? Number(p.crm_pulse_scored_at) : null };
        },
        taskKeys: () => [...portal.objects.get('tasks')!.values()].map((t) => t.properties.crm_pulse_task_key!),
        valueWriteCalls: () => requests('POST', UPDATE).length,
        taskCreateCalls: () => requests('POST', '/crm/objects/2026-09/tasks/batch/create').length,
        mutations: () => portal.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/batch/read') && !r.path.endsWith('/search')).length,
        accountSends(withTier) {
          const sends = new Map<string, number>();
          for (const r of requests('POST', UPDATE)) {
            for (const i of (r.body as { inputs: { id: string; properties: Record<string, string> }[] }).inputs) {
              if (!withTier || 'crm_pulse_tier' in i.properties) sends.set(i.id, (sends.get(i.id) ?? 0) + 1);
            }
          }
          return sends;
        },
        accountPageReads: () => requests('POST', '/crm/objects/2026-09/companies/search').filter((r) => JSON.stringify((r.body as { sorts?: unknown }).sorts ?? []).includes('hs_object_id')).length,
        schemaSetUp: () => requests('POST', '/crm/properties/2026-09/companies/batch/create').length > 0,
        setOtherCalls: () => {},
      };
    },
  };
}

function salesforce(): Crm {
  let shift = 0;
  const clock = () => Date.now() + shift;
  return {
    kind: 'salesforce',
    connectionId: 'env-salesforce',
    env: { CRM_PULSE_CRM: 'salesforce', HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_INSTANCE_URL: SF_INSTANCE, SALESFORCE_ACCESS_TOKEN: SF_TOKEN, CRM_PULSE_MAPPING: SF_MAPPING_FILE },
    // Query pages of 2,000 (Sforce-Query-Options batchSize).
    pages: (n) => Math.max(1, Math.ceil(n / 2_000)),
    runtimeOptions: () => ({ now: clock }),
    advance(ms) {
      shift += ms;
    },
    start(accounts, describes) {
      shift = 0;
      const org: Org = createOrg({ accounts, asOf: AS_OF_MS, now: clock, describes });
      intercept(SF_INSTANCE, async (req) => org.handle(req.method, new URL(req.url), Object.fromEntries(req.headers), await jsonBody(req)));
      const rows = (object: string) => org.tables.get(object)!;
      const collections = (method: string) => org.requests.filter((r) => r.method === method && r.path === SF_COLLECTIONS);
      type Collection = { records: ({ id: string } & Record<string, unknown>)[] };
      return {
        accountIds: () => rows('Account').map((r) => String(r.Id)),
        values(id) {
          const r = rows('Account').find((a) => a.Id === id)!;
          const scoredAt = r.Pulse_Scored_At__c;
          return {
            tier: (r.Pulse_Tier__c as string | undefined) ?? null,
            healthReasons: (r.Pulse_Health_Reasons__c as string | undefined) ?? null,
            scoredAt: typeof scoredAt === 'string' ? Date.parse(scoredAt) : null,
          };
        },
        taskKeys: () => rows('Task').flatMap((t) => (typeof t.Pulse_Task_Key__c === 'string' ? [t.Pulse_Task_Key__c] : [])),
        valueWriteCalls: () => collections('PATCH').length,
        taskCreateCalls: () => collections('POST').length,
        // sObject Collections are the fake org's only writes (Composite carries queries, a Bulk 2.0 job reads).
        mutations: () => collections('PATCH').length + collections('POST').length,
        accountSends(withTier) {
          const sends = new Map<string, number>();
          for (const r of collections('PATCH')) {
            for (const record of (r.body as Collection).records) {
              if (!withTier || 'Pulse_Tier__c' in record) sends.set(record.id, (sends.get(record.id) ?? 0) + 1);
            }
          }
          return sends;
        },
        accountPageReads: () =>
          org.requests.filter((r) => {
            if (r.method !== 'GET') return false;
            if (/\/query\/[\w-]+$/.test(r.path)) return true;
            const soql = new URLSearchParams(r.search).get('q') ?? '';
            return r.path.endsWith('/query') && /FROM Account WHERE (?!IsDeleted)/.test(soql);
          }).length,
        schemaSetUp: () => org.requests.some((r) => r.path.endsWith('/sobjects/Account/describe')) && org.requests.some((r) => r.path.endsWith('/sobjects/Task/describe')),
        setOtherCalls(n) {
          org.otherCalls = n;
        },
      };
    },
  };
}

/** Both CRMs, for describe.each; each call gives fresh ones (the Salesforce clock is per test file). */
export function crms(): Crm[] {
  return [hubspot(), salesforce()];
}
