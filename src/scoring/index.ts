// Public surface of the scoring engine.
export { scoreAccount, createScorer, type Scorer, type ScoreResult } from './score.ts';
export { scoreTier, type TierResult } from './tier.ts';
export { scoreHealth, bandOf, type HealthResult, type Measure, type MeasureName } from './health.ts';
export { churnSignals, type Signal } from './signals.ts';
export { renewalStage, isExpansionCandidate, type RenewalResult } from './renewal.ts';
export { lifecycleStage } from './lifecycle.ts';
export { handoffFor, handoffs, type Handoff } from './handoff.ts';
export { planTasks } from './playbook.ts';
export { inRfmWindow, RfmRanking, rfmSegments, quintiles, rfmLabel, type RfmSegment, type RfmLabel } from './rfm.ts';
export { clusterAccounts, type Clusters, type ClusterInput } from './clusters.ts';
export { explainLine, WHY_MAX } from './explain.ts';
export { compilePolicy } from './compile.ts';
export { createSummaryScorer, type SummaryScorer, type SummarizedRecord } from './score.ts';
export { type ActivitySummary } from './activity-summary.ts';
export { keptBasis, keptBasisKey } from './kept-basis.ts';
export { comparisonSnapshot } from './snapshot.ts';
export { ImpactTally, movement, MOVERS_SHOWN, type ImpactCounts, type ImpactEntry, type ImpactSide, type MatrixCell, type Mover } from './impact.ts';
export {
  BacktestTally,
  runBacktest,
  headline,
  asOfDates,
  splitDates,
  auc,
  churnDate,
  compareWeights,
  suggestWeights,
  weightGrid,
  valueAt,
  observe,
  MEASURES,
  backtestReport,
  reportPart,
  retentionFigures,
  retentionReport,
  recordAt,
  VARYING_FIELDS,
  weightedScore,
  type BacktestInput,
  type BacktestResult,
  type BacktestRules,
  type HistoryReach,
  type DateRange,
  type ChurnFacts,
  type ChurnRules,
  type Comparison,
  type FitResult,
  type AccountHistory,
  type FieldVersion,
  type HistorySource,
  type Observation,
  type BacktestReport,
  type ReportPart,
  type RetentionAccount,
  type RetentionReport,
  type AccountPast,
  type Weights,
} from './backtest/index.ts';
