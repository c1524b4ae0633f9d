// Public surface of the scoring engine.
export { scoreAccount, createScorer, type Scorer, type ScoreResult } from './score.ts';
export { scoreTier, type TierResult } from './tier.ts';
export { scoreHealth, bandOf, type Band, type HealthResult, type Measure, type MeasureName } from './health.ts';
export { churnSignals, type Signal, type SignalCode } from './signals.ts';
export { renewalStage, isExpansionCandidate, type RenewalStage, type RenewalResult } from './renewal.ts';
export { lifecycleStage, type LifecycleStage } from './lifecycle.ts';
export { handoffFor, handoffs, type Handoff, type HandoffStatus } from './handoff.ts';
export { planTasks, type TaskIntent } from './playbook.ts';
export { RfmRanking, rfmSegments, quintiles, rfmLabel, type RfmSegment, type RfmLabel } from './rfm.ts';
export { clusterAccounts, type Clusters, type ClusterInput } from './clusters.ts';
export { explainLine, WHY_MAX } from './explain.ts';
export { compilePolicy } from './compile.ts';
