// Shared set-up of the Salesforce connector tests: nock with no real network (loopback allowed for
// the local servers some tests start), a connector on a fixed access token with a counting
// recorder, a fixed clock and a sleep that records waits instead of waiting, 18-character ids,
// the example mapping and Account / Task describes of a ready org.
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import { CountingRecorder } from '../../../src/connectors/api-calls.ts';
import { FixedAccessToken } from '../../../src/connectors/salesforce/auth.ts';
import { SalesforceConnector, type SalesforceConnectorOptions } from '../../../src/connectors/salesforce/connector.ts';
import { ACCOUNT_FIELDS, ACTIVITY_FIELDS } from '../../../src/connectors/salesforce/pulse-fields.ts';
import { parseMapping } from '../../../src/connectors/mapping/schema.ts';

export const INSTANCE = 'https://acme.my.salesforce.test';
/** REST API root of the pinned version. */
export const V = '/services/data/v62.0';
export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
/** The end of the read window: NOW less the settle period, as a SOQL literal. */
export const UPPER = '2026-11-20T11:58:00Z';

/** An 18-character id with a key prefix: `sfId('001', 7)` -> 001000000000000007. */
export const sfId = (prefix: string, n: number) => `${prefix}${String(n).padStart(15, '0')}`;

/** nock against INSTANCE; every test starts and ends with no pending or unused mocks. */
export function useNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length) throw new Error(`mocked Salesforce routes never called:\n  ${pending.join('\n  ')}`);
  });
}

export interface TestConnector {
  connector: SalesforceConnector;
  recorder: CountingRecorder;
  /** Every wait the client asked for, in ms. */
  waits: number[];
}

export function testConnector(overrides: Partial<SalesforceConnectorOptions> = {}): TestConnector {
  const recorder = new CountingRecorder();
  const waits: number[] = [];
  const connector = new SalesforceConnector({
    instanceUrl: INSTANCE,
    auth: new FixedAccessToken('00Dtest!token'),
    recorder,
    now: () => NOW,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
  return { connector, recorder, waits };
}

export const EXAMPLE_MAPPING = parseMapping(JSON.parse(readFileSync(new URL('../../../examples/mapping.salesforce.json', import.meta.url), 'utf8')), 'examples/mapping.salesforce.json');

const field = (name: string, type: string, extra: Record<string, unknown> = {}) => ({ name, label: name.replace(/__c$/, '').replace(/_/g, ' '), type, updateable: true, createable: true, ...extra });
const picklist = (values: readonly string[], defaultValue?: string) => values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));

/** The Account fields the example mapping reads, and the standard ones. */
export const MAPPED_ACCOUNT_FIELDS = [
  field('Id', 'id', { updateable: false, createable: false }),
  field('Name', 'string'),
  field('Industry', 'picklist', { picklistValues: picklist(['Technology', 'Retail']) }),
  field('AnnualRevenue', 'currency'),
  field('NumberOfEmployees', 'int'),
  field('OwnerId', 'reference'),
  field('SystemModstamp', 'datetime', { updateable: false, createable: false }),
  field('ARR__c', 'currency'),
  field('Contract_End_Date__c', 'date'),
  field('Feature_Usage__c', 'percent'),
  field('Last_Login__c', 'datetime'),
  field('NPS__c', 'double'),
  field('CSM__c', 'reference'),
  field('In_Trial__c', 'boolean'),
];

/** GET /sobjects/Account/describe of an org with crm-pulse deployed (fields may be left out). */
export function accountDescribe(without: readonly string[] = []) {
  const pulse = Object.values(ACCOUNT_FIELDS).map((f) => field(f.name, f.describeType, f.values ? { picklistValues: picklist(f.values), restrictedPicklist: f.restricted ?? false } : {}));
  return { name: 'Account', fields: [...MAPPED_ACCOUNT_FIELDS, ...pulse].filter((f) => !without.includes(f.name)) };
}

/** GET /sobjects/Task/describe: the org's own Status / Priority picklists and our Activity fields. */
export function taskDescribe(without: readonly string[] = []) {
  const pulse = ACTIVITY_FIELDS.map((f) => field(f.name, f.describeType, f.values ? { picklistValues: picklist(f.values) } : {}));
  return {
    name: 'Task',
    fields: [
      field('Status', 'picklist', { picklistValues: picklist(['Open', 'In Progress', 'Completed'], 'Open') }),
      field('Priority', 'picklist', { picklistValues: picklist(['High', 'Medium', 'Low'], 'Medium') }),
      ...pulse,
    ].filter((f) => !without.includes(f.name)),
  };
}

/** The SELECT list of an Account read with the example mapping. */
export const ACCOUNT_SELECT = 'Id, SystemModstamp, Name, Industry, AnnualRevenue, NumberOfEmployees, OwnerId, ARR__c, Contract_End_Date__c, Feature_Usage__c, Last_Login__c, NPS__c, CSM__c, In_Trial__c';

export type CompositeBody = { allOrNone: boolean; compositeRequest: { method: string; url: string; referenceId: string; httpHeaders: Record<string, string> }[] };

/** The SOQL of a composite query subrequest's URL. */
export function soqlOf(url: string): string {
  return new URL(url, INSTANCE).searchParams.get('q') ?? '';
}

/** A query answer with records of the given object. */
export function queryPage(type: string, records: Record<string, unknown>[], next?: string) {
  return {
    totalSize: records.length,
    done: !next,
    ...(next ? { nextRecordsUrl: next } : {}),
    records: records.map((r) => ({ attributes: { type, url: `${V}/sobjects/${type}/${String(r.Id)}` }, ...r })),
  };
}

/**
 * A nock reply computed from the request's JSON body. nock 15 calls reply functions with the
 * fetch Request alone (a two-argument function is taken for the callback style).
 */
export function fromBody<B>(answer: (body: B) => [number, unknown] | [number, unknown, Record<string, string>]): (req: Request) => Promise<[number, unknown] | [number, unknown, Record<string, string>]> {
  return async (req: Request) => answer((await req.json()) as B);
}
