// The trailing history the rules read for the accounts being scored (DOMAIN.md section 9,
// "History read"): meetings and calls of the engagement window, tickets open now or created in
// the ticket window, and every deal; nothing older, and no emails or notes (no rule counts them).
//
// Each type is read one of three ways, whichever needs fewer calls:
// - per company (history-by-company.ts): the companies' associations to the type (1,000
//   companies a call), then either every associated record, 100 a batch read (its cost follows
//   the companies' whole history), or, for a type with a window, a search through associations
//   of the window's records of 100 companies at a time (its cost follows the window). A few
//   companies (a webhook, a steady cycle) need only a call or two.
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
import { ASSOCIATION_BATCH_SIZE } from './associations.ts';
import { HISTORY_OBJECTS, type HistoryObject } from './checkpoint.ts';
import { allCalls, companiesAll, companiesWithin, windowCalls } from './history-by-company.ts';
import { countMatches, typeSearch, type TypeSearch } from './history-search.ts';
import { sharedPart, sharedRecords, untilShared, type SharedWay } from './history-shared.ts';
import type { StageStates } from './pipelines.ts';
import type { HsObject } from './schemas/objects.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';
import { LAST_MODIFIED } from './standard-mapping.ts';
import { toActivity, toDeal } from './to-activity.ts';

const ESTIMATE_TTL_MS = 60 * 60_000;

/** The HubSpot object of each kind of history. */
export const HISTORY_OBJECT: Record<HistoryKind, HistoryObject> = { meeting: 'meetings', call: 'calls', ticket: 'tickets', deal: 'deals' };

/** What the choice of a read rests on. */
interface Estimates {
  companies: number;
  /** Per type: records in all (any age) and within the window. */
  records: Map<HistoryObject, { all: number; inWindow: number }>;
}

/** How a type is read: by searching the portal's window (kept in the run's shared history, resolved one of two ways), or company by company. */
type Way = { shared: SharedWay } | 'companiesWithin' | 'companiesAll';
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
        const way: Way = scope && search ? await this.#way(type, accountIds.length, windows, searches, scope.wholePortal) : 'companiesAll';
        if (scope && search && typeof way === 'object') {
          const part = sharedPart(type, `${asOf}:${windows.engagementDays}:${windows.ticketDays}`, way.shared);
          await this.#shared(scope, part, way.shared, type, search);
          const records = () => sharedRecords(this.#api, scope.shared, part, way.shared, type, accountIds);
          return { type, byCompany: await (way.shared === 'byRecord' ? inTurn(records) : records()) };
        }
        return { type, byCompany: way === 'companiesWithin' && search ? await companiesWithin(this.#api, type, search, accountIds) : await companiesAll(this.#api, type, accountIds) };
      }),
    );
    return assemble(accountIds, byType, asOf, windows, stages);
  }

  /** The way that reads these companies' records of the type in the fewest calls (searches counted as calls). */
  async #way(type: HistoryObject, companies: number, windows: HistoryWindows, searches: Map<HistoryObject, TypeSearch | null>, wholePortal: boolean): Promise<Way> {
    const e = await this.#estimate(windows, searches);
    const n = wholePortal ? Math.max(companies, e.companies) : companies;
    const { all, inWindow } = e.records.get(type)!;
    const perCompany = (records: number) => (e.companies > 0 ? records / e.companies : 0);
    const resolved = resolution(inWindow, wholePortal ? n : null);
    const ways: [Way, number][] = [
      // First among equals: a batch read spends the ten-second budget, a search the scarcer search one.
      ['companiesAll', allCalls(n, perCompany(all))],
      // Not in a whole-portal run: its searches alone, a page or more for each 100 of every
      // company, are at least the window's own pages, which that run pays once.
      ...(!wholePortal && searches.get(type)!.groups.length > 0 ? [['companiesWithin', windowCalls(n, perCompany(inWindow))] as [Way, number]] : []),
      [{ shared: resolved.way }, searchCalls(inWindow, resolved.calls)],
    ];
    return ways.reduce((best, next) => (next[1] < best[1] ? next : best))[0];
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
