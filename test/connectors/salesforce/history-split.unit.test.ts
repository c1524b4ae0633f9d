// The history read's Composite calls when a statement runs to many pages: split by its accounts
// (connectors/salesforce/history-split.ts) so the pages fill the calls, against the sandbox org
// (five queries a call, 2,000 records a page), with every record read once.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOrg, type FakeOrg } from '../../../bench/salesforce-fake.ts';
import { DAY_MS } from '../../../src/model/index.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { planChain, partsFor, slices } from '../../../src/connectors/salesforce/history-split.ts';
import { NOW, sfId, testConnector, useNock } from './helpers.ts';

const ACCOUNTS = 200;

/** An org whose only history is `perAccount` open Cases on each Account, made in turns (Ids rise with time, across accounts). */
async function orgWithCases(perAccount: number): Promise<{ org: FakeOrg; ids: string[] }> {
  const org = await startFakeOrg({ accounts: ACCOUNTS, asOf: NOW, now: () => NOW });
  for (const object of ['Task', 'Event', 'Case', 'Opportunity']) org.org.tables.get(object)!.length = 0;
  const ids = org.org.tables.get('Account')!.map((a) => String(a.Id));
  const cases = org.org.tables.get('Case')!;
  for (let turn = 0; turn < perAccount; turn++) {
    for (const [i, accountId] of ids.entries()) {
      const n = turn * ids.length + i;
      cases.push({ Id: sfId('500', n), AccountId: accountId, OwnerId: sfId('005', 1), CreatedDate: new Date(NOW - (perAccount - turn) * 3_600_000).toISOString(), IsClosed: false, ClosedDate: null, Priority: 'Medium', IsDeleted: false });
    }
  }
  return { org, ids };
}

const tickets = (history: Awaited<ReturnType<ReturnType<typeof testConnector>['connector']['readHistory']>>) => [...history.values()].map((h) => h.activities.filter((a) => a.type === 'ticket').length);

describe('history read split', () => {
  useNock();
  let org: FakeOrg | null = null;
  afterEach(async () => {
    await org?.close();
    org = null;
  });

  it('reads a Case statement of six pages in two calls, not six, and plans the next read of the span from the start', async () => {
    const made = await orgWithCases(55);
    org = made.org;
    const { connector, recorder } = testConnector({ instanceUrl: org.url });
    // The first page (2,000 of 11,000) shows 9,000 to come: five parts of 40 accounts (1,800
    // records), one page each, in one call, where the cursor would take five.
    const first = await connector.readHistory(made.ids, NOW, DEFAULTS);
    expect(tickets(first)).toEqual(made.ids.map(() => 55));
    expect(new Set([...first.values()].flatMap((h) => h.activities.map((a) => a.id))).size).toBe(11_000);
    expect(recorder.count('POST /composite', 'ok')).toBe(2);
    // The same span again: the Case statement goes out split in three parts of about 3,700
    // records (two pages), beside the other three statements, so the read is two calls from its start.
    const second = await connector.readHistory(made.ids, NOW, DEFAULTS);
    expect(tickets(second)).toEqual(made.ids.map(() => 55));
    expect(recorder.count('POST /composite', 'ok')).toBe(4);
  });

  it('leaves a read of one page a statement as it was: one call of four statements', async () => {
    const made = await orgWithCases(5);
    org = made.org;
    const { connector, recorder } = testConnector({ instanceUrl: org.url });
    for (let read = 0; read < 2; read++) {
      const history = await connector.readHistory(made.ids, NOW + read * DAY_MS, DEFAULTS);
      expect(tickets(history)).toEqual(made.ids.map(() => 5));
    }
    expect(recorder.count('POST /composite', 'ok')).toBe(2);
    const statements = org.org.requests.filter((r) => r.path.endsWith('/composite')).map((r) => (r.body as { compositeRequest: unknown[] }).compositeRequest.length);
    expect(statements).toEqual([4, 4]);
  });
});

describe('history split plan', () => {
  it('splits only what outruns the chain, in parts with room for uneven accounts', () => {
    expect(partsFor(1_999, 1)).toBe(1);
    expect(partsFor(9_000, 5)).toBe(1);
    // 34,600 records in chains of five pages: four parts of 8,650 (90 % of 10,000 is 9,000).
    expect(partsFor(34_600, 5)).toBe(4);
    // Never more parts than a call carries.
    expect(partsFor(100_000, 1)).toBe(5);
  });

  it('plans the backtest chunk of the benchmark to six calls and the 90-day read to two', () => {
    // Task, Event, Case and Opportunity records of 1,000 accounts over 510 days: 29 pages, chains of six.
    expect(planChain([0, 11_200, 36_600, 2_290])).toBe(6);
    expect(planChain([0, 1_700, 5_500, 2_290])).toBe(2);
    expect(planChain([0, 0, 11_000, 0])).toBe(3);
  });

  it('cuts values in near-equal runs, in order, none empty', () => {
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4, 5]]);
    expect(slices([1, 2], 5)).toEqual([[1], [2]]);
    expect(slices([], 3)).toEqual([[]]);
  });
});
