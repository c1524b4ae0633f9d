// readActivityChanges: a first run starts from now; later runs search each history object on
// its own modification time (associating an activity does not touch the company) and resolve
// the hits to companies with association reads filled up to 1,000 ids.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ActivityChangePage } from '../../../src/connectors/connector.ts';
import { HISTORY_OBJECTS } from '../../../src/connectors/hubspot/checkpoint.ts';
import { SEARCH_SETTLE_MS } from '../../../src/connectors/hubspot/search.ts';
import { BASE, bodyWhere, fromBody, hsObject, NOW, searchAnswer, testConnector, useNock, type SearchRequest } from './helpers.ts';

async function collect(pages: AsyncIterable<ActivityChangePage>): Promise<ActivityChangePage[]> {
  const out: ActivityChangePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const SINCE = NOW - 3_600_000;
const cursors = Object.fromEntries(HISTORY_OBJECTS.map((o) => [o, { since: SINCE, seen: [] }]));

describe('readActivityChanges', () => {
  useNock();

  it('starts from now on a first run, reading nothing', async () => {
    const { connector, recorder } = testConnector();
    const pages = await collect(connector.readActivityChanges(null));
    expect(pages).toEqual([{ accountIds: [], checkpoint: { v: 1, source: 'hubspot.activities', cursors: expect.any(Object) } }]);
    expect(Object.values((pages[0]!.checkpoint as { cursors: Record<string, unknown> }).cursors)).toEqual(HISTORY_OBJECTS.map(() => ({ since: NOW - SEARCH_SETTLE_MS, seen: [] })));
    expect(recorder.total).toBe(0);
  });

  it('searches each object and resolves changed calls to their companies, up to 1,000 ids per association read', async () => {
    const { connector } = testConnector();
    const callTs = (i: number) => SINCE + 1000 + i;
    const calls = Array.from({ length: 1_200 }, (_, i) => hsObject(String(10_000 + i), { hs_lastmodifieddate: String(callTs(i)) }));
    const froms: string[] = [];
    for (const type of HISTORY_OBJECTS) {
      // POST /crm/objects/2026-09/{objectType}/search (PublicApiSpecs/CRM/Calls/Rollouts/424/2026-09/calls.json and
      // the Meetings, Emails, Notes, Tickets, Deals specs beside it; PublicObjectSearchRequest)
      nock(BASE)
        .post(
          `/crm/objects/2026-09/${type}/search`,
          bodyWhere((b: { properties: string[]; filterGroups: unknown }) => {
            expect(b.properties).toEqual(['hs_lastmodifieddate']);
            // Each page starts at the last modification time read (the first at the cursor).
            expect(b.filterGroups).toEqual([{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: expect.stringMatching(/^\d+$/) }] }]);
          }),
        )
        .times(type === 'calls' ? 7 : 1)
        .reply(
          fromBody((b: SearchRequest) => {
            froms.push(b.filterGroups[0]!.filters[0]!.value!);
            return type === 'calls' ? searchAnswer(calls, 'hs_lastmodifieddate', b) : [200, { total: 0, results: [] }];
          }),
        );
    }
    const sizes: number[] = [];
    // POST /crm/associations/2026-09/calls/companies/batch/read (PublicApiSpecs/CRM/Associations/Rollouts/130902/2026-09/associations.json)
    nock(BASE)
      .post('/crm/associations/2026-09/calls/companies/batch/read')
      .times(2)
      .reply(
        fromBody((b: { inputs: { id: string }[] }) => {
          sizes.push(b.inputs.length);
          // HubSpot sends associated ids as numbers; call i belongs to company 500 + i % 3.
          return [200, { status: 'COMPLETE', results: b.inputs.map((input) => ({ from: { id: input.id }, to: [{ toObjectId: 500 + (Number(input.id) % 3), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 182 }] }] })) }];
        }),
      );

    const checkpoint = { v: 1, source: 'hubspot.activities', cursors };
    const pages = await collect(connector.readActivityChanges(checkpoint));

    expect(froms[0]).toBe(String(SINCE));
    // Keyed pages: each starts at the last call read, re-reading only that one (199 new a page),
    // so five pages (996 calls) fill the first association read and two more the second.
    expect(sizes).toEqual([996, 204]);
    const withIds = pages.filter((p) => p.accountIds.length > 0);
    expect(withIds.map((p) => p.accountIds.sort())).toEqual([
      ['500', '501', '502'],
      ['500', '501', '502'],
    ]);
    const last = pages.at(-1)!.checkpoint as { cursors: Record<string, { since: number; seen: string[] }> };
    expect(last.cursors.calls).toEqual({ since: callTs(1_199), seen: ['11199'] });
    expect(last.cursors.meetings).toEqual({ since: SINCE, seen: [] });
  });
});
