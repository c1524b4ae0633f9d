// The trailing history the rules read for the accounts being scored (DOMAIN.md section 9,
// "History read"): meetings and calls of the engagement window, tickets open now or created in
// the ticket window, and every deal; nothing older, and no emails or notes (no rule counts them).
//
// Each type is read one of two ways, whichever needs fewer calls:
// - per company: the companies' associations to the type (1,000 companies a call), then the
//   associated records, 100 a batch read. Its cost follows the companies' whole history, but a
//   few companies (a webhook, a steady cycle) need only a call or two.
// - by search (history-search.ts): the type's records within the window, found for the whole
//   portal 200 a page and paid once a run: what the search finds is kept in the run's shared
//   history (history-shared.ts), and every batch of the run (same as-of date), in whichever
//   worker process, takes its companies' records from there. Its cost follows the window, not the
//   history. The records are resolved to their companies from the records' side (1,000 records an
//   association read, once a run) or, in a whole-portal run whose window holds more records than
//   the portal has companies, from the companies' side (each batch reads its companies'
//   associations, 1,000 companies a read): whichever needs fewer association reads.
// The counts the choice rests on come from searches of one result (companies in the portal,
// each type's records in all and within the window), kept for an hour.
import { DAY_MS, type Policy } from '../../model/index.ts';
import { historyWindows, type HistoryWindows } from '../history-window.ts';
import { turns } from '../turns.ts';
import type { AccountHistory, HistoryKind, HistoryScope } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { ASSOCIATION_BATCH_SIZE, associatedIds } from './associations.ts';
import { BATCH_SIZE, batchRead } from './batch-read.ts';
import { HISTORY_OBJECTS, type HistoryObject } from './checkpoint.ts';
import { countMatches, typeSearch, type TypeSearch } from './history-search.ts';
import { sharedPart, sharedRecords, untilShared, type SharedWay } from './history-shared.ts';
import type { StageStates } from './pipelines.ts';
import type { HsObject } from './schemas/objects.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';
import { LAST_MODIFIED } from './standard-mapping.ts';
import { HISTORY_PROPERTIES, toActivity, toDeal } from './to-activity.ts';

const ESTIMATE_TTL_MS = 60 * 60_000;

/** The HubSpot object of each kind of history. */
export const HISTORY_OBJECT: Record<HistoryKind, HistoryObject> = { meeting: 'meetings', call: 'calls', ticket: 'tickets', deal: 'deals' };

/** What the choice of a read rests on. */
interface Estimates {
  companies: number;
  /** Per type: records in all (any age) and within the window. */
  records: Map<HistoryObject, { all: number; inWindow: number }>;
}

/** Calls to read `companies` companies' records company by company. */
export const perCompanyCalls = (companies: number, recordsPerCompany: number) => Math.ceil(companies / ASSOCIATION_BATCH_SIZE) + Math.ceil((companies * recordsPerCompany) / BATCH_SIZE);
/**
 * How a searched window of `records` records is resolved to its companies, and its association
 * reads: from the records' side, or (`companies` given: a whole-portal run, whose batches together
 * hold every company) from the companies' side, when that takes fewer.
 */
export function resolution(records: number, companies: number | null): { way: SharedWay; calls: number } {
  const byRecords = Math.ceil(records / ASSOCIATION_BATCH_SIZE);
  const byCompanies = companies === null ? Number.POSITIVE_INFINITY : Math.ceil(companies / ASSOCIATION_BATCH_SIZE);
  return byCompanies < byRecords ? { way: 'byRecord', calls: byCompanies } : { way: 'byCompany', calls: byRecords };
}
/** Calls to read a window of `records` records by search and resolve their companies with `resolveCalls` association reads. */
export const searchCalls = (records: number, resolveCalls: number) => Math.max(1, Math.ceil(records / SEARCH_PAGE_SIZE)) + resolveCalls;

export class HistoryReader {
  readonly #api: HubSpotApi;
  readonly #now: () => number;
  #estimates: { key: string; at: number; value: Promise<Estimates> } | null = null;
  /** The searches this process runs or ran for one run, by part: its other batches wait on these, not on Redis. */
  #reading: { runId: string; parts: Map<string, Promise<void>> } | null = null;

  constructor(api: HubSpotApi, now: () => number) {
    this.#api = api;
    this.#now = now;
  }

