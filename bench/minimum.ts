// The fewest calls that move the records a run moved, each call full to the CRM's cap: the batch
// minimum the benchmarks set a run's calls against. Per route: a query needs at least one page,
// and then one page per cap of records (HubSpot: list 100, search 200, batch read / update /
// create 100, association reads 1,000 ids; Salesforce: a query page 2,000 records, a collection
// 200, a Bulk API 2.0 result set per job); a schema or pipeline read is needed once. Composite
// packs up to five Salesforce query pages into one call, so Salesforce runs come in under this
// one-page-a-call minimum.
import { historyReadMinimum } from '../src/connectors/hubspot/history-minimum.ts';
import type { SandboxCrm } from '../src/sandbox/sandbox.ts';
import type { RouteTraffic } from '../src/sandbox/traffic.ts';

function cap(crm: SandboxCrm, route: string): { size: number; paged: boolean } | null {
  if (crm === 'hubspot') {
    if (route.endsWith('/search')) return { size: 200, paged: true };
    if (route.startsWith('POST /crm/associations/')) return { size: 1_000, paged: false };
    if (/\/batch\/(read|update|create)$/.test(route) && route.includes('/objects/')) return { size: 100, paged: false };
    if (/^GET \/crm\/objects\/[\d-]+\/\w+$/.test(route)) return { size: 100, paged: true };
    return null;
  }
  if (route === 'query') return { size: 2_000, paged: true };
  if (route.endsWith('/composite/sobjects')) return { size: 200, paged: false };
  if (route === 'bulk results') return { size: Number.POSITIVE_INFINITY, paged: true };
  return null;
}

export function batchMinimum(crm: SandboxCrm, traffic: ReadonlyMap<string, RouteTraffic>): number {
  let total = 0;
  for (const [route, t] of traffic) {
    const c = cap(crm, route);
    if (!c) total += 1;
    else total += Math.max(c.paged ? t.queries : 0, Number.isFinite(c.size) ? Math.ceil(t.items / c.size) : 0);
  }
  return total;
}

/** What a full HubSpot cycle moved, for the minimum of issue 12. */
export interface FullCycle {
  companies: number;
  /** Per activity type read: the records the policy's windows hold, and the companies they touch. */
  reads: readonly { records: number; companies: number }[];
  accountsWritten: number;
  tasksCreated: number;
}

/**
 * The fewest calls of a full HubSpot cycle (issue 12): ⌈companies / 200⌉ search pages, then for
 * each activity type read the fewer of searching its window (⌈records / 200⌉ pages + ⌈companies
 * they touch / 1,000⌉ association reads) and reading it company by company (⌈companies / 1,000⌉
 * association reads + ⌈records / 100⌉ batch reads), 2 pipeline reads, the schema on a fresh
 * portal (8), ⌈accounts written / 100⌉ and 2 × ⌈tasks created / 100⌉ (dedupe search and create).
 */
export function fullCycleMinimum(c: FullCycle): number {
  // The history part is the connector's own count, the one the backtest's report uses too.
  const reads = historyReadMinimum(c.companies, c.reads);
  return Math.ceil(c.companies / 200) + reads + 2 + 8 + Math.ceil(c.accountsWritten / 100) + 2 * Math.ceil(c.tasksCreated / 100);
}
