// The AUC of the health score as a churn predictor: the chance that a churned account scored lower
// than a retained one, ties counting half (Mann-Whitney). 0.5 is no better than chance.

export interface Scored {
  score: number;
  churned: boolean;
}

/** Null when either class is empty: there is nothing to rank. */
export function auc(items: readonly Scored[]): number | null {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let churned = 0;
  let kept = 0;
  for (const i of sorted) i.churned ? churned++ : kept++;
  if (churned === 0 || kept === 0) return null;
  // Ranks with ties averaged; the churned's rank sum among all gives how often they rank lower.
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.churned) rankSum += rank;
    i = j;
  }
  // U counts the pairs where the churned account scored higher; lower is what predicts churn.
  const u = rankSum - (churned * (churned + 1)) / 2;
  return 1 - u / (churned * kept);
}
