// readHistory, per company: company -> object associations read 1,000 companies a call
// (following a record's own paging), objects batch-read 100 a call and once each, mapped to
// canonical activities and deals: durations in minutes, the 90-day window, tickets open now or
// recent with their state from the ticket pipelines, closed-won from the deal pipelines' stage
// metadata; no emails or notes. By search: each type's window searched once for a whole run,
// resolved to companies by association reads of its records (or, when it holds more records than
// the portal has companies, kept by record id and resolved by each batch from its companies'
// associations), kept in the run's shared history on the real Redis and served from there to the
// run's batches in every process.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/model/dates.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { useRedis } from '../../store/helpers.ts';
import { BASE, bodyWhere, fromBody, hsObject, NOW, testConnector, useNock } from './helpers.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const daysAgo = (d: number) => NOW - d * DAY_MS;

// Which objects each company is associated with; c2's second call only comes on a next page.
const LINKS: Record<string, Record<string, string[]>> = {
  meetings: { c1: ['m1', 'm2'], c2: ['m1'] },
  calls: { c1: ['k1'], c2: ['k2'] },
  tickets: { c1: ['t1', 't2', 't3'] },
  deals: { c1: ['d1', 'd2', 'd3'] },
};

const OBJECTS: Record<string, ReturnType<typeof hsObject>> = {
  // 45 minutes, 10 days ago; shared by c1 and c2.
  m1: hsObject('m1', { hs_meeting_start_time: iso(daysAgo(10)), hs_meeting_end_time: iso(daysAgo(10) + 45 * 60_000), hubspot_owner_id: '77' }),
  // Older than the window.
  m2: hsObject('m2', { hs_meeting_start_time: iso(daysAgo(120)), hs_meeting_end_time: iso(daysAgo(120) + 30 * 60_000) }),
  k1: hsObject('k1', { hs_timestamp: iso(daysAgo(5)), hs_call_duration: '900000' }),
  k2: hsObject('k2', { hs_timestamp: iso(daysAgo(1)), hs_call_duration: null }),
  // Open, created 200 days ago: open now counts whatever its age.
  t1: hsObject('t1', { createdate: iso(daysAgo(200)), hs_pipeline_stage: 'tk-open', hs_ticket_priority: 'HIGH' }),
  // Closed long ago: out.
  t2: hsObject('t2', { createdate: iso(daysAgo(150)), hs_pipeline_stage: 'tk-closed' }),
  // Closed, created 20 days ago: in (it counts for the rising-ticket rule).
  t3: hsObject('t3', { createdate: iso(daysAgo(20)), hs_pipeline_stage: 'tk-closed', hs_ticket_priority: 'LOW' }),
  d1: hsObject('d1', { dealname: 'Expansion', amount: '120000.50', closedate: iso(daysAgo(400)), dealstage: 'custom-won', hubspot_owner_id: '88' }),
  d2: hsObject('d2', { dealname: 'Lost', amount: '5000', closedate: iso(daysAgo(30)), dealstage: 'closedlost' }),
  d3: hsObject('d3', { dealname: 'Open', amount: '', closedate: null, dealstage: 'appointmentscheduled' }),
};

function mockPipelines() {
  // GET /crm/pipelines/2026-09/{objectType} (PublicApiSpecs/CRM/Pipelines/Rollouts/145896/2026-09/pipelines.json)
  nock(BASE)
    .get('/crm/pipelines/2026-09/tickets')
    .reply(200, {
      results: [
        {
          id: '0',
          label: 'Support',
          displayOrder: 0,
          archived: false,
          createdAt: 'x',
          updatedAt: 'y',
          stages: [
            { id: 'tk-open', label: 'New', displayOrder: 0, metadata: { ticketState: 'OPEN', isClosed: 'false' }, archived: false },
            { id: 'tk-closed', label: 'Closed', displayOrder: 1, metadata: { ticketState: 'CLOSED', isClosed: 'true' }, archived: false },
          ],
        },
      ],
    })
    .get('/crm/pipelines/2026-09/deals')
    .reply(200, {
      results: [
        {
          id: 'default',
          label: 'Sales',
          displayOrder: 0,
          archived: false,
          stages: [
            { id: 'appointmentscheduled', label: 'Appointment', metadata: { isClosed: 'false', probability: '0.2' } },
            { id: 'closedlost', label: 'Closed lost', metadata: { isClosed: 'true', probability: '0.0' } },
          ],
        },
        { id: 'renewals', label: 'Renewals', displayOrder: 1, archived: false, stages: [{ id: 'custom-won', label: 'Renewed', metadata: { isClosed: 'true', probability: '1.0' } }] },
      ],
    });
}

