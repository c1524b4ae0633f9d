// The score pass of a batch of accounts, the first half of every job that re-scores (a sync
// batch, an activity change, a webhook): it reads the accounts (cached, or from the CRM), settles
// and refreshes their tasks, reads their history (or what of it changed, history-cache.ts), scores
// them with the connection's policy, and keeps today's snapshot, the latest score and what it was
// made from, the wins RFM ranks and the tasks the playbook asks for. It writes nothing to the CRM:
// the write pass (write-accounts.ts) sends each account's values, segment included, and its tasks
// once, after the portfolio's RFM ranking (segments.ts).
// Every step is an upsert by account id, so a batch scored again after a crash changes nothing.
import type { HistoryKind, MappedAccount, TaskToCreate } from '../connectors/index.ts';
import { type Account, DAY_MS, type Deal } from '../model/index.ts';
import type { Metrics } from '../observe/index.ts';
import { comparisonSnapshot, createScorer, inRfmWindow, keptBasisKey, type ScoreResult } from '../scoring/index.ts';
import type { TaskRecord, Store } from '../store/index.ts';
import { reconcileTasks, taskStatusChanges, changedValues, writeBackValues, type FieldWrite } from '../writeback/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import { readHistoryCached } from './history-cache.ts';
import { count, emptyOutcome, problem, valueProblem, type Outcome } from './outcome.ts';

export interface ScoreBatch {
  accountIds: readonly string[];
  /** Read the accounts from the CRM even when cached (a webhook says they changed). */
  refresh: boolean;
  asOf: number;
  runId: string;
  reason: string;
  dryRun: boolean;
  /** One of a full cycle's batches: the connector may read the whole run's history at once (HubSpot's windowed search). Default false. */
  wholePortal?: boolean;
  /**
   * Per account, the kinds of history that may have changed (none: its values only): the others
   * come from the history cache while it is current (history-cache.ts). Absent: read it all.
   */
  changed?: ReadonlyMap<string, readonly HistoryKind[]>;
}

export interface ScoreDeps {
  store: Store;
  metrics: Metrics;
  /** Reservations older than this are settled against the CRM (a job's lock time). */
  staleTaskMs: number;
  now: () => number;
}

export interface ScoredBatch {
  outcome: Outcome;
  /** The accounts scored and kept, for the write pass (none on a dry run, which keeps nothing). */
  scored: string[];
}

export async function scoreAccounts(ctx: ConnectionContext, batch: ScoreBatch, deps: ScoreDeps): Promise<ScoredBatch> {
  const outcome = emptyOutcome();
  const { store } = deps;
  const accounts = await loadAccounts(ctx, batch, deps, outcome);
  const ids = accounts.map((a) => a.id);
  if (ids.length === 0) return { outcome, scored: [] };

  const tasks = await taskStates(ctx, ids, batch.dryRun, deps);
  const history = await readHistoryCached(ctx, { accountIds: ids, asOf: batch.asOf, runId: batch.runId, wholePortal: batch.wholePortal ?? false, changed: batch.changed ?? null }, deps);
  const { lookbackDays, toleranceDays } = ctx.policy.snapshots;
  const snapshots = await store.snapshots.getMany(ctx.id, ids, { from: batch.asOf - (lookbackDays + toleranceDays) * DAY_MS, to: batch.asOf - lookbackDays * DAY_MS });

  const score = createScorer(ctx.policy, batch.asOf);
  const results: { account: Account; result: ScoreResult; deals: Deal[]; wins: [number, number | null][] }[] = [];
  for (const account of accounts) {
    const h = history.get(account.id) ?? { activities: [], deals: [], problems: [] };
    count(outcome, 'activitiesRead', h.activities.length + h.deals.length);
    for (const message of h.problems) problem(outcome, { code: 'BAD_VALUE', message, accountId: account.id });
    const result = score({ ...account, activities: h.activities, deals: h.deals, snapshots: snapshots.get(account.id) ?? [], tasks: tasks.get(account.id) ?? [] });
    const wins = h.deals.filter((d) => d.won && d.closedAt != null).map((d): [number, number | null] => [d.closedAt!, d.amount ?? null]);
    results.push({ account, result, deals: h.deals, wins });
  }
  count(outcome, 'accountsScored', results.length);

  const ranked = (wins: readonly [number, number | null][]) => wins.some(([at]) => inRfmWindow(at, batch.asOf, ctx.policy.segments.rfm.windowDays));
  if (batch.dryRun) {
    // What would be written, diffed against the last written values. A dry run keeps no wins, so
    // the segments step ranks the portfolio as the last real run left it and lists its changes
    // apart; here a segment is planned only where the account has no win to rank.
    const scoredAt = new Date(batch.asOf).toISOString();
    const last = await store.written.getMany(ctx.id, ids);
    const writes: FieldWrite[] = [];
    for (const { result, wins } of results) {
      const { segment: _segment, ...values } = writeBackValues(result, null, scoredAt);
      const changes = changedValues(last.get(result.accountId), ranked(wins) ? values : { ...values, segment: null });
      if (Object.keys(changes).length === 0) count(outcome, 'accountsUnchanged');
      else writes.push({ accountId: result.accountId, last: last.get(result.accountId) ?? null, changes });
    }
    count(outcome, 'accountsWritten', writes.length);
    const intents: TaskToCreate[] = results.flatMap(({ result }) => result.tasks.map((t) => ({ ...t, accountId: result.accountId })));
    outcome.planned.push(...planned(results.map((r) => r.result), writes, intents));
    return { outcome, scored: [] };
  }
  await store.snapshots.putMany(
    ctx.id,
    results.map(({ account, result }) => ({ accountId: account.id, at: batch.asOf, score: result.health.score, nps: account.nps ?? null })),
  );
  await store.scores.setMany(ctx.id, results.map((r) => r.result));
  // What the score was made from beyond the cached account, so the impact preview can re-score it
  // under a draft policy without reading its history again (pipeline/impact.ts).
  const basis = keptBasisKey(ctx.policy);
  await store.summaries.setMany(
    ctx.id,
    results.map(({ account, result, deals }) => ({
      accountId: account.id,
      asOf: batch.asOf,
      basis,
      summary: result.activity,
      deals,
      compared: comparisonSnapshot(snapshots.get(account.id) ?? [], batch.asOf, ctx.policy),
      scored: { score: result.health.score, band: result.health.band, tier: result.tier, why: result.why, signals: result.signals.map((s) => s.code) },
    })),
  );
  await store.wins.setMany(ctx.id, results.map((r) => ({ accountId: r.account.id, wins: r.wins })));
  // An account without a win in the window has no segment, which its own score tells: dropped
  // now, so its write does not carry the segment an earlier ranking gave it.
  await store.segments.deleteMany(ctx.id, results.filter((r) => !ranked(r.wins)).map((r) => r.account.id));
  await store.plannedTasks.setMany(ctx.id, results.map(({ result }) => ({ accountId: result.accountId, tasks: result.tasks })));
  return { outcome, scored: ids };
}

