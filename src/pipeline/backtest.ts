// The backtest of one connection (docs/backtest.md): gathers the history crm-pulse can get and
// hands it to the pure rules (scoring/backtest). The accounts are the portfolio the last sync
// cached; past field values come from the CRM's field history where the connector reads one
// (HubSpot property history: ceil(n / 50) calls, its minimum) and from crm-pulse's own snapshots
// otherwise (NPS, and the scores that take precedence); activities and deals over the whole span
// come from the connector's history read with its windows widened to that span. A connection's
// history serves that connection only.
import { tallyCalls, type FieldHistoryRead } from '../connectors/index.ts';
import { DAY_MS, MAX_DAYS, type CanonicalField, type Policy } from '../model/index.ts';
import { asOfDates, runBacktest, VARYING_FIELDS, type AccountHistory, type AccountPast, type BacktestResult, type DateRange, type FieldVersion } from '../scoring/index.ts';
import type { Store } from '../store/index.ts';
import type { ConnectionContext } from '../sync/index.ts';

export interface BacktestRequest {
  now: number;
  range: DateRange;
}

export interface ConnectionBacktest extends BacktestResult {
  connectionId: string;
  crm: string;
  accounts: number;
  /** Fields whose past came from the CRM's history, and those that fell back to snapshots. */
  fieldHistory: { tracked: string[]; fromSnapshots: string[] };
  /** CRM calls the history read made, by route, and the minimum the field history needs. */
  apiCalls: Record<string, number>;
  fieldHistoryCalls: { made: number; minimum: number } | null;
  problems: string[];
}

/** The policy with its history windows stretched over the backtest's span, so one read brings it all. */
function spanning(policy: Policy, days: number): Policy {
  const d = Math.min(MAX_DAYS, Math.max(days, policy.health.engagement.windowDays, policy.health.tickets.windowDays));
  return { ...policy, health: { ...policy.health, engagement: { ...policy.health.engagement, windowDays: d }, tickets: { ...policy.health.tickets, windowDays: d } } };
}

export async function backtestConnection(ctx: ConnectionContext, store: Store, request: BacktestRequest): Promise<ConnectionBacktest> {
  const { now, range } = request;
  const ids = await store.accounts.ids(ctx.id);
  const cached = await store.accounts.getMany(ctx.id, ids);
  const dates = asOfDates(now, range);
  const reach = Math.max(ctx.policy.health.engagement.windowDays, ctx.policy.health.tickets.windowDays, 2 * ctx.policy.signals.ticketsRising.windowDays);
  const earliest = Math.min(dates[0] ?? now, now - ctx.policy.retention.windowDays * DAY_MS) - reach * DAY_MS;
  const spanDays = Math.ceil((now - earliest) / DAY_MS);

  const { result, calls } = await tallyCalls(async () => {
    const fields: FieldHistoryRead | null = ctx.connector.readFieldHistory ? await ctx.connector.readFieldHistory(ctx.mapping, ids, VARYING_FIELDS) : null;
    const runId = `backtest-${now}`;
    const activity = ids.length === 0 ? new Map() : await ctx.connector.readHistory(ids, now, spanning(ctx.policy, spanDays), { runId, wholePortal: true, shared: store.runHistory.forRun(ctx.id, runId) });
    await store.runHistory.clear(ctx.id, runId);
    return { fields, activity };
  });
  const snapshots = await store.snapshots.getMany(ctx.id, ids);
  const tracked = new Set<CanonicalField>(result.fields?.tracked ?? []);
  const firstSnapshot = Math.min(...[...snapshots.values()].flat().map((s) => s.date));
  // A CRM's property history is complete since the record was made; snapshots reach back to the first.
  const since = result.fields ? 0 : Number.isFinite(firstSnapshot) ? firstSnapshot : now;
  const source = result.fields?.source ?? 'crm_pulse_snapshots';

  const pasts: AccountPast[] = ids.flatMap((id) => {
    const account = cached.get(id);
    if (!account) return [];
    const own = snapshots.get(id) ?? [];
    const historyFields: Partial<Record<CanonicalField, FieldVersion[]>> = { ...result.fields?.byAccount.get(id) };
    if (!tracked.has('nps')) historyFields.nps = own.map((s) => ({ at: s.date, value: s.nps ?? null }));
    const history: AccountHistory = { fields: historyFields, since, source };
    const h = result.activity.get(id);
    return [{ account, history, activities: h?.activities ?? [], deals: h?.deals ?? [], snapshots: own }];
  });
  const report = runBacktest({ accounts: pasts, policy: ctx.policy, now, range, churnedAtMapped: ctx.mapping.account.churnedAt !== undefined, source, since });
  const historyRoute = Object.keys(calls).find((route) => route.includes('companies/batch/read'));
  return {
    connectionId: ctx.id,
    crm: ctx.kind,
    accounts: pasts.length,
    ...report,
    fieldHistory: { tracked: [...tracked], fromSnapshots: tracked.has('nps') ? [] : ['nps'] },
    apiCalls: calls,
    fieldHistoryCalls: result.fields && ctx.kind === 'hubspot' ? { made: historyRoute ? calls[historyRoute]! : 0, minimum: Math.ceil(ids.length / 50) } : null,
    problems: [...(result.fields?.problems ?? []), ...[...result.activity.values()].flatMap((h) => h.problems)],
  };
}
