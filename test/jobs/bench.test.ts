// The cycle benchmark at a small scale, so it keeps running: the real `crm-pulse run --json`
// against the fake portal scores every company, and the figures it reports add up.
import { describe, expect, it } from 'vitest';
import { benchCycle } from '../../bench/cycle.ts';

describe('bench/cycle', () => {
  it('runs one cycle of 300 companies and reports its calls, time and memory', async () => {
    const f = await benchCycle(300, 1_000);
    expect(f.accountsWritten).toBe(330);
    expect(f.apiCalls + f.searchCalls).toBe(Object.values(f.byRoute).reduce((a, b) => a + b, 0));
    expect(f.byRoute['GET /crm/v3/objects/companies']).toBe(3);
    expect(f.minimumSeconds).toBe(0);
    expect(f.cycleSeconds).toBeGreaterThan(0);
    expect(f.peakRssMb).toBeGreaterThan(50);
    expect(f.peakRssMb).toBeLessThan(300);
  }, 60_000);
});
