// Reading companies: the full load through search in id order, the switch to
// incremental search, a window that would pass HubSpot's 10,000-result search cap, invalid
// checkpoints, and reads by id.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { AccountPage } from '../../../src/connectors/connector.ts';
import type { Checkpoint } from '../../../src/model/crm.ts';
import { SEARCH_SETTLE_MS } from '../../../src/connectors/hubspot/search.ts';
import { BASE, bodyWhere, EXAMPLE_MAPPING, fromBody, hsObject, MAPPED_PROPERTIES, mockCompanyProperties, NOW, searchAnswer, testConnector, useNock, type SearchRequest } from './helpers.ts';

async function collect(pages: AsyncIterable<AccountPage>): Promise<AccountPage[]> {
  const out: AccountPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const company = (i: number) =>
  hsObject(String(i), {
    name: `Company ${i}`,
    annual_contract_value: String(1000 * i),
    feature_usage_pct: '55',
    contract_end_date: '2027-03-31',
    hs_lastmodifieddate: '2026-11-01T10:00:00.000Z',
  });

describe('full load', () => {
  useNock();

  type IdSearch = { filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[]; sorts: unknown; properties: string[]; limit: number; after?: string };

  /** A portal's companies behind the search route, answered the way HubSpot does: filtered, sorted by hs_object_id, 200 at most. */
  function idSearch(companies: Map<number, ReturnType<typeof company>>, bodies: IdSearch[], afterEach: (page: number) => void = () => {}): void {
    // POST /crm/objects/2026-09/companies/search (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json,
    // PublicObjectSearchRequest)
    nock(BASE)
      .persist()
      .post('/crm/objects/2026-09/companies/search')
      .reply(
        fromBody((b: IdSearch) => {
          bodies.push(b);
          const above = Number(b.filterGroups[0]?.filters[0]?.value ?? 0);
          const matching = [...companies.keys()].filter((id) => id > above).sort((x, y) => x - y);
          const results = matching.slice(0, b.limit).map((id) => companies.get(id)!);
          afterEach(bodies.length);
          return [200, { total: matching.length, results, ...(matching.length > b.limit ? { paging: { next: { after: String(b.limit) } } } : {}) }];
        }),
      );
  }

  const portal = (n: number) => new Map(Array.from({ length: n }, (_, i) => [i + 1, company(i + 1)]));

  it('searches every company in id order, 200 a page, each page after the last id read, then checkpoints for incremental reads', async () => {
    const { connector, recorder } = testConnector();
    mockCompanyProperties();
    const bodies: IdSearch[] = [];
    idSearch(portal(450), bodies);

    const pages = await collect(connector.readAccounts(EXAMPLE_MAPPING, null));

    expect(pages.map((p) => p.accounts.length)).toEqual([200, 200, 50]);
    expect(bodies).toEqual([
      { filterGroups: [], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: MAPPED_PROPERTIES, limit: 200 },
      { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: '200' }] }], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: MAPPED_PROPERTIES, limit: 200 },
      { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: '400' }] }], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: MAPPED_PROPERTIES, limit: 200 },
    ]);
    expect(pages[0]!.checkpoint).toEqual({ v: 1, source: 'hubspot.companies', phase: 'initial', afterId: '200', startedAt: NOW });
    expect(pages[2]!.checkpoint).toEqual({ v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since: NOW - SEARCH_SETTLE_MS, seen: [] }, fences: [] });
    const first = pages[0]!.accounts[0]!;
    expect(first.account).toEqual({ id: '1', name: 'Company 1', arr: 1000, featureUsage: 0.55, contractEnd: Date.UTC(2027, 2, 31) });
    expect(first.problems).toEqual([]);
    expect(recorder.count('POST /crm/objects/2026-09/companies/search', 'ok')).toBe(3);
    expect(recorder.count('GET /crm/objects/2026-09/companies')).toBe(0);
  });

  it('skips no company when one already read is deleted between two pages (an offset would have moved past one)', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    const companies = portal(450);
    idSearch(companies, [], (page) => page === 1 && companies.delete(17));

    const pages = await collect(connector.readAccounts(EXAMPLE_MAPPING, null));
    const ids = pages.flatMap((p) => p.accounts.map((a) => Number(a.account.id)));

    expect(ids).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
  });

  it('resumes a full load after the last id its checkpoint read', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    const bodies: IdSearch[] = [];
    idSearch(portal(201), bodies);
    const checkpoint = { v: 1, source: 'hubspot.companies', phase: 'initial', afterId: '200', startedAt: NOW - 60_000 };
    const pages = await collect(connector.readAccounts(EXAMPLE_MAPPING, checkpoint));
    expect(bodies.map((b) => b.filterGroups)).toEqual([[{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: '200' }] }]]);
    expect(pages.map((p) => p.accounts.map((a) => a.account.id))).toEqual([['201']]);
    expect(pages[0]!.checkpoint).toMatchObject({ phase: 'incremental', cursor: { since: NOW - 60_000 - SEARCH_SETTLE_MS } });
  });

  it('starts over with a full load when the checkpoint is invalid', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    const bodies: IdSearch[] = [];
    idSearch(new Map(), bodies);
    const bad = [
      { v: 99, phase: 'incremental' },
      { v: 1, source: 'salesforce.accounts', phase: 'incremental', cursor: { since: 1, seen: [] } },
      // A full load's checkpoint from before it read by id: its list cursor means nothing to search.
      { v: 1, source: 'hubspot.companies', phase: 'initial', after: '200', startedAt: NOW },
    ] as Checkpoint[];
    for (const checkpoint of bad) {
      const pages = await collect(connector.readAccounts(EXAMPLE_MAPPING, checkpoint));
      expect(pages).toHaveLength(1);
      expect(pages[0]!.checkpoint).toMatchObject({ phase: 'incremental' });
    }
    expect(bodies.map((b) => b.filterGroups)).toEqual([[], [], []]);
    // The mapping was checked once against the portal's properties, not per read.
    nock.cleanAll();
  });
});

