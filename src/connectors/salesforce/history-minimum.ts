// The fewest calls that read a backtest's history from Salesforce, each full to its caps: a query
// page holds 2,000 rows and a statement's ids fit in SOQL's 100,000 characters, so a read needs at
// least ceil(rows / 2,000) pages and one statement per 100,000 characters of quoted ids, whichever
// is more (a page never spans two statements), carried five a Composite call. So for field history
// (AccountHistory), and for each of Task (calls and emails), Event (meetings), Case (tickets) and
// Opportunity (deals) together. The describe that says which fields are tracked is kept an hour
// and not counted.
import type { HistoryMinimum, HistoryRecordType, HistoryVolume } from '../connector.ts';
import { COMPOSITE_QUERIES } from './composite-query.ts';
import { QUERY_PAGE_SIZE } from './query.ts';
import { SOQL_MAX_CHARS } from './soql.ts';

/** The record types each object of the history read holds. */
const OBJECTS: readonly (readonly HistoryRecordType[])[] = [['call', 'email'], ['meeting'], ['ticket'], ['deal']];

/** Pages of one statement set: one per statement at least, one per 2,000 records. */
const pages = (records: number, statements: number) => Math.max(statements, Math.ceil(records / QUERY_PAGE_SIZE));

export function salesforceHistoryMinimum(volume: HistoryVolume): HistoryMinimum {
  // Each id travels quoted; however the ids are split, no statement holds more than SOQL's length of them.
  const statements = Math.ceil(volume.accounts.reduce((n, id) => n + id.length + 2, 0) / SOQL_MAX_CHARS);
  const f = volume.fieldHistory;
  const fieldHistory = f === null ? null : f.tracked === 0 ? 0 : Math.ceil(pages(f.rows, statements) / COMPOSITE_QUERIES);
  const objectPages = OBJECTS.reduce((n, types) => n + pages(types.reduce((r, t) => r + volume.records[t].records, 0), statements), 0);
  return { fieldHistory, history: Math.ceil(objectPages / COMPOSITE_QUERIES) };
}