  /** `scope` absent: a read of a few accounts (a preview), company by company, with no search to weigh; `kinds` absent: every kind. */
  async read(accountIds: readonly string[], asOf: number, policy: Policy, stages: StageStates, scope?: HistoryScope, kinds?: readonly HistoryKind[]): Promise<Map<string, AccountHistory>> {
    // No company, no history: not even the counts that choose how to read it.
    if (accountIds.length === 0) return new Map();
    const windows = historyWindows(policy);
    const types = kinds ? HISTORY_OBJECTS.filter((type) => kinds.some((k) => HISTORY_OBJECT[k] === type)) : HISTORY_OBJECTS;
    const searches = new Map(HISTORY_OBJECTS.map((type) => [type, typeSearch(type, asOf, windows, stages)]));
    // The types are read at once: one account's history (a webhook) takes two round trips, and a
    // small cycle is not a chain of calls waiting on each other while the rate limit has room.
    // Resolutions from the companies' side take turns: each holds its companies' associations of
    // every age (about 100 a company over 2 years), and four at once put the backtest's worker
    // past 300 MB.
    const inTurn = turns();
    const byType = await Promise.all(
      types.map(async (type) => {
        const search = searches.get(type)!;
        const way = scope && search ? await this.#way(type, accountIds.length, windows, searches, scope.wholePortal) : null;
        if (scope && search && way) {
          const part = sharedPart(type, `${asOf}:${windows.engagementDays}:${windows.ticketDays}`, way);
          await this.#shared(scope, part, way, type, search);
          const records = () => sharedRecords(this.#api, scope.shared, part, way, type, accountIds);
          return { type, byCompany: await (way === 'byRecord' ? inTurn(records) : records()) };
        }
        return { type, byCompany: await perCompany(this.#api, type, accountIds) };
      }),
    );
    return assemble(accountIds, byType, asOf, windows, stages);
  }

  /** How searching the window is resolved, when it needs fewer calls than reading these companies one by one; null: read them one by one. */
  async #way(type: HistoryObject, companies: number, windows: HistoryWindows, searches: Map<HistoryObject, TypeSearch | null>, wholePortal: boolean): Promise<SharedWay | null> {
    const e = await this.#estimate(windows, searches);
    const n = wholePortal ? Math.max(companies, e.companies) : companies;
    const { all, inWindow } = e.records.get(type)!;
    const resolved = resolution(inWindow, wholePortal ? n : null);
    return searchCalls(inWindow, resolved.calls) < perCompanyCalls(n, e.companies > 0 ? all / e.companies : 0) ? resolved.way : null;
  }

  #estimate(windows: HistoryWindows, searches: Map<HistoryObject, TypeSearch | null>): Promise<Estimates> {
    const key = `${windows.engagementDays}:${windows.ticketDays}`;
    const now = this.#now();
    if (this.#estimates?.key === key && now - this.#estimates.at < ESTIMATE_TTL_MS) return this.#estimates.value;
    // The counts are asked at once: the search limit paces them, and a small portal's first
    // cycle does not wait out nine round trips one after another.
    const value = (async (): Promise<Estimates> => {
      const typeCounts = [...searches].flatMap(([type, search]) => (search ? [{ type, search }] : []));
      const [companies, counts] = await Promise.all([
        countMatches(this.#api, 'companies', { sortBy: LAST_MODIFIED, groups: [] }),
        Promise.all(
          typeCounts.map(async ({ type, search }) => {
            const [all, inWindow] = await Promise.all([countMatches(this.#api, type, { sortBy: search.sortBy, groups: [] }), search.groups.length === 0 ? null : countMatches(this.#api, type, search)]);
            return [type, { all, inWindow: inWindow ?? all }] as const;
          }),
        ),
      ]);
      return { companies, records: new Map(counts) };
    })();
    this.#estimates = { key, at: now, value };
    value.catch(() => {
      if (this.#estimates?.value === value) this.#estimates = null;
    });
    return value;
  }

  /** Resolves once the part is kept whole in the run's shared history: searched by this batch, or by another. */
  #shared(scope: HistoryScope, part: string, way: SharedWay, type: HistoryObject, search: TypeSearch): Promise<void> {
    if (this.#reading?.runId !== scope.runId) this.#reading = { runId: scope.runId, parts: new Map() };
    const { parts } = this.#reading;
    const known = parts.get(part);
    if (known) return known;
    const done = untilShared(this.#api, scope.shared, part, way, type, search);
    parts.set(part, done);
    done.catch(() => {
      if (parts.get(part) === done) parts.delete(part);
    });
    return done;
  }
}

/** The companies' records of one type: their associations, then the records 100 a batch read. */
async function perCompany(api: HubSpotApi, type: HistoryObject, accountIds: readonly string[]): Promise<Map<string, HsObject[]>> {
  const links = await associatedIds(api, 'companies', type, accountIds);
  const records = await batchRead(api, type, [...links.values()].flat(), HISTORY_PROPERTIES[type]);
  const byId = new Map(records.map((r) => [r.id, r]));
  return new Map([...links].map(([companyId, ids]) => [companyId, ids.flatMap((id) => byId.get(id) ?? [])]));
}

/** Canonical activities and deals per account, in a fixed order of types, each record kept only within its window. */
function assemble(accountIds: readonly string[], byType: { type: HistoryObject; byCompany: Map<string, HsObject[]> }[], asOf: number, windows: HistoryWindows, stages: StageStates): Map<string, AccountHistory> {
  const within = (t: number, days: number) => t > asOf - days * DAY_MS && t <= asOf;
  const out = new Map<string, AccountHistory>();
  for (const id of accountIds) {
    const history: AccountHistory = { activities: [], deals: [], problems: [] };
    const report = (problem: string) => history.problems.push(problem);
    out.set(id, history);
    for (const { type, byCompany } of byType) {
      for (const r of byCompany.get(id) ?? []) {
        if (type === 'deals') {
          history.deals.push(toDeal(r, stages, report));
          continue;
        }
        const a = toActivity(type, r, stages, report);
        if (!a) continue;
        const keep = a.type === 'ticket' ? a.createdAt <= asOf && (a.status === 'open' || within(a.createdAt, windows.ticketDays)) : within(a.at, windows.engagementDays);
        if (keep) history.activities.push(a);
      }
    }
  }
  return out;
}
