// The sandbox portal's search picks a first page's results without sorting every match: the same
// results, in the same order, as sorting them all (by the sort value, then id; nulls first),
// and a query's later pages read on from its first page's matches in that order.
import { describe, expect, it } from 'vitest';
import { firstHits, hitOrder, type Keyed } from '../../../src/sandbox/hubspot/filters.ts';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';
import type { Obj } from '../../../src/sandbox/hubspot/state.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const url = (path: string) => new URL(`http://127.0.0.1${path}`);

describe('sandbox HubSpot search', () => {
  it('takes the first results of a query as a full sort would, ties by id and nulls first, either direction', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const keyed: Keyed[] = Array.from({ length: 2_000 }, (_, i) => ({ o: { id: String(10_000 + ((i * 7_919) % 2_000)) } as Obj, k: random() < 0.05 ? null : Math.floor(random() * 300) }));
    for (const descending of [false, true]) {
      const order = hitOrder(descending);
      const all = [...keyed].sort(order).map((h) => h.o);
      for (const count of [1, 7, 200, 5_000]) expect(firstHits(keyed, count, order)).toEqual(all.slice(0, count));
    }
  });

  it("pages a portal's tickets by creation date: a first page, then the query's next pages, as one sorted list", () => {
    const portal = createPortal(300, AS_OF, { past: { weights: { usage: 50, engagement: 30, tickets: 15, nps: 5 }, noise: 6 } });
    const search = (after: number) => {
      const [status, body] = portal.handle('POST', url('/crm/objects/2026-09/tickets/search'), { filterGroups: [], sorts: [{ propertyName: 'hs_createdate', direction: 'ASCENDING' }], properties: ['hs_createdate'], limit: 200, ...(after ? { after: String(after) } : {}) });
      expect(status).toBe(200);
      return body as { total: number; results: { id: string; properties: Record<string, string> }[] };
    };
    const pages = [0, 200, 400].map(search);
    const read = pages.flatMap((p) => p.results);
    const all = [...portal.objects.get('tickets')!.values()]
      .map((o) => ({ id: o.id, t: Date.parse(o.properties.hs_createdate!) }))
      .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(pages[0]!.total).toBe(all.length);
    expect(read.map((r) => r.id)).toEqual(all.slice(0, 600).map((r) => r.id));
  });
});
