// The backtest report (DOMAIN.md section 11) over observations (account x as-of date): per band
// the accounts, the churned, the churn rate and its share of all churn; how well `at_risk`, and
// `at_risk` + `watch`, caught the churn (precision, recall, lift over the base rate); the AUC of the
// score. `insufficient_data` is counted apart: its row is shown, but the rates, shares, recall,
// lift and AUC are over the scored observations only.
import { HEALTH_BANDS, type Band } from '../../model/index.ts';
import { auc } from './auc.ts';
import type { Observation } from './observe.ts';

export interface BandRow {
  band: Band;
  accounts: number;
  churned: number;
  churnRate: number | null;
  /** Of all churn among scored observations; null for `insufficient_data`. */
  shareOfChurn: number | null;
}

export interface Catch {
  flagged: number;
  /** Churned among the flagged. */
  precision: number | null;
  /** Flagged among the churned. */
  recall: number | null;
  /** Precision over the base churn rate. */
  lift: number | null;
}

export interface ReportPart {
  /** Scored observations (bands other than insufficient_data). */
  accounts: number;
  churned: number;
  churnRate: number | null;
  bands: BandRow[];
  atRisk: Catch;
  atRiskOrWatch: Catch;
  auc: number | null;
}

export interface BacktestReport {
  overall: ReportPart;
  byTier: Record<string, ReportPart>;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function catchOf(scored: readonly Observation[], flags: ReadonlySet<Band>, baseRate: number | null, churned: number): Catch {
  const flagged = scored.filter((o) => flags.has(o.band));
  const hits = flagged.filter((o) => o.churned).length;
  const precision = ratio(hits, flagged.length);
  return { flagged: flagged.length, precision, recall: ratio(hits, churned), lift: precision === null || !baseRate ? null : precision / baseRate };
}

export function reportPart(observations: readonly Observation[]): ReportPart {
  const scored = observations.filter((o) => o.band !== 'insufficient_data');
  const churned = scored.filter((o) => o.churned).length;
  const churnRate = ratio(churned, scored.length);
  const bands = HEALTH_BANDS.map((band): BandRow => {
    const inBand = observations.filter((o) => o.band === band);
    const c = inBand.filter((o) => o.churned).length;
    return { band, accounts: inBand.length, churned: c, churnRate: ratio(c, inBand.length), shareOfChurn: band === 'insufficient_data' ? null : ratio(c, churned) };
  });
  return {
    accounts: scored.length,
    churned,
    churnRate,
    bands,
    atRisk: catchOf(scored, new Set(['at_risk']), churnRate, churned),
    atRiskOrWatch: catchOf(scored, new Set(['at_risk', 'watch']), churnRate, churned),
    auc: auc(scored.map((o) => ({ score: o.score!, churned: o.churned }))),
  };
}

export function backtestReport(observations: readonly Observation[]): BacktestReport {
  const tiers = [...new Set(observations.map((o) => o.tier))].sort();
  return { overall: reportPart(observations), byTier: Object.fromEntries(tiers.map((t) => [t, reportPart(observations.filter((o) => o.tier === t))])) };
}
