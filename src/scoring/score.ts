// The scoring engine: one account record, the policy and an as-of instant in; tier, health with
// its explanation, churn signals, renewal, lifecycle, handoff and the tasks needed out. Pure.
import { formatDay, type Policy, type AccountRecord, type HandoffStatus, type LifecycleStage, type TaskIntent } from '../model/index.ts';
import { summarizeActivities, type ActivitySummary } from './activity-summary.ts';
import { compilePolicy, type CompiledPolicy } from './compile.ts';
import { explainLine } from './explain.ts';
import { handoffs } from './handoff.ts';
import { scoreHealth, type HealthResult } from './health.ts';
import { lifecycleStage } from './lifecycle.ts';
import { planTasks } from './playbook.ts';
import { isExpansionCandidate, renewalStage, type RenewalResult } from './renewal.ts';
import { churnSignals, type Signal } from './signals.ts';
import { comparisonSnapshot } from './snapshot.ts';

export interface ScoreResult {
  accountId: string;
  name: string | null;
  asOf: string;
  tier: string;
  /** Index of the tier rule that matched; null when the fallback tier applied. */
  tierRule: number | null;
  industryGrowth: number | null;
  health: HealthResult;
  signals: Signal[];
  renewal: RenewalResult & { contractEnd: string | null };
  expansionCandidate: boolean;
  lifecycle: LifecycleStage;
  /** Status of the most recently won deal's handoff; null when no win needs one. */
  handoff: { dealId: string; status: HandoffStatus; ownerDueAt: string; validationDueAt: string } | null;
  activity: ActivitySummary;
  why: string;
  tasks: TaskIntent[];
}

export type Scorer = (record: AccountRecord) => ScoreResult;

/** The record without its activities: what a scorer from a kept activity summary takes. */
export type SummarizedRecord = Omit<AccountRecord, 'activities'>;
export type SummaryScorer = (record: SummarizedRecord, summary: ActivitySummary) => ScoreResult;

/** A scorer for one run: every account shares the policy and the as-of instant, prepared once. */
export function createScorer(policy: Policy, asOf: number): Scorer {
  const compiled = compilePolicy(policy);
  const asOfIso = new Date(asOf).toISOString();
  return (record) => score(record, summarizeActivities(record.activities, asOf, compiled), compiled, asOf, asOfIso);
}

/**
 * A scorer that takes the activity summary an earlier score kept instead of the activities (the
 * impact preview re-scores the portfolio without reading history). Only faithful when the policy's
 * summary settings are those the summary was made with: see summaryBasis.
 */
export function createSummaryScorer(policy: Policy, asOf: number): SummaryScorer {
  const compiled = compilePolicy(policy);
  const asOfIso = new Date(asOf).toISOString();
  return (record, summary) => score(record, summary, compiled, asOf, asOfIso);
}

export function scoreAccount(record: AccountRecord, policy: Policy, asOf: number): ScoreResult {
  const compiled = compilePolicy(policy);
  return score(record, summarizeActivities(record.activities, asOf, compiled), compiled, asOf, new Date(asOf).toISOString());
}

function score(record: SummarizedRecord, summary: ActivitySummary, compiled: CompiledPolicy, asOf: number, asOfIso: string): ScoreResult {
  const { policy } = compiled;
  const industryGrowth = compiled.industryGrowth(record);
  const { tier, rule } = compiled.matchTier(record, industryGrowth);
  const health = scoreHealth(record, tier, summary, compiled);
  const compared = comparisonSnapshot(record.snapshots, asOf, policy);
  if (compared) {
    health.comparedWith = { date: formatDay(compared.date), score: compared.score ?? null };
    if (health.score !== null && compared.score != null) health.trend = health.score - compared.score;
  }
  const signals = churnSignals({ account: record, tier, summary, score: health.score, compared, asOf }, compiled);
  const renewal = renewalStage(record, asOf, policy);
  const hand = handoffs(record.deals, record.tasks, asOf, policy);
  const why = explainLine(record, health, signals);
  const tasks = planTasks(
    { account: record, tier, health, signals, renewal, handoffs: hand, deals: record.deals, tasks: record.tasks, why, asOf },
    compiled,
  );
  const latest = hand[0];
  return {
    accountId: record.id,
    name: record.name ?? null,
    asOf: asOfIso,
    tier,
    tierRule: rule,
    industryGrowth,
    health,
    signals,
    renewal,
    expansionCandidate: isExpansionCandidate(record, health.score, policy),
    lifecycle: lifecycleStage(record, record.deals, asOf, policy),
    handoff: latest
      ? {
          dealId: latest.dealId,
          status: latest.status,
          ownerDueAt: new Date(latest.ownerDueAt).toISOString(),
          validationDueAt: new Date(latest.validationDueAt).toISOString(),
        }
      : null,
    activity: summary,
    why,
    tasks,
  };
}
