// What the backtest's history reads brought back, counted for the connector's minimum: records
// told apart by id within a chunk (a record linked to two accounts of a chunk is read once), the
// accounts holding each type, the field history's rows; and the calls each read made.
import { describe, expect, it } from 'vitest';
import type { AccountHistory, Connector, FieldHistoryRead, HistoryVolume } from '../../src/connectors/index.ts';
import { HistoryCount } from '../../src/pipeline/backtest-calls.ts';

const meeting = (id: string | null) => ({ type: 'meeting' as const, id, at: 1, durationMinutes: 30 });
const fields = (rows: number): FieldHistoryRead => ({ byAccount: new Map(), source: 'salesforce_field_history', tracked: ['arr', 'nps'], problems: [], rows });

describe('backtest history count', () => {
  it('counts records once per chunk, accounts per type, rows and calls, and asks the connector for the minimum', () => {
    const count = new HistoryCount();
    const chunk1 = new Map<string, AccountHistory>([
      ['a', { activities: [meeting('m1'), meeting('m2'), { type: 'ticket', id: 't1', createdAt: 1, status: 'open' }], deals: [{ id: 'd1', won: true, closedAt: 1 }], problems: [] }],
      ['b', { activities: [meeting('m2'), meeting(null), meeting(null)], deals: [], problems: [] }],
    ]);
    count.fieldCalls({ 'GET /query': 2, 'GET /sobjects/AccountHistory/describe': 1 });
    count.historyCalls({ 'POST /composite': 2 });
    count.add(['a', 'b'], fields(3_000), chunk1);
    // m2 again, in another chunk: read again, counted again.
    count.fieldCalls({ 'GET /query': 1 });
    count.historyCalls({ 'POST /composite': 1 });
    count.add(['c'], fields(10), new Map([['c', { activities: [meeting('m2')], deals: [], problems: [] }]]));

    let asked: HistoryVolume | null = null;
    const connector = { historyMinimum: (v: HistoryVolume) => ((asked = v), { fieldHistory: 2, history: 2 }) } as unknown as Connector;
    const figures = count.figures(connector);
    expect(asked).toMatchObject({ accounts: ['a', 'b', 'c'], fieldHistory: { tracked: 2, rows: 3_010 } });
    expect(asked!.records).toMatchObject({ meeting: { records: 5, accounts: 3 }, ticket: { records: 1, accounts: 1 }, deal: { records: 1, accounts: 1 }, call: { records: 0, accounts: 0 } });
    expect(figures).toEqual({
      byRoute: { 'GET /query': 3, 'GET /sobjects/AccountHistory/describe': 1, 'POST /composite': 3 },
      fieldHistory: { made: 4, minimum: 2 },
      history: { made: 3, minimum: 2 },
    });
  });

  it('reports no minimum for a connector that counts none, and no field history figure when none was read', () => {
    const count = new HistoryCount();
    count.historyCalls({ 'POST /composite': 1 });
    count.add(['a'], null, new Map());
    expect(count.figures({} as Connector)).toEqual({ byRoute: { 'POST /composite': 1 }, fieldHistory: null, history: null });
    expect(count.figures({ historyMinimum: () => ({ fieldHistory: null, history: 1 }) } as unknown as Connector)).toMatchObject({ fieldHistory: null, history: { made: 1, minimum: 1 } });
  });
});
