// The history read by search resolves what it found to companies in association reads of exactly
// 1,000 records, carrying the rest to the next page: a page after the first re-reads the record at
// its start value (199 new), so resolving whatever was pending once it passed 1,000 took two reads
// for 1,194 records. Answered by the sandbox portal with a seeded past.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { RunHistory } from '../../../src/connectors/index.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';
import { BASE, NOW, testConnector, useNock } from './helpers.ts';

const PAST = { weights: { usage: 40, engagement: 30, tickets: 20, nps: 10 }, noise: 5 };

/** A run's shared history held in memory, for one process. */
function memoryRunHistory(): RunHistory {
  const parts = new Map<string, Map<string, string[]>>();
  const done = new Set<string>();
  return {
    claim: async (part) => (done.has(part) ? 'done' : (parts.set(part, new Map()), 'read')),
    append: async (part, byCompany) => {
      const kept = parts.get(part)!;
      for (const [company, records] of byCompany) kept.set(company, [...(kept.get(company) ?? []), ...records]);
    },
    finish: async (part) => void done.add(part),
    release: async () => {},
    get: async (part, ids) => new Map(ids.flatMap((id) => (parts.get(part)?.has(id) ? [[id, parts.get(part)!.get(id)!] as const] : []))),
  };
}

describe('HubSpot history by search', () => {
  useNock();

  it('resolves the tickets found in association reads of 1,000, as few as the records allow', async () => {
    const portal = createPortal(300, NOW, { past: PAST });
    const answer = async (req: Request): Promise<[number, unknown]> => {
      const text = await req.text();
      return portal.handle(req.method, new URL(req.url), text ? JSON.parse(text) : null);
    };
    for (const method of ['GET', 'POST']) nock(BASE).persist().intercept(/.*/, method).reply(answer);
    const { connector, recorder } = testConnector();
    const ids = [...portal.objects.get('companies')!.keys()];
    const history = await connector.readHistory(ids, NOW, DEFAULTS, { runId: 'r', wholePortal: true, shared: memoryRunHistory() });

    const tickets = new Set([...history.values()].flatMap((h) => h.activities.filter((a) => a.type === 'ticket').map((a) => a.id)));
    expect(tickets.size).toBeGreaterThan(1_194);
    expect(recorder.count('POST /crm/objects/2026-09/tickets/search')).toBeGreaterThan(6);
    expect(recorder.count('POST /crm/associations/2026-09/tickets/companies/batch/read')).toBe(Math.ceil(tickets.size / 1_000));
  });
});
