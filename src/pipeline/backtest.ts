// The backtest of one connection (docs/backtest.md): gathers the history crm-pulse can get and
// hands it to the pure rules (scoring/backtest). The accounts are the portfolio the last sync
// cached; past field values come from the CRM's field history where the connector reads one
// (HubSpot property history, Salesforce AccountHistory) and from crm-pulse's own snapshots
// otherwise (NPS, and the scores that take precedence); activities and deals over the whole span
// come from the connector's history read with its windows widened to that span. A connection's
// history serves that connection only.
// The accounts are read and observed a chunk at a time, each chunk's history dropped once its
// observations are kept, so the memory is bounded by the chunk, not the portfolio; the report is
// the one the whole portfolio at once would give (BacktestTally). Chunks cost few calls more:
// HubSpot reads property history 50 companies a call (1,000 is a multiple), its windowed searches
// run once for the backtest and are kept in Redis (store/run-history.ts), each chunk taking its
// companies' records from there; Salesforce's reads are cut per chunk, a short last page or
// Composite call each.
import { randomUUID } from 'node:crypto';
import { tallyCalls, type Connector, type FieldHistoryRead, type HistoryScope } from '../connectors/index.ts';
import { DAY_MS, MAX_DAYS, type CanonicalField, type Policy } from '../model/index.ts';
import { asOfDates, BacktestTally, VARYING_FIELDS, type AccountHistory, type AccountPast, type BacktestResult, type DateRange, type FieldVersion, type HistorySource } from '../scoring/index.ts';
import type { Store } from '../store/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import { HistoryCount, type CallCount } from './backtest-calls.ts';

/** Accounts read and observed at a time. */
export const BACKTEST_CHUNK = 1_000;

export interface BacktestRequest {
  now: number;
  range: DateRange;
  /** Accounts per chunk; default BACKTEST_CHUNK. */
  chunk?: number;
}

export interface ConnectionBacktest extends BacktestResult {
  connectionId: string;
  crm: string;
  accounts: number;
  /** Fields whose past came from the CRM's history, and those that fell back to snapshots. */
  fieldHistory: { tracked: string[]; fromSnapshots: string[] };
  /** CRM calls the history read made, by route. */
  apiCalls: Record<string, number>;
  /** The field history read's calls against their minimum; null when the connector reads none. */
  fieldHistoryCalls: CallCount | null;
  /** The activity, ticket and deal read's calls against their minimum; null when the connector counts none. */
  historyCalls: CallCount | null;
  /** Wall time reading the CRM and crm-pulse's store, and computing. */
  seconds: { read: number; compute: number };
  problems: string[];
}

/** The policy with its history windows stretched over the backtest's span, so one read brings it all. */
function spanning(policy: Policy, days: number): Policy {
  const d = Math.min(MAX_DAYS, Math.max(days, policy.health.engagement.windowDays, policy.health.tickets.windowDays));
  return { ...policy, health: { ...policy.health, engagement: { ...policy.health.engagement, windowDays: d }, tickets: { ...policy.health.tickets, windowDays: d } } };
}

function chunksOf(ids: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  // No account: the field history is still asked once, for its source and tracked fields.
  return out.length === 0 ? [[]] : out;
}

/** How far back crm-pulse's snapshots reach, without a CRM history: the first one kept, read a chunk at a time. */
async function firstSnapshot(store: Store, connectionId: string, chunks: readonly string[][], now: number): Promise<number> {
  let first = Number.POSITIVE_INFINITY;
  for (const chunk of chunks) for (const list of (await store.snapshots.getMany(connectionId, chunk)).values()) for (const s of list) first = Math.min(first, s.date);
  return Number.isFinite(first) ? first : now;
}

