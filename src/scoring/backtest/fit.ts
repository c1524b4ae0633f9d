// Suggested weights (DOMAIN.md section 11): a search over weight vectors for the best AUC on the
// older two thirds of the as-of dates. A search rather than a logistic regression because what
// the policy needs is four non-negative weights of a renormalised mean, with missing measures
// left out as section 3 leaves them out; a regression's coefficients can be negative and assume
// every input present, so they would need clipping and imputation before they meant the same
// thing, and what the admin is shown (AUC) would not be what was optimised. The grid (multiples
// of `step` summing to 100: 286 vectors at 10) keeps the result readable and the fit exact and
// deterministic; ties go to the vector nearest the current weights. Never applied by itself.
import { type Observation, MEASURES } from './observe.ts';
import type { Weights } from './weights.ts';

export interface FitResult {
  method: 'weight_search_auc';
  step: number;
  weights: Weights;
  /** The best AUC on the fitting observations; null when they hold no churn or no retention. */
  auc: number | null;
  observations: number;
}

/** Every vector of multiples of `step` over the four measures summing to 100. */
export function weightGrid(step: number): Weights[] {
  const n = Math.round(100 / step);
  const out: Weights[] = [];
  for (let a = 0; a <= n; a++) for (let b = 0; a + b <= n; b++) for (let c = 0; a + b + c <= n; c++) out.push({ usage: a * step, engagement: b * step, tickets: c * step, nps: (n - a - b - c) * step });
  return out;
}

// The score as the fit sees it: the renormalised mean over measures with data and weight, kept
// unrounded so the search is not blind to small differences. Every row with any weighted data counts.
// Rows are packed once (four sub-scores, NaN for no data), and each vector's AUC is counted over
// two sorted typed arrays, so the 286 vectors cost little time and no garbage per row.
interface Packed {
  sub: Float64Array;
  churned: Uint8Array;
  n: number;
}

function pack(rows: readonly Observation[]): Packed {
  const sub = new Float64Array(rows.length * 4);
  const churned = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    for (let k = 0; k < 4; k++) sub[i * 4 + k] = r.subScores![k] ?? NaN;
    churned[i] = r.churned ? 1 : 0;
  });
  return { sub, churned, n: rows.length };
}

function aucOf(p: Packed, w: readonly number[]): number | null {
  const lost: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < p.n; i++) {
    let sum = 0;
    let present = 0;
    for (let k = 0; k < 4; k++) {
      const s = p.sub[i * 4 + k]!;
      if (Number.isNaN(s) || w[k] === 0) continue;
      sum += w[k]! * s;
      present += w[k]!;
    }
    if (present === 0) continue;
    (p.churned[i] ? lost : kept).push(sum / present);
  }
  if (lost.length === 0 || kept.length === 0) return null;
  const a = Float64Array.from(lost).sort();
  const b = Float64Array.from(kept).sort();
  // For each churned score, the retained scores above it, ties half.
  let lowerPairs = 0;
  let below = 0;
  let through = 0;
  for (const x of a) {
    while (below < b.length && b[below]! < x) below++;
    if (through < below) through = below;
    while (through < b.length && b[through]! <= x) through++;
    lowerPairs += b.length - through + (through - below) / 2;
  }
  return lowerPairs / (a.length * b.length);
}

const vector = (w: Weights) => MEASURES.map((m) => w[m]);

function distance(a: Weights, b: Weights): number {
  const sa = vector(a).reduce((x, y) => x + y, 0) || 1;
  const sb = vector(b).reduce((x, y) => x + y, 0) || 1;
  return MEASURES.reduce((d, m) => d + Math.abs(a[m] / sa - b[m] / sb), 0);
}

export function suggestWeights(observations: readonly Observation[], current: Weights, step = 10): FitResult {
  const rows = observations.filter((o) => o.subScores !== null);
  const packed = pack(rows);
  let best: { weights: Weights; auc: number | null } = { weights: current, auc: null };
  for (const w of weightGrid(step)) {
    const a = aucOf(packed, vector(w));
    if (a === null) continue;
    const better = best.auc === null || a > best.auc + 1e-12 || (Math.abs(a - best.auc) <= 1e-12 && distance(w, current) < distance(best.weights, current));
    if (better) best = { weights: w, auc: a };
  }
  return { method: 'weight_search_auc', step, weights: best.weights, auc: best.auc, observations: rows.length };
}