describe('incremental read', () => {
  useNock();

  // 10,150 companies changed since the cursor, modified in groups of three that share a timestamp.
  const T0 = Date.UTC(2026, 10, 1);
  const total = 10_150;
  const ts = (i: number) => T0 + Math.floor(i / 3) * 1000;
  const fresh = () => Array.from({ length: total }, (_, i) => hsObject(`c${i}`, { name: `C${i}`, hs_lastmodifieddate: String(ts(i)) }));

  it('pages by the last modification time read, never by a deep offset, so a company modified during the read pushes none out and 10,000 results are no wall', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    const records = fresh();
    const bodies: SearchRequest[] = [];
    // POST /crm/objects/2026-09/companies/search (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json,
    // PublicObjectSearchRequest). HubSpot answers 400 past 10,000 results; this fake does too.
    nock(BASE)
      .post(
        '/crm/objects/2026-09/companies/search',
        bodyWhere((body: Record<string, unknown>) => {
          expect(body).toEqual({
            filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: expect.stringMatching(/^\d+$/) }] }],
            sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
            properties: MAPPED_PROPERTIES,
            limit: 200,
          });
        }),
      )
      .times(52)
      .reply(
        fromBody((b: SearchRequest) => {
          bodies.push(b);
          // Between the first page and the second, a user edits c5 (read on the first page): it
          // moves to the end, and with offset paging c200 would have slid behind the offset.
          if (bodies.length === 2) records[5]!.properties.hs_lastmodifieddate = String(ts(total));
          return searchAnswer(records, 'hs_lastmodifieddate', b);
        }),
      );

    const checkpoint = { v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since: T0, seen: [] } };
    const pages = await collect(connector.readAccounts(EXAMPLE_MAPPING, checkpoint));
    const ids = pages.flatMap((p) => p.accounts.map((a) => a.account.id));

    // Every company once, and c5 again at its new time (which c10149 shares).
    expect(new Set(ids).size).toBe(total);
    expect(ids.filter((id) => id === 'c5')).toHaveLength(2);
    expect(ids).toHaveLength(total + 1);
    expect(bodies.every((b) => b.after === undefined)).toBe(true);
    // Each page starts at the time of the last company read: the second at c199's.
    expect(bodies[1]!.filterGroups[0]!.filters[0]!.value).toBe(String(ts(199)));
    expect(pages.at(-1)!.checkpoint).toEqual({ v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since: ts(total), seen: ['c5', 'c10149'] }, fences: [] });
  });

  it('pages through more companies sharing one time than a page holds by offset, from that time', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    // A bulk import: 450 companies at one time, then 10 later.
    const records = Array.from({ length: 460 }, (_, i) => hsObject(`b${i}`, { hs_lastmodifieddate: String(i < 450 ? T0 : T0 + 1000 + i) }));
    const bodies: SearchRequest[] = [];
    // POST /crm/objects/2026-09/companies/search (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/search')
      .times(3)
      .reply(
        fromBody((b: SearchRequest) => {
          bodies.push(b);
          return searchAnswer(records, 'hs_lastmodifieddate', b);
        }),
      );
    const pages = await collect(connector.readAccounts(EXAMPLE_MAPPING, { v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since: T0, seen: [] } }));
    const ids = pages.flatMap((p) => p.accounts.map((a) => a.account.id));
    expect(new Set(ids).size).toBe(460);
    expect(ids).toHaveLength(460);
    expect(bodies.map((b) => [b.filterGroups[0]!.filters[0]!.value, b.after])).toEqual([
      [String(T0), undefined],
      [String(T0), '200'],
      [String(T0), '400'],
    ]);
  });

  it('keeps the handed-out cursor a settle period behind now, so late-indexed records are read next time', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    const recent = NOW - 10_000;
    // POST /crm/objects/2026-09/companies/search (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/search')
      .reply(200, { total: 1, results: [hsObject('9', { hs_lastmodifieddate: new Date(recent).toISOString() })] });
    const since = NOW - 3_600_000;
    const pages = await collect(connector.readAccounts(EXAMPLE_MAPPING, { v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since, seen: [] } }));
    expect(pages[0]!.checkpoint).toEqual({ v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since: NOW - SEARCH_SETTLE_MS, seen: [] }, fences: [] });
  });
});