export async function backtestConnection(ctx: ConnectionContext, store: Store, request: BacktestRequest): Promise<ConnectionBacktest> {
  const { now, range } = request;
  const connector: Connector = ctx.connector;
  const chunks = chunksOf(await store.accounts.ids(ctx.id), request.chunk ?? BACKTEST_CHUNK);
  const dates = asOfDates(now, range);
  const reach = Math.max(ctx.policy.health.engagement.windowDays, ctx.policy.health.tickets.windowDays, 2 * ctx.policy.signals.ticketsRising.windowDays);
  const earliest = Math.min(dates[0] ?? now, now - ctx.policy.retention.windowDays * DAY_MS) - reach * DAY_MS;
  const policy = spanning(ctx.policy, Math.ceil((now - earliest) / DAY_MS));
  // Its own run: a connector keeps which parts a run has read, so a second backtest at the same
  // as-of in this process would otherwise take them as read after the first one cleared them.
  const runId = `backtest-${now}-${randomUUID()}`;
  const scope: HistoryScope = { runId, wholePortal: true, shared: store.runHistory.forRun(ctx.id, runId) };
  const tally = new BacktestTally({ policy: ctx.policy, now, range, churnedAtMapped: ctx.mapping.account.churnedAt !== undefined });
  const count = new HistoryCount();
  const seconds = { read: 0, compute: 0 };
  const timed = async <T>(part: 'read' | 'compute', work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      seconds[part] += (performance.now() - start) / 1000;
    }
  };
  // A CRM's field history is complete since the record was made; snapshots reach back to the first.
  const since = connector.readFieldHistory ? 0 : await timed('read', () => firstSnapshot(store, ctx.id, chunks, now));
  let fieldsRead: FieldHistoryRead | null = null;
  let accounts = 0;
  const problems: string[] = [];

  try {
    for (const ids of chunks) {
      const { fields, activity, cached, snapshots } = await timed('read', async () => {
        const f = connector.readFieldHistory ? await tallyCalls(() => connector.readFieldHistory!(ctx.mapping, ids, VARYING_FIELDS)) : null;
        const h = await tallyCalls(async () => (ids.length === 0 ? new Map() : await connector.readHistory(ids, now, policy, scope)));
        count.fieldCalls(f?.calls ?? null);
        count.historyCalls(h.calls);
        return { fields: f?.result ?? null, activity: h.result, cached: await store.accounts.getMany(ctx.id, ids), snapshots: await store.snapshots.getMany(ctx.id, ids) };
      });
      fieldsRead = fields;
      count.add(ids, fields, activity);
      for (const p of fields?.problems ?? []) problems.push(p);
      for (const h of activity.values()) for (const p of h.problems) problems.push(p);
      const source: HistorySource = fields?.source ?? 'crm_pulse_snapshots';
      const tracked = new Set<CanonicalField>(fields?.tracked ?? []);
      const pasts: AccountPast[] = ids.flatMap((id) => {
        const account = cached.get(id);
        if (!account) return [];
        const own = snapshots.get(id) ?? [];
        const historyFields: Partial<Record<CanonicalField, FieldVersion[]>> = { ...fields?.byAccount.get(id) };
        if (!tracked.has('nps')) historyFields.nps = own.map((s) => ({ at: s.date, value: s.nps ?? null }));
        const history: AccountHistory = { fields: historyFields, since, source };
        const h = activity.get(id);
        return [{ account, history, activities: h?.activities ?? [], deals: h?.deals ?? [], snapshots: own }];
      });
      accounts += pasts.length;
      await timed('compute', () => tally.add(pasts));
    }
  } finally {
    await store.runHistory.clear(ctx.id, runId);
  }

  const tracked: string[] = fieldsRead?.tracked ?? [];
  const report = await timed('compute', () => tally.result({ source: fieldsRead?.source ?? 'crm_pulse_snapshots', since }));
  const calls = count.figures(connector);
  return {
    connectionId: ctx.id,
    crm: ctx.kind,
    accounts,
    ...report,
    fieldHistory: { tracked, fromSnapshots: tracked.includes('nps') ? [] : ['nps'] },
    apiCalls: calls.byRoute,
    fieldHistoryCalls: calls.fieldHistory,
    historyCalls: calls.history,
    seconds: { read: round(seconds.read), compute: round(seconds.compute) },
    problems,
  };
}

const round = (s: number) => Math.round(s * 10) / 10;
