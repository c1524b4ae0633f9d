// The sandbox portal's Associations batch read holds clients to HubSpot's paging: at most 1,000
// inputs a call, and a record's associations a page at a time (500 here, the v3 cap HubSpot
// documented; v4 and the dated versions page per input with `paging.next.after`, passed back beside
// the id), so a client that does not follow a company's own paging loses its older records.
import { describe, expect, it } from 'vitest';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const url = (path: string) => new URL(`http://127.0.0.1${path}`);
const READ = '/crm/associations/2026-09/companies/calls/batch/read';

interface ReadAnswer {
  results: { from: { id: string }; to: { toObjectId: number }[]; paging?: { next: { after: string } } }[];
}

describe('sandbox HubSpot portal, associations batch read', () => {
  it("pages a record's associations 500 at a time, per input, and refuses more than 1,000 inputs", () => {
    const portal = createPortal(2, AS_OF, { activitiesPerAccount: 0 });
    const [busy, quiet] = [...portal.objects.get('companies')!.keys()] as [string, string];
    for (let i = 0; i < 620; i++) portal.add('calls', { hs_timestamp: String(AS_OF - i * 60_000) }, busy);
    portal.add('calls', { hs_timestamp: String(AS_OF) }, quiet);
    const linked = portal.linked('companies', busy, 'calls');
    expect(linked.length).toBeGreaterThanOrEqual(620);

    const [status, body] = portal.handle('POST', url(READ), { inputs: [{ id: busy }, { id: quiet }] });
    expect(status).toBe(200);
    const first = body as ReadAnswer;
    const busyPage = first.results.find((r) => r.from.id === busy)!;
    expect(busyPage.to).toHaveLength(500);
    expect(busyPage.paging?.next.after).toBeTruthy();
    expect(first.results.find((r) => r.from.id === quiet)).toMatchObject({ to: [expect.anything()] });
    expect(first.results.find((r) => r.from.id === quiet)!.paging).toBeUndefined();

    const [, rest] = portal.handle('POST', url(READ), { inputs: [{ id: busy, after: busyPage.paging!.next.after }] });
    const second = (rest as ReadAnswer).results[0]!;
    expect(second.to).toHaveLength(linked.length - 500);
    expect(second.paging).toBeUndefined();
    expect(new Set([...busyPage.to, ...second.to].map((t) => String(t.toObjectId)))).toEqual(new Set(linked));

    expect(portal.handle('POST', url(READ), { inputs: Array.from({ length: 1_001 }, (_, i) => ({ id: String(i + 1) })) })[0]).toBe(400);
  });
});
