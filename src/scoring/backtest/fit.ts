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
function fitScore(sub: readonly (number | null)[], w: readonly number[]): number | null {
  let sum = 0;
  let present = 0;
  for (let i = 0; i < 4; i++) {
    const s = sub[i];
    if (s == null || w[i] === 0) continue;
    sum += w[i]! * s;
    present += w[i]!;
  }
  return present === 0 ? null : sum / present;
}

function aucOf(rows: readonly Observation[], w: readonly number[]): number | null {
  const scored: { s: number; c: boolean }[] = [];
  for (const r of rows) {
    const s = fitScore(r.subScores!, w);
    if (s !== null) scored.push({ s, c: r.churned });
  }
  scored.sort((a, b) => a.s - b.s);
  let churned = 0;
  for (const x of scored) if (x.c) churned++;
  const kept = scored.length - churned;
  if (churned === 0 || kept === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < scored.length; ) {
    let j = i;
    while (j < scored.length && scored[j]!.s === scored[i]!.s) j++;
    for (let k = i; k < j; k++) if (scored[k]!.c) rankSum += (i + 1 + j) / 2;
    i = j;
  }
  return 1 - (rankSum - (churned * (churned + 1)) / 2) / (churned * kept);
}

const vector = (w: Weights) => MEASURES.map((m) => w[m]);

function distance(a: Weights, b: Weights): number {
  const sa = vector(a).reduce((x, y) => x + y, 0) || 1;
  const sb = vector(b).reduce((x, y) => x + y, 0) || 1;
  return MEASURES.reduce((d, m) => d + Math.abs(a[m] / sa - b[m] / sb), 0);
}

export function suggestWeights(observations: readonly Observation[], current: Weights, step = 10): FitResult {
  const rows = observations.filter((o) => o.subScores !== null);
  let best: { weights: Weights; auc: number | null } = { weights: current, auc: null };
  for (const w of weightGrid(step)) {
    const a = aucOf(rows, vector(w));
    if (a === null) continue;
    const better = best.auc === null || a > best.auc + 1e-12 || (Math.abs(a - best.auc) <= 1e-12 && distance(w, current) < distance(best.weights, current));
    if (better) best = { weights: w, auc: a };
  }
  return { method: 'weight_search_auc', step, weights: best.weights, auc: best.auc, observations: rows.length };
}
