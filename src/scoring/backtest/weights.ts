// Scores an observation's four sub-scores under any weights as section 3 does: a weighted mean of
// the measures with data, renormalised, rounded half up, banded; `insufficient_data` when the
// measures with data carry at most `minWeightShare` of the weight. Used to compare policies on
// the same observations and to search for better weights.
import type { Band, Policy } from '../../model/index.ts';
import { roundHalfUp } from '../round.ts';
import type { MeasureName } from '../health.ts';
import { MEASURES } from './observe.ts';

export type Weights = Record<MeasureName, number>;

/** Section 3's score, or null when the weight with data is at most `minShare` of the total. */
export function weightedScore(subScores: readonly (number | null)[], weights: Weights, minShare: number): number | null {
  let sum = 0;
  let present = 0;
  let total = 0;
  MEASURES.forEach((m, i) => {
    const w = weights[m];
    total += w;
    const s = subScores[i];
    if (s == null || w === 0) return;
    sum += w * s;
    present += w;
  });
  if (present === 0 || present <= minShare * total) return null;
  return roundHalfUp(sum / present);
}

export function bandFor(score: number | null, bands: Policy['health']['bands']): Band {
  return score === null ? 'insufficient_data' : score >= bands.healthy ? 'healthy' : score >= bands.watch ? 'watch' : 'at_risk';
}
