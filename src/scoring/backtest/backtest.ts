// The whole backtest of one connection, pure (DOMAIN.md sections 10, 11): each account's churn
// date, its observations at every as-of date, the report, suggested weights fitted on the older
// two thirds of the dates and compared on the newer third, and the retention metrics. The caller
// gathers the history (connectors, snapshots); nothing here reads a clock or a store.
import { DAY_MS, formatDay, type Policy } from '../../model/index.ts';
import { compilePolicy } from '../compile.ts';
import { createScorer } from '../score.ts';
import { asOfDates, splitDates, type DateRange } from './as-of-dates.ts';
import { churnDate } from './churn.ts';
import { compareWeights, type Comparison } from './compare.ts';
import { suggestWeights, type FitResult } from './fit.ts';
import type { HistorySource } from './history.ts';
import { observe, type Observation } from './observe.ts';
import { backtestReport, type BacktestReport } from './report.ts';
import { retentionReport, type RetentionAccount, type RetentionReport } from './retention.ts';
import { recordAt, type AccountPast } from './state-at.ts';
import type { Weights } from './weights.ts';

export interface BacktestInput {
  accounts: readonly AccountPast[];
  policy: Policy;
  /** The backtest's "now": as-of dates go back from it. */
  now: number;
  range: DateRange;
  churnedAtMapped: boolean;
  /** Where the history came from and how far back it reaches (the oldest of the accounts'). */
  source: HistorySource;
  since: number;
}

export interface BacktestResult {
  asOf: string;
  range: DateRange;
  dates: string[];
  history: { source: HistorySource; since: string };
  /** Observations (account x date) and those whose state the history could not rebuild. */
  observations: number;
  insufficientData: number;
  report: BacktestReport;
  /** `current`: the policy's weights the suggestion is compared with. */
  suggested: { fit: FitResult; current: Weights; fitDates: string[]; heldOutDates: string[]; heldOut: Comparison };
  retention: RetentionReport;
  headline: string;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)} %`);

export function headline(report: BacktestReport, horizonDays: number): string {
  const { atRisk, churned } = report.overall;
  if (churned === 0) return `no account churned within ${horizonDays} days of an as-of date: nothing to predict`;
  return `at_risk caught ${pct(atRisk.recall)} of the accounts that churned within ${horizonDays} days, ${atRisk.lift === null ? 'n/a' : atRisk.lift.toFixed(1)}x the base rate`;
}

export function runBacktest(input: BacktestInput): BacktestResult {
  const { policy, now, range } = input;
  const compiled = compilePolicy(policy);
  const rules = { churnedAtMapped: input.churnedAtMapped, renewalGraceDays: policy.backtest.renewalGraceDays, renewalLookbackDays: policy.backtest.renewalLookbackDays };
  const nowScorer = createScorer(policy, now);
  const subjects = input.accounts.map((past) => {
    const wins = past.deals.filter((d) => d.won && d.closedAt != null).map((d) => d.closedAt!);
    const churnedAt = typeof past.account.churnedAt === 'number' ? past.account.churnedAt : null;
    const tierNow = nowScorer({ ...past.account, activities: [], deals: [], snapshots: [], tasks: [] }).tier;
    return { past, churnAt: churnDate({ churnedAt, history: past.history, wins }, rules, now), tierNow };
  });

  const dates = asOfDates(now, range);
  const observations: Observation[] = [];
  for (const at of dates) {
    const scorer = createScorer(policy, at);
    for (const s of subjects) {
      const o = observe(s, at, range.horizonDays, scorer, compiled);
      if (o) observations.push(o);
    }
  }
  const { fit: fitDates, heldOut: heldOutDates } = splitDates(dates);
  const older = new Set(fitDates);
  const fit = suggestWeights(observations.filter((o) => older.has(o.at)), policy.health.weights);
  const heldOut = compareWeights(observations.filter((o) => !older.has(o.at)), fit.weights, policy.health);
  const report = backtestReport(observations);

  const from = now - policy.retention.windowDays * DAY_MS;
  const startScorer = createScorer(policy, from);
  const retained = subjects.map((s): RetentionAccount => {
    const atStart = recordAt(s.past, from);
    const atEnd = recordAt(s.past, now);
    const o = observe(s, from, 0, startScorer, compiled);
    return {
      tier: o?.tier ?? s.tierNow,
      band: o?.band ?? 'unknown',
      customerAtStart: o !== null && atStart !== null,
      arrStart: atStart?.arr ?? null,
      arrEnd: atEnd?.arr ?? null,
      churnedInWindow: s.churnAt !== null && s.churnAt > from && s.churnAt <= now,
    };
  });

  return {
    asOf: new Date(now).toISOString(),
    range,
    dates: dates.map(formatDay),
    history: { source: input.source, since: new Date(input.since).toISOString() },
    observations: observations.length,
    insufficientData: observations.filter((o) => o.band === 'insufficient_data').length,
    report,
    suggested: { fit, current: policy.health.weights, fitDates: fitDates.map(formatDay), heldOutDates: heldOutDates.map(formatDay), heldOut },
    retention: retentionReport({ accounts: retained, from, to: now, source: input.source, historySince: input.since }, policy.retention),
    headline: headline(report, range.horizonDays),
  };
}
