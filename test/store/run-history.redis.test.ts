// A run's shared history on the real Redis: one claim per part at a time across processes (each
// store is a process), appends that join records per company, a part served only once done, a dead
// reader's claim that lapses and hands the part to the next batch (whose read starts afresh and
// whose predecessor can no longer write), expiry on every key, and the run's end deleting it all.
// A part kept by record id is asked for every record a batch's companies ever had: tens of
// thousands of keys, most absent, read 10,000 a round trip.
import { describe, expect, it, vi } from 'vitest';
import { PulseError } from '../../src/model/errors.ts';
import { keysUnder, useRedis } from './helpers.ts';

const ctx = useRedis();

describe('run history', () => {
  it('lets one process read a part while the others wait, then serves every company its records', async () => {
    const a = ctx.store().runHistory.forRun('conn-1', 'run-1');
    const b = ctx.store().runHistory.forRun('conn-1', 'run-1');
    expect(await a.claim('calls:1')).toBe('read');
    expect(await b.claim('calls:1')).toBe('busy');
    expect(await a.claim('calls:1')).toBe('busy');
    await a.append('calls:1', new Map([['c1', ['{"id":"k1"}']], ['c2', ['{"id":"k2"}']]]));
    await a.append('calls:1', new Map([['c1', ['{"id":"k3"}', '{"id":"k4"}']]]));
    expect(await b.claim('calls:1')).toBe('busy');
    await a.finish('calls:1');
    expect(await b.claim('calls:1')).toBe('done');
    expect(await b.get('calls:1', ['c1', 'c2', 'c3'])).toEqual(
      new Map([
        ['c1', ['{"id":"k1"}', '{"id":"k3"}', '{"id":"k4"}']],
        ['c2', ['{"id":"k2"}']],
      ]),
    );
    // Another run shares nothing with it.
    expect(await ctx.store().runHistory.forRun('conn-1', 'run-2').claim('calls:1')).toBe('read');
  });

  it("hands a dead reader's part to the next batch, which starts it afresh; the dead reader can no longer write", async () => {
    const dead = ctx.store().runHistory.forRun('conn-1', 'run-1');
    const next = ctx.store().runHistory.forRun('conn-1', 'run-1');
    expect(await dead.claim('deals:1')).toBe('read');
    await dead.append('deals:1', new Map([['c1', ['{"id":"d-stale"}']]]));
    // The claim lapses as it would 60 s after the reader's last append.
    await ctx.redis.pexpire(`${ctx.keys.runHistory('conn-1', 'run-1', 'deals:1')}:claim`, 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await next.claim('deals:1')).toBe('read');
    expect(await next.get('deals:1', ['c1'])).toEqual(new Map());
    const lost = await dead.append('deals:1', new Map([['c1', ['{"id":"d-late"}']]])).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(PulseError);
    expect((lost as PulseError).code).toBe('HISTORY_READ_TAKEN_OVER');
    await next.append('deals:1', new Map([['c1', ['{"id":"d1"}']]]));
    await next.finish('deals:1');
    expect(await dead.get('deals:1', ['c1'])).toEqual(new Map([['c1', ['{"id":"d1"}']]]));
  });

  it('gives a failed read back at once, keeps nothing without a TTL, and deletes the run at its end', async () => {
    const store = ctx.store();
    const a = store.runHistory.forRun('conn-1', 'run-1');
    const b = ctx.store().runHistory.forRun('conn-1', 'run-1');
    expect(await a.claim('meetings:1')).toBe('read');
    await a.release('meetings:1');
    expect(await b.claim('meetings:1')).toBe('read');
    await b.append('meetings:1', new Map([['c1', ['{"id":"m1"}']]]));
    await b.finish('meetings:1');
    expect(await a.claim('tickets:1')).toBe('read');

    const keys = await keysUnder(ctx);
    expect(keys).toEqual(['conn:conn-1:run-history:run-1', 'conn:conn-1:run-history:run-1:meetings:1', 'conn:conn-1:run-history:run-1:meetings:1:done', 'conn:conn-1:run-history:run-1:tickets:1:claim']);
    for (const key of keys) expect(await ctx.redis.pttl(`${ctx.prefix}:${key}`)).toBeGreaterThan(0);

    await store.runHistory.clear('conn-1', 'run-1');
    expect(await keysUnder(ctx)).toEqual([]);
  });

  it('serves a part kept by record id to a get of 25,000 keys, 10,000 a round trip, with only the kept ones', async () => {
    const a = ctx.store().runHistory.forRun('conn-1', 'run-1');
    expect(await a.claim('calls:1:byRecord')).toBe('read');
    await a.append('calls:1:byRecord', new Map([['k5', ['{"id":"k5"}']], ['k12345', ['{"id":"k12345"}']], ['k24999', ['{"id":"k24999"}']]]));
    await a.finish('calls:1:byRecord');
    const pipelines = vi.spyOn(ctx.redis, 'pipeline');
    const asked = Array.from({ length: 25_000 }, (_, i) => `k${i}`);
    expect(await a.get('calls:1:byRecord', asked)).toEqual(
      new Map([
        ['k5', ['{"id":"k5"}']],
        ['k12345', ['{"id":"k12345"}']],
        ['k24999', ['{"id":"k24999"}']],
      ]),
    );
    expect(pipelines).toHaveBeenCalledTimes(3);
    pipelines.mockRestore();
  });
});