describe('readAccountsById', () => {
  useNock();

  it('batch-reads the mapped properties, 100 ids a call, and skips ids HubSpot no longer has', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    const ids = Array.from({ length: 150 }, (_, i) => String(i + 1));
    const props = MAPPED_PROPERTIES.filter((p) => p !== 'hs_lastmodifieddate');
    // POST /crm/objects/2026-09/companies/batch/read (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json,
    // BatchReadInputSimplePublicObjectId)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/batch/read', { properties: props, propertiesWithHistory: [], inputs: ids.slice(0, 100).map((id) => ({ id })) })
      .reply(200, { status: 'COMPLETE', results: ids.slice(0, 100).map((id) => hsObject(id, { name: `C${id}` })), startedAt: 'x', completedAt: 'y' })
      .post('/crm/objects/2026-09/companies/batch/read', { properties: props, propertiesWithHistory: [], inputs: ids.slice(100).map((id) => ({ id })) })
      .reply(207, {
        status: 'COMPLETE',
        results: ids.slice(100, 149).map((id) => hsObject(id, { name: `C${id}` })),
        errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some COMPANY objects', context: { ids: ['150'] } }],
        numErrors: 1,
      });
    const accounts = await connector.readAccountsById(EXAMPLE_MAPPING, ids);
    expect(accounts).toHaveLength(149);
    expect(accounts[0]!.account.name).toBe('C1');
  });
});

describe('sampleAccounts', () => {
  useNock();

  it('reads the mapped properties of a few companies and gives each raw value beside the canonical account', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    const props = MAPPED_PROPERTIES.filter((p) => p !== 'hs_lastmodifieddate');
    // POST /crm/objects/2026-09/companies/batch/read (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/batch/read', { properties: props, propertiesWithHistory: [], inputs: [{ id: '7' }, { id: '8' }] })
      .reply(200, { status: 'COMPLETE', results: [company(7), hsObject('8', { name: 'Eight', feature_usage_pct: 'lots' })], startedAt: 'x', completedAt: 'y' });
    const [seven, eight] = await connector.sampleAccounts(EXAMPLE_MAPPING, ['7', '8']);
    expect(seven!.raw).toMatchObject({ name: 'Company 7', annual_contract_value: '7000', feature_usage_pct: '55' });
    expect(seven!.account).toMatchObject({ id: '7', arr: 7000, featureUsage: 0.55 });
    expect(eight!.raw).toMatchObject({ feature_usage_pct: 'lots', annual_contract_value: null });
    expect(eight!.account.featureUsage).toBeUndefined();
    expect(eight!.problems).toEqual([expect.objectContaining({ field: 'featureUsage', property: 'feature_usage_pct' })]);
  });
});
