// Shared set-up of the HubSpot connector tests: nock with no real network (loopback allowed for
// Redis), a connector with an in-memory limiter, a counting recorder, a fixed clock and a sleep
// that records waits instead of waiting, plus the example mapping and a company property list.
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import { CountingRecorder } from '../../../src/connectors/api-calls.ts';
import { HubSpotConnector, type HubSpotConnectorOptions } from '../../../src/connectors/hubspot/connector.ts';
import { ServiceKeyToken } from '../../../src/connectors/hubspot/auth.ts';
import { MemoryWindowStore } from '../../../src/connectors/rate-limit/memory.ts';
import { parseMapping } from '../../../src/connectors/mapping/schema.ts';

export const BASE = 'https://api.hubapi.test';
export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

/** nock against BASE; every test starts and ends with no pending or unused mocks. */
export function useNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length) throw new Error(`mocked HubSpot routes never called:\n  ${pending.join('\n  ')}`);
  });
}

export interface TestConnector {
  connector: HubSpotConnector;
  recorder: CountingRecorder;
  /** Every wait the client and its limiter asked for, in ms. */
  waits: number[];
}

export function testConnector(overrides: Partial<HubSpotConnectorOptions> = {}): TestConnector {
  const recorder = new CountingRecorder();
  const waits: number[] = [];
  // The limiter's clock moves only when the client sleeps, so waits cost no real time; the
  // connector's own clock (cursors, expiry) stays at NOW.
  let virtual = NOW;
  const connector = new HubSpotConnector({
    baseUrl: BASE,
    portalId: '12345',
    auth: new ServiceKeyToken('pat-test-token'),
    windows: new MemoryWindowStore(() => virtual),
    recorder,
    now: () => NOW,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
      virtual += ms;
    },
    ...overrides,
  });
  return { connector, recorder, waits };
}

export const EXAMPLE_MAPPING = parseMapping(JSON.parse(readFileSync(new URL('../../../examples/mapping.hubspot.json', import.meta.url), 'utf8')), 'examples/mapping.hubspot.json');

/** The properties the example mapping reads, as GET /crm/properties/2026-09/companies lists them. */
export const COMPANY_PROPERTIES = [
  { name: 'name', label: 'Company name', type: 'string', fieldType: 'text', groupName: 'companyinformation', options: [], description: '' },
  { name: 'industry', label: 'Industry', type: 'enumeration', fieldType: 'select', groupName: 'companyinformation', options: [{ label: 'Software', value: 'COMPUTER_SOFTWARE', hidden: false }], description: '' },
  { name: 'annualrevenue', label: 'Annual Revenue', type: 'number', fieldType: 'number', groupName: 'companyinformation', options: [], description: '' },
  { name: 'numberofemployees', label: 'Number of Employees', type: 'number', fieldType: 'number', groupName: 'companyinformation', options: [], description: '' },
  { name: 'hubspot_owner_id', label: 'Company owner', type: 'enumeration', fieldType: 'select', groupName: 'companyinformation', referencedObjectType: 'OWNER', options: [], description: '' },
  { name: 'hs_lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', groupName: 'companyinformation', options: [], description: '' },
  { name: 'annual_contract_value', label: 'Annual contract value', type: 'number', fieldType: 'number', groupName: 'companyinformation', options: [], description: '' },
  { name: 'contract_end_date', label: 'Contract end date', type: 'date', fieldType: 'date', groupName: 'companyinformation', options: [], description: '' },
  { name: 'feature_usage_pct', label: 'Feature usage %', type: 'number', fieldType: 'number', groupName: 'companyinformation', options: [], description: '' },
  { name: 'last_login_date', label: 'Last login', type: 'datetime', fieldType: 'date', groupName: 'companyinformation', options: [], description: '' },
  { name: 'account_nps', label: 'Account NPS', type: 'number', fieldType: 'number', groupName: 'companyinformation', options: [], description: '' },
  { name: 'csm_owner_id', label: 'CSM owner', type: 'enumeration', fieldType: 'select', groupName: 'companyinformation', referencedObjectType: 'OWNER', options: [], description: '' },
];

/** The properties a read with the example mapping requests, in order. */
export const MAPPED_PROPERTIES = [
  'name',
  'industry',
  'annualrevenue',
  'numberofemployees',
  'hubspot_owner_id',
  'annual_contract_value',
  'contract_end_date',
  'feature_usage_pct',
  'last_login_date',
  'account_nps',
  'csm_owner_id',
  'hs_lastmodifieddate',
];

/** GET /crm/properties/2026-09/companies (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json). */
export function mockCompanyProperties(results: unknown[] = COMPANY_PROPERTIES): void {
  nock(BASE).get('/crm/properties/2026-09/companies').reply(200, { results });
}

/**
 * A nock reply computed from the request's JSON body. nock 15 calls reply functions with the
 * fetch Request alone (a two-argument function is taken for the callback style).
 */
export function fromBody<B>(answer: (body: B) => [number, unknown]): (req: Request) => Promise<[number, unknown]> {
  return async (req: Request) => answer((await req.json()) as B);
}

/**
 * A nock body matcher written as assertions. nock runs a matcher against requests to other paths
 * of the host too, so it must not throw: a failed check is a non-match, and the test then fails
 * on the unmatched request.
 */
export function bodyWhere<B>(check: (body: B) => void): (body: B) => boolean {
  return (body) => {
    try {
      check(body);
      return true;
    } catch {
      return false;
    }
  };
}

/** A SimplePublicObject as HubSpot returns it. */
export function hsObject(id: string, properties: Record<string, string | null>, extra: Record<string, unknown> = {}): { id: string; properties: Record<string, string | null>; [more: string]: unknown } {
  return { id, properties: { hs_object_id: id, ...properties }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', archived: false, ...extra };
}

export interface SearchRequest {
  filterGroups: { filters: { propertyName: string; operator: string; value?: string }[] }[];
  limit: number;
  after?: string;
}

/**
 * HubSpot's answer to a search of `records` sorted ascending by `sortBy`: the GTE filters on it
 * applied (the keyset a read pages by), `after` as an offset into the matches, 400 past the
 * 10,000-result cap as HubSpot answers.
 */
export function searchAnswer(records: readonly ReturnType<typeof hsObject>[], sortBy: string, b: SearchRequest): [number, unknown] {
  const from = b.filterGroups[0]?.filters.find((f) => f.propertyName === sortBy && f.operator === 'GTE')?.value;
  const matching = records.filter((r) => from === undefined || Number(r.properties[sortBy]) >= Number(from)).sort((x, y) => Number(x.properties[sortBy]) - Number(y.properties[sortBy]));
  const offset = Number(b.after ?? 0);
  if (offset + b.limit > 10_000) return [400, { status: 'error', message: 'paging past 10,000 results', category: 'VALIDATION_ERROR' }];
  const more = offset + b.limit < matching.length;
  return [200, { total: matching.length, results: matching.slice(offset, offset + b.limit), ...(more ? { paging: { next: { after: String(offset + b.limit) } } } : {}) }];
}