/** The batch's accounts: from the cache, and from the CRM when asked to or not cached. */
async function loadAccounts(ctx: ConnectionContext, batch: ScoreBatch, deps: ScoreDeps, outcome: Outcome): Promise<Account[]> {
  const cached = batch.refresh ? new Map<string, Account>() : await deps.store.accounts.getMany(ctx.id, batch.accountIds);
  const missing = batch.accountIds.filter((id) => !cached.has(id));
  if (missing.length > 0) {
    const read: MappedAccount[] = await ctx.connector.readAccountsById(ctx.mapping, missing);
    count(outcome, 'accountsRead', read.length);
    for (const p of read.flatMap((m) => m.problems)) valueProblem(outcome, p);
    const fresh = read.map((m) => m.account);
    if (!batch.dryRun) await deps.store.accounts.setMany(ctx.id, fresh);
    for (const a of fresh) cached.set(a.id, a);
  }
  return batch.accountIds.flatMap((id) => cached.get(id) ?? []);
}

/**
 * The accounts' task states as the engine takes them: stale reservations settled first, then the
 * status of open tasks read from the CRM (on a dry run, applied in memory only).
 */
async function taskStates(ctx: ConnectionContext, ids: readonly string[], dryRun: boolean, deps: ScoreDeps): Promise<Map<string, TaskRecord[]>> {
  const { tasks } = deps.store;
  let states = await tasks.forAccounts(ctx.id, ids);
  const staleBefore = deps.now() - deps.staleTaskMs;
  const stale = [...states.values()].flat().filter((t) => t.crmId === null && t.reservedAt <= staleBefore);
  if (stale.length > 0 && !dryRun) {
    await reconcileTasks(ctx.connector, tasks, ctx.id, stale);
    states = await tasks.forAccounts(ctx.id, ids);
  }
  const changes = await taskStatusChanges(ctx.connector, [...states.values()].flat());
  if (changes.length === 0) return states;
  if (!dryRun) await tasks.setStatus(ctx.id, changes);
  const status = new Map(changes.map((c) => [c.key, c.status]));
  for (const list of states.values()) {
    for (const t of list) t.status = status.get(t.key) ?? t.status;
  }
  return states;
}

function planned(results: readonly ScoreResult[], writes: readonly FieldWrite[], intents: readonly TaskToCreate[]) {
  const changes = new Map(writes.map((w) => [w.accountId, w.changes]));
  return results
    .map((r) => ({
      accountId: r.accountId,
      name: r.name,
      values: changes.get(r.accountId) ?? {},
      tasks: intents
        .filter((t) => t.accountId === r.accountId)
        .map((t) => ({ kind: t.kind, key: t.key, subject: t.subject, ownerId: t.ownerId, dueAt: new Date(t.dueAt).toISOString() })),
    }))
    .filter((p) => Object.keys(p.values).length > 0 || p.tasks.length > 0);
}
