// The fewest calls that read a history, each full to HubSpot's caps (issue 12's count, used by the
// backtest's report and the cycle benchmark alike). Property history: one batch read of 50
// companies a call (the cap with `propertiesWithHistory`). Each record type the history read
// reads (meetings, calls, tickets, deals): the fewer of its two ways, searching the records
// (200 a page) and resolving their companies (1,000 a read; counted by the companies they touch,
// the stricter count), or reading company by company (associations of 1,000 companies a read,
// then the records 100 a batch read). The one-result searches that count records to choose a way,
// the pipeline reads and the property list are not in it: they are the same few calls whatever
// the portal's size, and kept between runs.
import type { HistoryMinimum, HistoryRecordType, HistoryVolume } from '../connector.ts';
import { ASSOCIATION_BATCH_SIZE } from './associations.ts';
import { BATCH_SIZE } from './batch-read.ts';
import { HISTORY_BATCH_SIZE } from './read-field-history.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';

/** The record types HubSpot's history read reads (emails and notes are never read). */
const READ: readonly HistoryRecordType[] = ['meeting', 'call', 'ticket', 'deal'];

export interface TypeRead {
  /** The records of the type the read needs, and the companies they belong to. */
  records: number;
  companies: number;
}

/** The fewest calls to read these types' records for a portfolio of `companies` companies. */
export function historyReadMinimum(companies: number, reads: readonly TypeRead[]): number {
  const bySearch = (r: TypeRead) => Math.ceil(r.records / SEARCH_PAGE_SIZE) + Math.ceil(r.companies / ASSOCIATION_BATCH_SIZE);
  const perCompany = (r: TypeRead) => Math.ceil(companies / ASSOCIATION_BATCH_SIZE) + Math.ceil(r.records / BATCH_SIZE);
  return reads.reduce((sum, r) => sum + Math.min(bySearch(r), perCompany(r)), 0);
}

export function hubspotHistoryMinimum(volume: HistoryVolume): HistoryMinimum {
  const companies = volume.accounts.length;
  const reads = READ.map((type) => ({ records: volume.records[type].records, companies: volume.records[type].accounts }));
  return { fieldHistory: volume.fieldHistory === null ? null : volume.fieldHistory.tracked === 0 ? 0 : Math.ceil(companies / HISTORY_BATCH_SIZE), history: historyReadMinimum(companies, reads) };
}
