// The history read by search resolves what it found to companies from the records' side in
// association reads of exactly 1,000 records, carrying the rest to the next page: a page after the
// first re-reads the record at its start value (199 new), so resolving whatever was pending once it
// passed 1,000 took two reads for 1,194 records. A whole-portal run whose window holds more records
// than the portal has companies resolves from the companies' side instead: each batch reads its
// companies' associations, 1,000 companies a read, and no record's. A few companies with years of
// history each are read company by company within the window: a search through associations of
// the window's records, not a batch read of every record they ever had. Answered by the sandbox
// portal: 1,500 realistic companies (more than 1,194 calls in the window), 300 with a seeded past
// (more than 1,000 tickets in the window), 300 with five years of history.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { AccountHistory, RunHistory } from '../../../src/connectors/index.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { createPortal, type PortalOptions } from '../../../src/sandbox/hubspot/portal.ts';
import { BASE, NOW, testConnector, useNock } from './helpers.ts';

const PAST = { weights: { usage: 40, engagement: 30, tickets: 20, nps: 10 }, noise: 5 };

/** A run's shared history held in memory, shared by the batches (processes) given it. */
function memoryRunHistory(): RunHistory {
  const parts = new Map<string, Map<string, string[]>>();
  const done = new Set<string>();
  return {
    claim: async (part) => (done.has(part) ? 'done' : parts.has(part) ? 'busy' : (parts.set(part, new Map()), 'read')),
    append: async (part, byKey) => {
      const kept = parts.get(part)!;
      for (const [key, records] of byKey) kept.set(key, [...(kept.get(key) ?? []), ...records]);
    },
    finish: async (part) => void done.add(part),
    release: async () => {},
    get: async (part, ids) => new Map(ids.flatMap((id) => (parts.get(part)?.has(id) ? [[id, parts.get(part)!.get(id)!] as const] : []))),
  };
}

function sandboxPortal(companies = 300, options: PortalOptions = { past: PAST }) {
  const portal = createPortal(companies, NOW, options);
  const answer = async (req: Request): Promise<[number, unknown]> => {
    const text = await req.text();
    return portal.handle(req.method, new URL(req.url), text ? JSON.parse(text) : null);
  };
  for (const method of ['GET', 'POST']) nock(BASE).persist().intercept(/.*/, method).reply(answer);
  return { portal, ids: [...portal.objects.get('companies')!.keys()] };
}

const activityIds = (history: Map<string, AccountHistory>, type: 'call' | 'ticket') => new Set([...history.values()].flatMap((h) => h.activities.filter((a) => a.type === type).map((a) => a.id)));

