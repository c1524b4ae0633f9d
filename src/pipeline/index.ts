// The public face of src/pipeline: what other parts may use. Everything else can change without
// looking outside the folder.
export { OutcomeSchema, count, emptyOutcome, merge, problem, valueProblem, wrote, type Outcome, type RunError } from './outcome.ts';
export { scoreAccounts, type ScoredBatch } from './score-accounts.ts';
export { writeAccounts } from './write-accounts.ts';
export { rankSegments, updateSegments } from './segments.ts';
export { portfolioImpact, type ImpactAnswer, type ImpactOptions } from './impact.ts';
export { accountPreview, type AccountView, type PreviewAnswer } from './account-preview.ts';
export { backtestConnection, type BacktestRequest, type ConnectionBacktest } from './backtest.ts';
