// Seedable randomness for the sandbox: the same seed gives the same portfolio and the same faults,
// so a failure seen once can be replayed. mulberry32: small, fast, good enough for test data.

export type Random = () => number;

export function rng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One stream per (seed, index): account 7 is the same whatever the portfolio's size. */
export function rngFor(seed: number, index: number): Random {
  return rng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

export const between = (r: Random, min: number, max: number): number => min + r() * (max - min);

export const whole = (r: Random, min: number, max: number): number => Math.floor(between(r, min, max + 1));

export function pick<T>(r: Random, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

/** Picks a key by weight, e.g. { thriving: 45, steady: 27 }. */
export function weighted<K extends string>(r: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let x = r() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    x -= w;
    if (x < 0) return key;
  }
  return entries[entries.length - 1]![0];
}
