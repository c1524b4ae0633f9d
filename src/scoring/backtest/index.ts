// The score backtest and retention metrics, pure (DOMAIN.md sections 10, 11).
export { BacktestTally, runBacktest, headline, type BacktestInput, type BacktestResult, type BacktestRules, type HistoryReach } from './backtest.ts';
export { asOfDates, splitDates, type DateRange } from './as-of-dates.ts';
export { auc } from './auc.ts';
export { churnDate, type ChurnFacts, type ChurnRules } from './churn.ts';
export { compareWeights, type Comparison } from './compare.ts';
export { suggestWeights, weightGrid, type FitResult } from './fit.ts';
export { valueAt, type AccountHistory, type FieldVersion, type HistorySource } from './history.ts';
export { observe, MEASURES, type Observation } from './observe.ts';
export { backtestReport, reportPart, type BacktestReport, type ReportPart } from './report.ts';
export { retentionFigures, retentionReport, type RetentionAccount, type RetentionReport } from './retention.ts';
export { recordAt, VARYING_FIELDS, type AccountPast } from './state-at.ts';
export { weightedScore, type Weights } from './weights.ts';
