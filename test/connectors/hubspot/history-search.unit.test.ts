// The history read by search resolves what it found to companies from the records' side in
// association reads of exactly 1,000 records, carrying the rest to the next page: a page after the
// first re-reads the record at its start value (199 new), so resolving whatever was pending once it
// passed 1,000 took two reads for 1,194 records. A whole-portal run whose window holds more records
// than the portal has companies resolves from the companies' side instead: each batch reads its
// companies' associations, 1,000 companies a read, and no record's. Answered by the sandbox portal
// with a seeded past (300 companies, more than 1,000 tickets in the window).
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { AccountHistory, RunHistory } from '../../../src/connectors/index.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';
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

function sandboxPortal() {
  const portal = createPortal(300, NOW, { past: PAST });
  const answer = async (req: Request): Promise<[number, unknown]> => {
    const text = await req.text();
    return portal.handle(req.method, new URL(req.url), text ? JSON.parse(text) : null);
  };
  for (const method of ['GET', 'POST']) nock(BASE).persist().intercept(/.*/, method).reply(answer);
  return { portal, ids: [...portal.objects.get('companies')!.keys()] };
}

const ticketIds = (history: Map<string, AccountHistory>) => new Set([...history.values()].flatMap((h) => h.activities.filter((a) => a.type === 'ticket').map((a) => a.id)));

describe('HubSpot history by search', () => {
  useNock();

  it("resolves the tickets found in association reads of 1,000, as few as the records allow (a run that is not the whole portal's)", async () => {
    const { ids } = sandboxPortal();
    const { connector, recorder } = testConnector();
    const history = await connector.readHistory(ids, NOW, DEFAULTS, { runId: 'r', wholePortal: false, shared: memoryRunHistory() });

    const tickets = ticketIds(history);
    expect(tickets.size).toBeGreaterThan(1_194);
    expect(recorder.count('POST /crm/objects/2026-09/tickets/search')).toBeGreaterThan(6);
    expect(recorder.count('POST /crm/associations/2026-09/tickets/companies/batch/read')).toBe(Math.ceil(tickets.size / 1_000));
    expect(recorder.count('POST /crm/associations/2026-09/companies/tickets/batch/read')).toBe(0);
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
    expect(ticketIds(byRecord).size).toBeGreaterThan(1_194);
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
});
