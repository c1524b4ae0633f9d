// The fewest calls a backtest's history read could have made, per CRM, counted by hand from the
// caps: HubSpot property history 50 companies a call, searches 200 a page, association reads
// 1,000, batch reads 100; Salesforce query pages 2,000 rows, SOQL statements 100,000 characters,
// five queries a Composite call.
import { describe, expect, it } from 'vitest';
import type { HistoryVolume } from '../../src/connectors/index.ts';
import { historyReadMinimum, hubspotHistoryMinimum } from '../../src/connectors/hubspot/history-minimum.ts';
import { salesforceHistoryMinimum } from '../../src/connectors/salesforce/history-minimum.ts';

const none = { records: 0, accounts: 0 };
const volume = (accounts: string[], over: Partial<HistoryVolume['records']>, fieldHistory: HistoryVolume['fieldHistory']): HistoryVolume => ({
  accounts,
  fieldHistory,
  records: { meeting: none, call: none, email: none, note: none, ticket: none, deal: none, ...over },
});

describe('HubSpot history minimum', () => {
  const ids = Array.from({ length: 2_500 }, (_, i) => String(1_000_000 + i));

  it('property history: one batch read per 50 companies; none when no mapped field has history', () => {
    expect(hubspotHistoryMinimum(volume(ids, {}, { tracked: 4, rows: 2_500 })).fieldHistory).toBe(50);
    expect(hubspotHistoryMinimum(volume(ids, {}, { tracked: 0, rows: 0 })).fieldHistory).toBe(0);
    expect(hubspotHistoryMinimum(volume(ids, {}, null)).fieldHistory).toBeNull();
  });

  it('each type the fewer of searching it and reading it company by company; emails and notes are never read', () => {
    const v = volume(
      ids,
      {
        // search 150 pages + 3 association reads = 153; per company 3 + 300 = 303
        meeting: { records: 30_000, accounts: 2_400 },
        // search 1 + 1 = 2; per company 3 + 1 = 4
        call: { records: 50, accounts: 40 },
        // search 13 + 3 = 16; per company 3 + 26 = 29
        deal: { records: 2_600, accounts: 2_500 },
        email: { records: 9_999, accounts: 2_500 },
      },
      { tracked: 4, rows: 2_500 },
    );
    expect(hubspotHistoryMinimum(v).history).toBe(153 + 2 + 0 + 16);
    // Records whose companies lie outside the portfolio (touched > portfolio): company by company, 1 + 1 against 1 + 3.
    expect(historyReadMinimum(100, [{ records: 90, companies: 2_500 }])).toBe(2);
  });
});

describe('Salesforce history minimum', () => {
  // 18-character ids, 20 quoted: 10,000 of them are 200,000 characters, two statements at least.
  const ids = Array.from({ length: 10_000 }, (_, i) => `001${String(i).padStart(15, '0')}`);

  it('AccountHistory: a page per 2,000 rows, and at least a statement per 100,000 characters of ids, five pages a Composite call', () => {
    expect(salesforceHistoryMinimum(volume(ids, {}, { tracked: 4, rows: 500_000 })).fieldHistory).toBe(50);
    expect(salesforceHistoryMinimum(volume(ids, {}, { tracked: 4, rows: 100 })).fieldHistory).toBe(1);
    expect(salesforceHistoryMinimum(volume(ids.slice(0, 10), {}, { tracked: 4, rows: 0 })).fieldHistory).toBe(1);
    expect(salesforceHistoryMinimum(volume(ids, {}, { tracked: 0, rows: 0 })).fieldHistory).toBe(0);
    expect(salesforceHistoryMinimum(volume(ids, {}, null)).fieldHistory).toBeNull();
  });

  it('Tasks, Events, Cases and Opportunities page the same way, five pages a Composite call', () => {
    // Task 4,500 rows: 3 pages; Event 10: 2 (two statements); Case none: 2; Opportunity 4,001: 3. 10 pages, 2 calls.
    const v = volume(ids, { call: { records: 3_000, accounts: 900 }, email: { records: 1_500, accounts: 700 }, meeting: { records: 10, accounts: 10 }, deal: { records: 4_001, accounts: 4_000 } }, null);
    expect(salesforceHistoryMinimum(v).history).toBe(2);
    expect(salesforceHistoryMinimum(volume(ids.slice(0, 3), {}, null)).history).toBe(1);
  });
});
