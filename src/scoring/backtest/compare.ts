// The current and the suggested weights side by side on the held-out newer third of the as-of
// dates: the same observations rescored under each (weights.ts), then reported as section 11 says.
import type { Policy } from '../../model/index.ts';
import type { Observation } from './observe.ts';
import { reportPart, type ReportPart } from './report.ts';
import { bandFor, weightedScore, type Weights } from './weights.ts';

export interface Comparison {
  /** Held-out observations with sub-scores (a band read from a snapshot cannot be rescored). */
  observations: number;
  current: ReportPart;
  suggested: ReportPart;
}

function under(rows: readonly Observation[], weights: Weights, health: Policy['health']): Observation[] {
  return rows.map((o) => {
    const score = weightedScore(o.subScores!, weights, health.minWeightShare);
    return { ...o, score, band: bandFor(score, health.bands) };
  });
}

export function compareWeights(heldOut: readonly Observation[], suggested: Weights, health: Policy['health']): Comparison {
  const rows = heldOut.filter((o) => o.subScores !== null);
  return { observations: rows.length, current: reportPart(under(rows, health.weights, health)), suggested: reportPart(under(rows, suggested, health)) };
}