describe('HubSpot history by search', () => {
  useNock();

  it("resolves the calls found in association reads of 1,000, as few as the records allow (a run that is not the whole portal's)", async () => {
    // 1,500 companies with about 1.3 calls each in the window: read company by company, a search
    // through associations of each 100 (15 of them) would cost more than the window's 10 pages.
    const { ids } = sandboxPortal(1_500, {});
    const { connector, recorder } = testConnector();
    const history = await connector.readHistory(ids, NOW, DEFAULTS, { runId: 'r', wholePortal: false, shared: memoryRunHistory() });

    const calls = activityIds(history, 'call');
    expect(calls.size).toBeGreaterThan(1_194);
    expect(recorder.count('POST /crm/objects/2026-09/calls/search')).toBeGreaterThan(6);
    expect(recorder.count('POST /crm/associations/2026-09/calls/companies/batch/read')).toBe(Math.ceil(calls.size / 1_000));
    expect(recorder.count('POST /crm/associations/2026-09/companies/calls/batch/read')).toBe(0);
  });

  it("a whole-portal run with more window records than companies: each batch resolves its companies' records, one association read per batch", async () => {
    const { ids } = sandboxPortal();
    const shared = memoryRunHistory();
    const scope = { runId: 'r', wholePortal: true, shared };
    // Two worker processes, a batch each: one searches the window, the other waits for it.
    const [a, b] = [testConnector(), testConnector()];
    const [first, second] = await Promise.all([a.connector.readHistory(ids.slice(0, 150), NOW, DEFAULTS, scope), b.connector.readHistory(ids.slice(150), NOW, DEFAULTS, scope)]);
    const count = (route: string) => a.recorder.count(route) + b.recorder.count(route);

    const byRecord = new Map([...first, ...second]);
    expect(activityIds(byRecord, 'ticket').size).toBeGreaterThan(1_194);
    // Tickets (more than 1,000 in the window, 300 companies): searched once for the run, no
    // ticket resolved on its own, each batch one read of its companies' associations.
    // Each process counts the tickets twice (in all, in the window); one of them pages the window.
    const searches = [a, b].map((p) => p.recorder.count('POST /crm/objects/2026-09/tickets/search')).sort((x, y) => x - y);
    expect(searches[0]).toBe(2);
    expect(searches[1]).toBeGreaterThan(2 + 6);
    expect(count('POST /crm/associations/2026-09/tickets/companies/batch/read')).toBe(0);
    expect(count('POST /crm/associations/2026-09/companies/tickets/batch/read')).toBe(2);
    // Deals (fewer than 1,000: one read either way) stay resolved from the records' side, once.
    expect(count('POST /crm/associations/2026-09/deals/companies/batch/read')).toBe(1);
    expect(count('POST /crm/associations/2026-09/companies/deals/batch/read')).toBe(0);
    for (const type of ['tickets', 'deals']) expect(count(`POST /crm/objects/2026-09/${type}/batch/read`)).toBe(0);
    // Each company gets exactly its own records of the windows, as read company by company.
    const perCompany = await testConnector().connector.readHistory(ids, NOW, DEFAULTS);
    expect(byRecord).toEqual(perCompany);
  });

  it('reads a few companies with five years of history within the window: a search through associations, no batch read of old records', async () => {
    const { ids, portal } = sandboxPortal(300, { historyYears: 5 });
    const few = ids.slice(0, 30);
    const { connector, recorder } = testConnector();
    const within = await connector.readHistory(few, NOW, DEFAULTS, { runId: 'r', wholePortal: false, shared: memoryRunHistory() });

    const from = String(NOW - 90 * 86_400_000);
    for (const type of ['calls', 'meetings', 'tickets']) {
      expect(recorder.count(`POST /crm/objects/2026-09/${type}/batch/read`)).toBe(0);
      expect(recorder.count(`POST /crm/associations/2026-09/companies/${type}/batch/read`)).toBe(1);
      const searches = portal.requests.filter((r) => r.path === `/crm/objects/2026-09/${type}/search` && (r.body as { limit: number }).limit > 1);
      expect(searches).toHaveLength(1);
      const groups = (searches[0]!.body as { filterGroups: { filters: { propertyName: string; operator: string; value?: string; values?: string[] }[] }[] }).filterGroups;
      for (const g of groups) expect(g.filters).toContainEqual({ propertyName: 'associations.company', operator: 'IN', values: few.filter((c) => portal.linked('companies', c, type as 'calls').length > 0) });
      expect(groups[0]!.filters[0]).toEqual({ propertyName: type === 'tickets' ? 'hs_createdate' : 'hs_timestamp', operator: 'GT', value: from });
    }
    // Each company gets exactly the records a read of its whole history keeps, for fewer calls.
    const calls = (r: { recorder: { count(route: string): number } }) => ['calls', 'meetings', 'tickets'].reduce((t, type) => t + r.recorder.count(`POST /crm/associations/2026-09/companies/${type}/batch/read`) + r.recorder.count(`POST /crm/objects/2026-09/${type}/batch/read`) + r.recorder.count(`POST /crm/objects/2026-09/${type}/search`), 0);
    const whole = testConnector();
    expect(await whole.connector.readHistory(few, NOW, DEFAULTS)).toEqual(within);
    expect([...within.values()].flatMap((h) => h.activities).length).toBeGreaterThan(30);
    // Whole histories: 3 association reads and 30 companies x about 120 records, 100 a batch read.
    expect(calls(whole)).toBeGreaterThan(30);
    // Within the window: 3 association reads, 3 searches, and the estimates' 2 counts of each type.
    expect(calls({ recorder })).toBe(3 + 3 + 6);
  });
});