interface SearchBody {
  filterGroups: { filters: { propertyName: string; operator: string; value?: string; values?: string[] }[] }[];
  sorts: { propertyName: string; direction: string }[];
  properties: string[];
  limit: number;
  after?: string;
}

/**
 * Answers the searches of one type: a search of one result (an estimate) with `counts` (the
 * type's records in all, or those matching filters), any other with `hits`.
 */
function mockSearches(type: string, counts: { all: number; filtered: number }, hits: ReturnType<typeof hsObject>[] = [], seen: SearchBody[] = [], processes = 1) {
  // POST /crm/objects/2026-09/{objectType}/search (PublicApiSpecs/CRM/<Object>/Rollouts/424/2026-09/<object>.json, PublicObjectSearchRequest)
  nock(BASE)
    .post(`/crm/objects/2026-09/${type}/search`)
    .times(2 * processes + (hits.length > 0 ? 1 : 0))
    .optionally()
    .reply(
      fromBody((b: SearchBody) => {
        if (b.limit === 1) return [200, { total: b.filterGroups.length === 0 ? counts.all : counts.filtered, results: [] }];
        seen.push(b);
        return [200, { total: hits.length, results: hits }];
      }),
    );
}

const redis = useRedis();

describe('readHistory', () => {
  useNock();

  it('reads associations 1,000 companies a call and objects 100 a call, and maps them to activities and deals', async () => {
    const { connector, recorder } = testConnector();
    mockPipelines();
    const companies = ['c1', 'c2', ...Array.from({ length: 1_498 }, (_, i) => `x${i}`)];
    // Estimates: 100,000 companies, 5,000 records of each type, all of them in the window: 1,500
    // companies' records (about 75) take 3 calls one by one, the window 30 by search.
    // POST /crm/objects/2026-09/companies/search (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json)
    nock(BASE).post('/crm/objects/2026-09/companies/search').reply(200, { total: 100_000, results: [] });
    for (const type of Object.keys(LINKS)) mockSearches(type, { all: 5_000, filtered: 5_000 });
    const assocSizes: Record<string, number[]> = {};
    for (const type of Object.keys(LINKS)) {
      // POST /crm/associations/2026-09/companies/{toObjectType}/batch/read (PublicApiSpecs/CRM/Associations/
      // Rollouts/130902/2026-09/associations.json, BatchInputPublicFetchAssociationsBatchRequest)
      nock(BASE)
        .post(`/crm/associations/2026-09/companies/${type}/batch/read`)
        .times(type === 'calls' ? 3 : 2)
        .reply(
          fromBody((b: { inputs: { id: string; after?: string }[] }) => {
            (assocSizes[type] ??= []).push(b.inputs.length);
            const results = b.inputs
              .filter((input) => LINKS[type]![input.id])
              .map((input) => {
                const ids = LINKS[type]![input.id]!;
                // c2's calls come one per page: the first answer carries paging for c2 alone.
                if (type === 'calls' && input.id === 'c2' && !input.after) return { from: { id: 'c2' }, to: [], paging: { next: { after: 'MTA=', link: null } } };
                return { from: { id: input.id }, to: ids.map((id) => ({ toObjectId: id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: null }] })) };
              });
            return [results.length < b.inputs.length ? 207 : 200, { status: 'COMPLETE', results, startedAt: 'x', completedAt: 'y' }];
          }),
        );
      // POST /crm/objects/2026-09/{objectType}/batch/read (PublicApiSpecs/CRM/<Object>/Rollouts/424/2026-09/<object>.json)
      nock(BASE)
        .post(
          `/crm/objects/2026-09/${type}/batch/read`,
          bodyWhere((b: { properties: string[]; propertiesWithHistory: string[]; inputs: { id: string }[] }) => {
            expect(b.propertiesWithHistory).toEqual([]);
            expect(b.inputs.length).toBeLessThanOrEqual(100);
            // Each object once, even when two companies share it.
            expect(new Set(b.inputs.map((i) => i.id)).size).toBe(b.inputs.length);
          }),
        )
        .reply(
          fromBody((b: { inputs: { id: string }[] }) => [200, { status: 'COMPLETE', results: b.inputs.map((i) => OBJECTS[i.id]).filter(Boolean) }]),
        );
    }

    const history = await connector.readHistory(companies, NOW, DEFAULTS, { runId: 'run-1', wholePortal: false, shared: redis.store().runHistory.forRun('conn-1', 'run-1') });

    expect(assocSizes.meetings).toEqual([1_000, 500]);
    expect(assocSizes.calls).toEqual([1_000, 500, 1]);
    expect(history.size).toBe(1_500);
    expect(history.get('x0')).toEqual({ activities: [], deals: [], problems: [] });

    const c1 = history.get('c1')!;
    expect(c1.activities).toEqual([
      { id: 'm1', ownerId: '77', type: 'meeting', at: daysAgo(10), durationMinutes: 45 },
      { id: 'k1', ownerId: null, type: 'call', at: daysAgo(5), durationMinutes: 15 },
      { id: 't1', ownerId: null, type: 'ticket', createdAt: daysAgo(200), status: 'open', priority: 'HIGH' },
      { id: 't3', ownerId: null, type: 'ticket', createdAt: daysAgo(20), status: 'closed', priority: 'LOW' },
    ]);
    expect(c1.deals).toEqual([
      { id: 'd1', name: 'Expansion', ownerId: '88', amount: 120_000.5, won: true, closedAt: daysAgo(400) },
      { id: 'd2', name: 'Lost', ownerId: null, amount: 5000, won: false, closedAt: daysAgo(30) },
      { id: 'd3', name: 'Open', ownerId: null, amount: null, won: false, closedAt: null },
    ]);
    expect(history.get('c2')!.activities).toEqual([
      { id: 'm1', ownerId: '77', type: 'meeting', at: daysAgo(10), durationMinutes: 45 },
      { id: 'k2', ownerId: null, type: 'call', at: daysAgo(1), durationMinutes: 0 },
    ]);
    expect(recorder.count('GET /crm/pipelines/2026-09/tickets')).toBe(1);

    // Pipelines are read once per connector. POST /crm/associations/2026-09/companies/{toObjectType}/batch/read
    // (PublicApiSpecs/CRM/Associations/Rollouts/130902/2026-09/associations.json)
    for (const type of Object.keys(LINKS)) nock(BASE).post(`/crm/associations/2026-09/companies/${type}/batch/read`).reply(200, { status: 'COMPLETE', results: [] });
    await connector.readHistory(['x1'], NOW, DEFAULTS);
    expect(recorder.count('GET /crm/pipelines/2026-09/tickets')).toBe(1);
  });
});

