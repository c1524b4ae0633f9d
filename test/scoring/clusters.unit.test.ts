import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolvePolicy } from '../../src/model/policy.ts';
import { clusterAccounts, type ClusterInput } from '../../src/scoring/clusters.ts';

/** Four well-separated groups of five accounts: [arr, featureUsage, health, engagement minutes]. */
const CENTRES = [
  [5_000, 0.1, 20, 0],
  [5_000, 0.9, 90, 300],
  [2_000_000, 0.1, 20, 0],
  [2_000_000, 0.9, 90, 300],
] as const;

function portfolio(): ClusterInput[] {
  return CENTRES.flatMap(([arr, usage, health, engagement], g) =>
    Array.from({ length: 5 }, (_, i) => ({
      id: `g${g}-${i}`,
      arr: arr * (1 + 0.01 * i),
      featureUsage: usage + 0.01 * i,
      health: health + i,
      engagement: engagement + i,
    })),
  );
}

describe('k-means clusters', () => {
  it('finds the 4 well-separated groups', () => {
    const { byId, centroids } = clusterAccounts(portfolio(), DEFAULTS);
    expect(byId.size).toBe(20);
    const groupCluster = CENTRES.map((_, g) => {
      const members = new Set(Array.from({ length: 5 }, (_, i) => byId.get(`g${g}-${i}`)));
      expect(members.size).toBe(1);
      return [...members][0]!;
    });
    expect(new Set(groupCluster).size).toBe(4);
    expect(centroids).toHaveLength(4);
    // Centroids are in the original units: each group's mean.
    CENTRES.forEach(([arr, usage, health, engagement], g) => {
      const c = centroids[groupCluster[g]!]!;
      expect(c[0]).toBeCloseTo(arr * 1.02, 3);
      expect(c[1]).toBeCloseTo(usage + 0.02, 6);
      expect(c[2]).toBeCloseTo(health + 2, 6);
      expect(c[3]).toBeCloseTo(engagement + 2, 6);
    });
  });

  it('gives identical clusters for the same input twice', () => {
    const a = clusterAccounts(portfolio(), DEFAULTS);
    const b = clusterAccounts(portfolio(), DEFAULTS);
    expect([...b.byId]).toEqual([...a.byId]);
    expect(b.centroids).toEqual(a.centroids);
  });

  it('gives no cluster to accounts missing a feature', () => {
    const accounts: ClusterInput[] = [
      ...portfolio(),
      { id: 'no-arr', arr: null, featureUsage: 0.5, health: 50, engagement: 10 },
      { id: 'no-usage', arr: 10_000, featureUsage: undefined, health: 50, engagement: 10 },
      { id: 'no-health', arr: 10_000, featureUsage: 0.5, health: null, engagement: 10 },
      { id: 'no-engagement', arr: 10_000, featureUsage: 0.5, health: 50, engagement: null },
    ];
    const { byId } = clusterAccounts(accounts, DEFAULTS);
    expect(byId.size).toBe(20);
    for (const id of ['no-arr', 'no-usage', 'no-health', 'no-engagement']) expect(byId.has(id)).toBe(false);
    // The incomplete accounts do not move the others.
    expect([...byId]).toEqual([...clusterAccounts(portfolio(), DEFAULTS).byId]);
  });

  it('a zero value is a value, not a missing feature', () => {
    const accounts = portfolio().map((a, i) => (i === 0 ? { ...a, featureUsage: 0, engagement: 0 } : a));
    expect(clusterAccounts(accounts, DEFAULTS).byId.has('g0-0')).toBe(true);
  });

  it('makes no clusters with fewer complete accounts than k', () => {
    const three = portfolio().slice(0, 3);
    expect(clusterAccounts(three, DEFAULTS)).toEqual({ byId: new Map(), centroids: [] });
  });

  it('follows the policy k', () => {
    const { byId, centroids } = clusterAccounts(portfolio(), resolvePolicy({ segments: { kmeans: { k: 2 } } }));
    expect(centroids).toHaveLength(2);
    expect(new Set(byId.values()).size).toBe(2);
  });
});
