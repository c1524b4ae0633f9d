// The fewest calls that move the records a run moved, each call full to the CRM's cap: the batch
// minimum the benchmarks set a run's calls against. Per route: a query needs at least one page,
// and then one page per cap of records (HubSpot: list 100, search 200, batch read / update /
// create 100, association reads 1,000 ids; Salesforce: a query page 2,000 records, a collection
// 200, a Bulk API 2.0 result set per job); a schema or pipeline read is needed once. Composite
// packs up to five Salesforce query pages into one call, so Salesforce runs come in under this
// one-page-a-call minimum.
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
