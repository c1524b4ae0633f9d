// The API-call benchmark at a small scale, so it keeps running: a full sync and write-back
// against the local fake portal stays within 1.2x of the minimum the caps allow.
import { describe, expect, it } from 'vitest';
import { benchHubSpot } from '../../../bench/hubspot.ts';

describe('bench/hubspot', () => {
  it('syncs and writes back 1,234 companies within 1.2x of the minimum calls', async () => {
    const f = await benchHubSpot(1_234);
    expect(f.updates).toBe(1_234);
    // ⌈1,234 / 200⌉ = 7 search pages, and the mapping check's property read.
    expect(f.steps.find((s) => s.step.startsWith('full load'))!.calls).toBe(8);
    expect(f.ratio).toBeLessThanOrEqual(1.2);
  });
});
