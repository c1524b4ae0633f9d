// The backtest's read of HubSpot property history: the mapped properties' versions, in batch reads
// of 50 companies with propertiesWithHistory (HubSpot's cap for history reads), transformed to
// canonical values oldest first. Answered by the sandbox portal with a seeded past.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../../src/model/dates.ts';
import { VARYING_FIELDS } from '../../../src/scoring/index.ts';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';
import { BASE, EXAMPLE_MAPPING, testConnector, useNock } from './helpers.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const PAST = { weights: { usage: 40, engagement: 30, tickets: 20, nps: 10 }, noise: 5 };
const url = (path: string) => new URL(`http://127.0.0.1${path}`);
const READ = '/crm/objects/2026-09/companies/batch/read';

describe('HubSpot property history', () => {
  useNock();

  it('the portal takes at most 50 companies in a read with propertiesWithHistory, and lists versions newest first', () => {
    const portal = createPortal(60, AS_OF, { past: PAST });
    const ids = [...portal.objects.get('companies')!.keys()];
    const read = (n: number) => portal.handle('POST', url(READ), { properties: [], propertiesWithHistory: ['feature_usage_pct'], inputs: ids.slice(0, n).map((id) => ({ id })) });
    expect(read(51)[0]).toBe(400);
    const [status, body] = read(50);
    expect(status).toBe(200);
    const first = (body as { results: { propertiesWithHistory: Record<string, { timestamp: string }[]> }[] }).results[0]!.propertiesWithHistory.feature_usage_pct!;
    expect(first.length).toBeGreaterThan(1);
    const times = first.map((v) => Date.parse(v.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reads the mapped fields for 120 companies in 3 calls, as canonical values oldest first', async () => {
    const portal = createPortal(120, AS_OF, { past: PAST });
    const answer = async (req: Request): Promise<[number, unknown]> => {
      const text = await req.text();
      return portal.handle(req.method, new URL(req.url), text ? JSON.parse(text) : null);
    };
    for (const method of ['GET', 'POST']) nock(BASE).persist().intercept(/.*/, method).reply(answer);
    const { connector, recorder } = testConnector();
    const ids = [...portal.objects.get('companies')!.keys()];
    const read = await connector.readFieldHistory(EXAMPLE_MAPPING, ids, VARYING_FIELDS);
    expect(recorder.count(`POST ${READ}`)).toBe(3);
    expect(read.source).toBe('hubspot_property_history');
    // The admin's mapped fields and HubSpot's standard ones (revenue, size) that change over time.
    expect(read.tracked.sort()).toEqual(['annualRevenue', 'arr', 'contractEnd', 'employees', 'featureUsage', 'lastLoginAt', 'nps']);
    expect(read.problems).toEqual([]);
    const company = portal.objects.get('companies')!.get(ids[0]!)!;
    const usage = company.history!.feature_usage_pct!;
    expect(read.byAccount.get(ids[0]!)!.featureUsage).toEqual(usage.map((v) => ({ at: Date.parse(v.timestamp), value: Number(v.value) / 100 })));
    const ends = company.history!.contract_end_date!;
    expect(read.byAccount.get(ids[0]!)!.contractEnd).toEqual(ends.map((v) => ({ at: Date.parse(v.timestamp), value: parseInstant(v.value!) })));
  });
});
