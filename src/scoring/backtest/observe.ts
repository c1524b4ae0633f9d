// One account at one as-of date T of a backtest (DOMAIN.md section 11): whether it was a customer
// then (contract in force, not churned before T), the band it had (crm-pulse's snapshot of that
// day first, else rescored from its state at T under the policy in force), and whether it churned
// in (T, T + horizon]. A state the history cannot rebuild is `insufficient_data`, counted apart.
import { type Band, DAY_MS, formatDay, parseInstant } from '../../model/index.ts';
import type { CompiledPolicy } from '../compile.ts';
import { bandOf, type MeasureName } from '../health.ts';
import type { Scorer } from '../score.ts';
import type { HistorySource } from './history.ts';
import { recordAt, type AccountPast } from './state-at.ts';

export const MEASURES: readonly MeasureName[] = ['usage', 'engagement', 'tickets', 'nps'];

export interface Observation {
  accountId: string;
  at: number;
  tier: string;
  band: Band;
  score: number | null;
  /** The four sub-scores in MEASURES order (null: no data); null when the band came from a snapshot. */
  subScores: (number | null)[] | null;
  churned: boolean;
  /** Where the band came from. */
  source: HistorySource | 'none';
}

export interface ObserveInput {
  past: AccountPast;
  /** The churn date (churn.ts), or null. */
  churnAt: number | null;
  /** The account's tier today, for a state the history cannot rebuild. */
  tierNow: string;
}

const instantOf = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? (parseInstant(v) ?? null) : null);

/** The observation at `at`, or null when the account was not a customer then. */
export function observe(input: ObserveInput, at: number, horizonDays: number, scorer: Scorer, compiled: CompiledPolicy): Observation | null {
  const { past, churnAt } = input;
  if (churnAt !== null && churnAt <= at) return null;
  const churned = churnAt !== null && churnAt <= at + horizonDays * DAY_MS;
  const base = { accountId: past.account.id, at, churned };
  const day = formatDay(at);
  const snapshot = past.snapshots.find((s) => formatDay(s.date) === day);
  const record = recordAt(past, at);
  if (record !== null) {
    const end = instantOf(record.contractEnd);
    const active = end !== null ? end >= at : (record.arr ?? 0) > 0;
    if (!active) return null;
  }
  if (snapshot) {
    const score = snapshot.score ?? null;
    const tier = record ? scorer(record).tier : input.tierNow;
    return { ...base, tier, band: score === null ? 'insufficient_data' : bandOf(score, compiled), score, subScores: null, source: 'crm_pulse_snapshots' };
  }
  if (record === null) return { ...base, tier: input.tierNow, band: 'insufficient_data', score: null, subScores: null, source: 'none' };
  const result = scorer(record);
  const subScores = MEASURES.map((m) => result.health.measures.find((x) => x.name === m)?.subScore ?? null);
  return { ...base, tier: result.tier, band: result.health.band, score: result.health.score, subScores, source: past.history.source };
}
