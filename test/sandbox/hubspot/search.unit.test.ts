// The sandbox portal's CRM search as crm-pulse pages it: a query keyed on the sort value (`GTE` the
// last value read) answers exactly the matches at or after that value, as a fresh scan would,
// whether served from the matches kept for the query or found again after a record changed; and
// HubSpot's 10,000-result cap still refuses deep offsets. A search through associations
// (`associations.company` EQ or IN) finds exactly the records associated with the named companies,
// ANDed with the group's other filters, and refuses the operators it does not take.
import { describe, expect, it } from 'vitest';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const url = (path: string) => new URL(`http://127.0.0.1${path}`);
const searchUrl = (type: string) => url(`/crm/objects/2026-09/${type}/search`);

interface Page {
  total: number;
  results: { id: string; properties: Record<string, string | null> }[];
}

const keyed = (from: number | null, extra: { propertyName: string; operator: string; value?: string; values?: string[] }[] = []) => ({
  filterGroups: [{ filters: [...extra, ...(from === null ? [] : [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(from) }])] }].filter((g) => g.filters.length > 0),
  sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
  properties: ['hs_lastmodifieddate'],
  limit: 200,
});

function search(portal: ReturnType<typeof createPortal>, body: unknown, type = 'companies'): Page {
  const [status, answer] = portal.handle('POST', searchUrl(type), body);
  expect(status).toBe(200);
  return answer as Page;
}

const modified = (p: Page['results'][number]) => Date.parse(p.properties.hs_lastmodifieddate!);

describe('sandbox HubSpot search', () => {
  it('answers a query keyed on the last value read with the matches at or after it, and sees a change made between pages', () => {
    const portal = createPortal(300, AS_OF, { logRequests: false });
    const all = search(portal, { ...keyed(null), limit: 200 });
    const first = all.results;
    const last = modified(first.at(-1)!);
    const next = search(portal, keyed(last));
    const everyone = [...portal.objects.get('companies')!.values()].map((o) => Date.parse(o.properties.hs_lastmodifieddate!));
    expect(next.total).toBe(everyone.filter((t) => t >= last).length);
    expect(next.results.every((r) => modified(r) >= last)).toBe(true);
    expect(modified(next.results[0]!)).toBe(last);

    // A user edits a company read on the first page: the next keyed page (same query) finds it at its new time.
    const edited = first[0]!.id;
    portal.edit('companies', edited, { name: 'Renamed' });
    const after = search(portal, keyed(last));
    expect(after.total).toBe(next.total + 1);
    expect(after.results.map((r) => r.id)).toContain(edited);
  });

  it('keys a query with other filter groups the same way, and refuses an offset past 10,000 results', () => {
    const portal = createPortal(50, AS_OF, { logRequests: false });
    const from = Date.parse('2000-01-01T00:00:00.000Z');
    // Two groups, each ANDed with the key: the union of both, from the key on.
    const body = keyed(from, [{ propertyName: 'hs_object_id', operator: 'GT', value: '0' }]);
    const twoGroups = { ...body, filterGroups: [...body.filterGroups, { filters: [{ propertyName: 'name', operator: 'HAS_PROPERTY' }, { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(from) }] }] };
    expect(search(portal, twoGroups).total).toBe(50);
    const [status] = portal.handle('POST', searchUrl('companies'), { ...body, after: '9900' });
    expect(status).toBe(400);
  });
  it("pages a portal's tickets by creation date by offset, as one sorted list", () => {
    const portal = createPortal(300, AS_OF, { logRequests: false, past: { weights: { usage: 50, engagement: 30, tickets: 15, nps: 5 }, noise: 6 } });
    const page = (after: number) => search(portal, { filterGroups: [], sorts: [{ propertyName: 'hs_createdate', direction: 'ASCENDING' }], properties: ['hs_createdate'], limit: 200, ...(after ? { after: String(after) } : {}) }, 'tickets');
    const pages = [0, 200, 400].map(page);
    const all = [...portal.objects.get('tickets')!.values()]
      .map((o) => ({ id: o.id, t: Date.parse(o.properties.hs_createdate!) }))
      .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(pages[0]!.total).toBe(all.length);
    expect(pages.flatMap((p) => p.results).map((r) => r.id)).toEqual(all.slice(0, 600).map((r) => r.id));
  });

  it('searches through associations: the records of the named companies, with the other filters', () => {
    const portal = createPortal(40, AS_OF, { logRequests: false });
    const companies = [...portal.objects.get('companies')!.keys()];
    const named = companies.slice(3, 9);
    const from = AS_OF - 90 * 86_400_000;
    const window = [{ propertyName: 'hs_timestamp', operator: 'GT', value: String(from) }, { propertyName: 'hs_timestamp', operator: 'LTE', value: String(AS_OF) }];
    const body = (through: Record<string, unknown>) => ({ filterGroups: [{ filters: [...window, through] }], sorts: [{ propertyName: 'hs_timestamp', direction: 'ASCENDING' }], properties: ['hs_timestamp'], limit: 200 });
    const expected = (ids: readonly string[]) =>
      ids
        .flatMap((c) => portal.linked('companies', c, 'calls'))
        .filter((id) => {
          const at = Date.parse(portal.objects.get('calls')!.get(id)!.properties.hs_timestamp!);
          return at > from && at <= AS_OF;
        })
        .sort();
    const found = search(portal, body({ propertyName: 'associations.company', operator: 'IN', values: named }), 'calls');
    expect(expected(named).length).toBeGreaterThan(3);
    expect(found.results.map((r) => r.id).sort()).toEqual(expected(named));
    expect(found.results.every((r) => { const at = Date.parse(r.properties.hs_timestamp!); return at > from && at <= AS_OF; })).toBe(true);
    expect(search(portal, body({ propertyName: 'associations.company', operator: 'EQ', value: named[0] }), 'calls').results.map((r) => r.id).sort()).toEqual(expected(named.slice(0, 1)));
    // One group through associations and one without: the union, every record of the second.
    const union = { ...body({ propertyName: 'associations.company', operator: 'EQ', value: named[0] }), filterGroups: [{ filters: [...window, { propertyName: 'associations.company', operator: 'EQ', value: named[0] }] }, { filters: window }] };
    expect(search(portal, union, 'calls').total).toBe(expected(companies).length);
    const [status, answer] = portal.handle('POST', searchUrl('calls'), body({ propertyName: 'associations.company', operator: 'GT', value: named[0] }));
    expect(status).toBe(400);
    expect(JSON.stringify(answer)).toContain('associations.company takes the EQ and IN operators');
    expect(portal.handle('POST', searchUrl('calls'), body({ propertyName: 'associations.account', operator: 'EQ', value: named[0] }))[0]).toBe(400);
  });
});