describe('readHistory by search', () => {
  useNock();

  it("searches each type's window once for a full cycle, resolves the hits' companies, and serves the run's batches in every process from it", async () => {
    const { connector, recorder } = testConnector();
    // A second worker process: its own connector and store (so its own claims), the same Redis.
    const other = testConnector();
    mockPipelines();
    mockPipelines();
    // 3 companies, each with 1,000 records of each type in all but 1 in the window: 31 calls one
    // by one, 2 by search. Deals have no window: the search finds all 3,000, more than the portal
    // has companies, so each batch resolves its companies' deals (one association read) instead of
    // the search resolving 3,000 deals (3).
    nock(BASE).post('/crm/objects/2026-09/companies/search').times(2).reply(200, { total: 3, results: [] });
    const hits: Record<string, ReturnType<typeof hsObject>[]> = {
      meetings: [OBJECTS.m1!],
      calls: [OBJECTS.k1!, OBJECTS.k2!],
      tickets: [OBJECTS.t1!, OBJECTS.t3!],
      deals: [OBJECTS.d1!],
    };
    const searched: Record<string, SearchBody[]> = {};
    for (const [type, found] of Object.entries(hits)) {
      // Each process makes its own estimates; the window is searched once.
      mockSearches(type, { all: 3_000, filtered: 3 }, found, (searched[type] = []), 2);
      if (type === 'deals') continue;
      // POST /crm/associations/2026-09/{fromObjectType}/companies/batch/read (PublicApiSpecs/CRM/Associations/Rollouts/130902/2026-09/associations.json)
      nock(BASE)
        .post(`/crm/associations/2026-09/${type}/companies/batch/read`)
        .reply(
          fromBody((b: { inputs: { id: string }[] }) => [
            200,
            { status: 'COMPLETE', results: b.inputs.map((i) => ({ from: { id: i.id }, to: (i.id === 'k2' ? ['c2'] : i.id === 'm1' ? ['c1', 'c2'] : ['c1']).map((c) => ({ toObjectId: c, associationTypes: [] })) })) },
          ]),
        );
    }
    // The companies' deals of every age; d2 is not among what the search found, so not read.
    const deals: Record<string, string[]> = { c1: ['d1', 'd2'], c2: ['d2'] };
    const dealReads: string[][] = [];
    // POST /crm/associations/2026-09/companies/deals/batch/read (PublicApiSpecs/CRM/Associations/Rollouts/130902/2026-09/associations.json)
    nock(BASE)
      .post('/crm/associations/2026-09/companies/deals/batch/read')
      .times(3)
      .reply(
        fromBody((b: { inputs: { id: string }[] }) => {
          dealReads.push(b.inputs.map((i) => i.id));
          const results = b.inputs.filter((i) => deals[i.id]).map((i) => ({ from: { id: i.id }, to: deals[i.id]!.map((d) => ({ toObjectId: d, associationTypes: [] })) }));
          return [200, { status: 'COMPLETE', results }];
        }),
      );

    const store = redis.store();
    const scope = { runId: 'run-1', wholePortal: true, shared: store.runHistory.forRun('conn-1', 'run-1') };
    const [first, second] = await Promise.all([
      connector.readHistory(['c1'], NOW, DEFAULTS, scope),
      other.connector.readHistory(['c2', 'c3'], NOW, DEFAULTS, { ...scope, shared: redis.store().runHistory.forRun('conn-1', 'run-1') }),
    ]);
    const again = await connector.readHistory(['c2'], NOW, DEFAULTS, scope);

    const from = String(NOW - 90 * DAY_MS);
    expect(searched.calls![0]!.filterGroups).toEqual([
      { filters: [{ propertyName: 'hs_timestamp', operator: 'GT', value: from }, { propertyName: 'hs_timestamp', operator: 'LTE', value: String(NOW) }] },
    ]);
    expect(searched.calls![0]!.sorts).toEqual([{ propertyName: 'hs_timestamp', direction: 'ASCENDING' }]);
    expect(searched.calls![0]!.limit).toBe(200);
    // Tickets: created in the window, or in an open stage of the ticket pipelines whatever their age.
    expect(searched.tickets![0]!.filterGroups).toEqual([
      { filters: [{ propertyName: 'hs_createdate', operator: 'GT', value: from }, { propertyName: 'hs_createdate', operator: 'LTE', value: String(NOW) }] },
      { filters: [{ propertyName: 'hs_pipeline_stage', operator: 'IN', values: ['tk-open'] }] },
    ]);
    expect(searched.deals![0]!.filterGroups).toEqual([]);
    for (const type of Object.keys(hits)) expect(searched[type]).toHaveLength(1);
    expect(recorder.count('POST /crm/associations/2026-09/companies/calls/batch/read')).toBe(0);
    expect(recorder.count('POST /crm/associations/2026-09/deals/companies/batch/read') + other.recorder.count('POST /crm/associations/2026-09/deals/companies/batch/read')).toBe(0);
    expect(dealReads.map((ids) => ids.join(',')).sort()).toEqual(['c1', 'c2', 'c2,c3']);

    expect(first.get('c1')!.activities.map((a) => a.id)).toEqual(['m1', 'k1', 't1', 't3']);
    expect(first.get('c1')!.deals.map((d) => d.id)).toEqual(['d1']);
    expect(second.get('c2')!.activities.map((a) => a.id)).toEqual(['m1', 'k2']);
    expect(second.get('c3')).toEqual({ activities: [], deals: [], problems: [] });
    expect(again.get('c2')).toEqual(second.get('c2'));

    // Deals are kept under their own ids, in a part of their own.
    const dealParts = (await redis.redis.keys(`${redis.prefix}:*run-history*:deals:*`)).filter((k) => !k.endsWith(':done'));
    expect(dealParts).toEqual([expect.stringMatching(/:byRecord$/)]);
    expect(await redis.redis.hkeys(dealParts[0]!)).toEqual(['d1']);
    // The run's end deletes what it kept.
    await store.runHistory.clear('conn-1', 'run-1');
    expect((await redis.redis.keys(`${redis.prefix}:*run-history*`)).length).toBe(0);
  });
});
