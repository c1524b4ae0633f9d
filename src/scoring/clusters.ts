// k-means clusters over normalised [arr, featureUsage, health, engagement minutes], deterministic
// through a seeded k-means++ start (ml-kmeans). Shown in reports, never written to the CRM.
import { kmeans } from 'ml-kmeans';
import type { Policy } from '../model/index.ts';

export interface ClusterInput {
  id: string;
  arr: number | null | undefined;
  featureUsage: number | null | undefined;
  health: number | null | undefined;
  engagement: number | null | undefined;
}

export interface Clusters {
  /** Cluster index per account id; accounts missing a feature are absent. */
  byId: Map<string, number>;
  /** Centroids in the original units, `[arr, featureUsage, health, engagement]`. */
  centroids: number[][];
}

function zScores(rows: number[][]): { z: number[][]; mean: number[]; sd: number[] } {
  const dims = rows[0]?.length ?? 0;
  const mean = new Array<number>(dims).fill(0);
  const sd = new Array<number>(dims).fill(0);
  for (const r of rows) for (let d = 0; d < dims; d++) mean[d]! += r[d]! / rows.length;
  for (const r of rows) for (let d = 0; d < dims; d++) sd[d]! += (r[d]! - mean[d]!) ** 2 / rows.length;
  for (let d = 0; d < dims; d++) sd[d] = Math.sqrt(sd[d]!) || 1;
  return { z: rows.map((r) => r.map((v, d) => (v - mean[d]!) / sd[d]!)), mean, sd };
}

export function clusterAccounts(accounts: readonly ClusterInput[], policy: Policy): Clusters {
  const { k, seed, maxIterations } = policy.segments.kmeans;
  const ids: string[] = [];
  const rows: number[][] = [];
  for (const a of accounts) {
    if (a.arr == null || a.featureUsage == null || a.health == null || a.engagement == null) continue;
    ids.push(a.id);
    rows.push([a.arr, a.featureUsage, a.health, a.engagement]);
  }
  if (rows.length < k) return { byId: new Map(), centroids: [] };
  const { z, mean, sd } = zScores(rows);
  const result = kmeans(z, k, { seed, initialization: 'kmeans++', maxIterations });
  const byId = new Map(ids.map((id, i) => [id, result.clusters[i]!]));
  const centroids = result.centroids.map((c) => c.map((v, d) => v * sd[d]! + mean[d]!));
  return { byId, centroids };
}
