// The API-call benchmark at a small scale, so it keeps running: a full sync and write-back
// against the local fake org (which refuses anything over Salesforce's caps) stays within 1.2x of
// the minimum those caps allow, and the incremental cycles stay small.
import { describe, expect, it } from 'vitest';
import { benchSalesforce } from '../../../bench/salesforce.ts';

describe('bench/salesforce', () => {
  it('syncs and writes back 1,234 Accounts within 1.2x of the minimum calls', async () => {
    const f = await benchSalesforce(1_234);
    expect(f.updates).toBe(1_234);
    const step = (name: string) => f.steps.find((s) => s.step.startsWith(name))!;
    // The mapping's describe, the recycle bin, one SOQL page of 2,000.
    expect(step('read Accounts').calls).toBe(3);
    expect(step('write-back').calls).toBe(7);
    expect(step('task create').calls).toBe(Math.ceil(f.tasks / 200));
    expect(f.ratio).toBeLessThanOrEqual(1.2);
    expect(f.incremental.steady.calls).toBeLessThan(10);
  });
});
