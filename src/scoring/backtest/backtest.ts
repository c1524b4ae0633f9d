// The whole backtest of one connection, pure (DOMAIN.md sections 10, 11): each account's churn
// date, its observations at every as-of date, the report, suggested weights fitted on the older
// two thirds of the dates and compared on the newer third, and the retention metrics. The caller
// gathers the history (connectors, snapshots); nothing here reads a clock or a store.
// The observations and retention rows are all the report, the fit and the retention figures read,
// so a caller can hand the accounts over in chunks (BacktestTally.add) and drop each chunk's
// history once added. No figure depends on the order the accounts came in (counts, sums over
// sorted scores, a search over those): chunked or whole, the result is the same.
import { DAY_MS, formatDay, type Policy } from '../../model/index.ts';
import { compilePolicy, type CompiledPolicy } from '../compile.ts';
import { createScorer, type Scorer } from '../score.ts';
import { asOfDates, splitDates, type DateRange } from './as-of-dates.ts';
import { churnDate, type ChurnRules } from './churn.ts';
import { compareWeights, type Comparison } from './compare.ts';
import { suggestWeights, type FitResult } from './fit.ts';
import type { HistorySource } from './history.ts';
import { observe, type Observation } from './observe.ts';
import { backtestReport, type BacktestReport } from './report.ts';
import { retentionReport, type RetentionAccount, type RetentionReport } from './retention.ts';
import { recordAt, type AccountPast } from './state-at.ts';
import type { Weights } from './weights.ts';

/** What a backtest replays: the same for every chunk of its accounts. */
export interface BacktestRules {
  policy: Policy;
  /** The backtest's "now": as-of dates go back from it. */
  now: number;
  range: DateRange;
  churnedAtMapped: boolean;
}

/** Where the history came from and how far back it reaches (the oldest of the accounts'). */
export interface HistoryReach {
  source: HistorySource;
  since: number;
}

export interface BacktestInput extends BacktestRules, HistoryReach {
  accounts: readonly AccountPast[];
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

export class BacktestTally {
  readonly #rules: BacktestRules;
  readonly #churn: ChurnRules;
  readonly #compiled: CompiledPolicy;
  readonly #dates: number[];
  /** One scorer per as-of date, then the retention window's start, then now. */
  readonly #scorers: Scorer[];
  readonly #from: number;
  readonly #observations: Observation[] = [];
  readonly #retained: RetentionAccount[] = [];

  constructor(rules: BacktestRules) {
    const { policy, now, range } = rules;
    this.#rules = rules;
    this.#churn = { churnedAtMapped: rules.churnedAtMapped, renewalGraceDays: policy.backtest.renewalGraceDays, renewalLookbackDays: policy.backtest.renewalLookbackDays };
    this.#compiled = compilePolicy(policy);
    this.#dates = asOfDates(now, range);
    this.#from = now - policy.retention.windowDays * DAY_MS;
    this.#scorers = [...this.#dates, this.#from, now].map((at) => createScorer(policy, at));
  }

  /** Observes these accounts at every as-of date and keeps their rows; nothing of `accounts` is kept. */
  add(accounts: readonly AccountPast[]): void {
    const { now, range } = this.#rules;
    const n = this.#dates.length;
    const nowScorer = this.#scorers[n + 1]!;
    for (const past of accounts) {
      const wins = past.deals.filter((d) => d.won && d.closedAt != null).map((d) => d.closedAt!);
      const churnedAt = typeof past.account.churnedAt === 'number' ? past.account.churnedAt : null;
      const tierNow = nowScorer({ ...past.account, activities: [], deals: [], snapshots: [], tasks: [] }).tier;
      const subject = { past, churnAt: churnDate({ churnedAt, history: past.history, wins }, this.#churn, now), tierNow };
      this.#dates.forEach((at, i) => {
        const o = observe(subject, at, range.horizonDays, this.#scorers[i]!, this.#compiled);
        if (o) this.#observations.push(o);
      });
      const from = this.#from;
      const atStart = recordAt(past, from);
      const atEnd = recordAt(past, now);
      const o = observe(subject, from, 0, this.#scorers[n]!, this.#compiled);
      this.#retained.push({
        tier: o?.tier ?? tierNow,
        band: o?.band ?? 'unknown',
        customerAtStart: o !== null && atStart !== null,
        arrStart: atStart?.arr ?? null,
        arrEnd: atEnd?.arr ?? null,
        churnedInWindow: subject.churnAt !== null && subject.churnAt > from && subject.churnAt <= now,
      });
    }
  }

  /** The report over every account added so far. */
  result(reach: HistoryReach): BacktestResult {
    const { policy, now, range } = this.#rules;
    const observations = this.#observations;
    const { fit: fitDates, heldOut: heldOutDates } = splitDates(this.#dates);
    const older = new Set(fitDates);
    const fit = suggestWeights(observations.filter((o) => older.has(o.at)), policy.health.weights);
    const heldOut = compareWeights(observations.filter((o) => !older.has(o.at)), fit.weights, policy.health);
    const report = backtestReport(observations);
    return {
      asOf: new Date(now).toISOString(),
      range,
      dates: this.#dates.map(formatDay),
      history: { source: reach.source, since: new Date(reach.since).toISOString() },
      observations: observations.length,
      insufficientData: observations.filter((o) => o.band === 'insufficient_data').length,
      report,
      suggested: { fit, current: policy.health.weights, fitDates: fitDates.map(formatDay), heldOutDates: heldOutDates.map(formatDay), heldOut },
      retention: retentionReport({ accounts: this.#retained, from: this.#from, to: now, source: reach.source, historySince: reach.since }, policy.retention),
      headline: headline(report, range.horizonDays),
    };
  }
}

/** The backtest of all the accounts at once. */
export function runBacktest(input: BacktestInput): BacktestResult {
  const tally = new BacktestTally(input);
  tally.add(input.accounts);
  return tally.result(input);
}
