// Task dedupe on the real Redis: reserve before create (one owner however many callers), confirm
// after, pending keys for reconciliation after a crash, release, status, and TaskState per account.
import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../src/model/state.ts';
import type { TaskReservation } from '../../src/store/tasks.ts';
import { useRedis } from './helpers.ts';

const ctx = useRedis();

const rescue: TaskReservation = { key: 'rescue:a1:2026-11-23', accountId: 'a1', kind: 'rescue', dealId: null, at: 1000, createdAt: 1000 };
const handoff: TaskReservation = { key: 'handoff:d9', accountId: 'a1', kind: 'handoff', dealId: 'd9', at: 1000, createdAt: 1000 };
const renewal: TaskReservation = { key: 'renewal:a2:2027-01-31', accountId: 'a2', kind: 'renewal', dealId: null, at: 2000, createdAt: 2000 };

describe('RedisTaskStore', () => {
  it('gives a key to exactly one of many concurrent callers', async () => {
    const { tasks } = ctx.store();
    const results = await Promise.all(Array.from({ length: 8 }, () => tasks.reserve('c1', [rescue, handoff])));
    expect(results.filter((owned) => owned.has(rescue.key))).toHaveLength(1);
    expect(results.filter((owned) => owned.has(handoff.key))).toHaveLength(1);
    expect(await tasks.reserve('c1', [rescue, renewal, renewal])).toEqual(new Set([renewal.key]));
    // Keys are per connection.
    expect(await tasks.reserve('c2', [rescue])).toEqual(new Set([rescue.key]));
  });

  it('lists reserved keys never confirmed (a crash between reserve and create) for reconciliation', async () => {
    const { tasks } = ctx.store();
    await tasks.reserve('c1', [rescue, handoff, renewal]);
    await tasks.confirm('c1', [{ ...handoff, crmId: 'hs-1', createdAt: 1500 }]);
    expect((await tasks.pending('c1', 5000)).map((t) => t.key)).toEqual([rescue.key, renewal.key]);
    // Only reservations old enough that their worker is gone.
    expect((await tasks.pending('c1', 1999)).map((t) => t.key)).toEqual([rescue.key]);
    const [first] = await tasks.pending('c1', 1000);
    expect(first).toEqual({ key: rescue.key, accountId: 'a1', kind: 'rescue', dealId: null, status: 'open', createdAt: 1000, crmId: null, reservedAt: 1000 });
  });

  it('reconciles: found in the CRM -> confirmed; not found -> released and free to reserve again', async () => {
    const { tasks } = ctx.store();
    await tasks.reserve('c1', [rescue, renewal]);
    await tasks.confirm('c1', [{ ...rescue, crmId: 'hs-7', createdAt: 1200, status: 'completed' }]);
    await tasks.release('c1', [renewal]);
    expect(await tasks.pending('c1', Infinity)).toEqual([]);
    expect(await tasks.reserve('c1', [rescue, renewal])).toEqual(new Set([renewal.key]));
    // A confirmed key is never released: it is what stops a duplicate.
    await tasks.release('c1', [rescue]);
    expect(await tasks.reserve('c1', [rescue])).toEqual(new Set());
  });

  it("returns each account's tasks as the engine's TaskState, pending ones as open", async () => {
    const { tasks } = ctx.store();
    await tasks.reserve('c1', [rescue, handoff, renewal]);
    await tasks.confirm('c1', [{ ...handoff, crmId: 'hs-2', createdAt: 900 }]);
    await tasks.setStatus('c1', [
      { key: handoff.key, status: 'completed' },
      { key: 'unknown', status: 'completed' },
    ]);
    const byAccount = await tasks.forAccounts('c1', ['a1', 'a2', 'a3']);
    const a1: TaskState[] = byAccount.get('a1')!;
    expect(a1).toEqual([
      { key: handoff.key, accountId: 'a1', kind: 'handoff', status: 'completed', createdAt: 900, dealId: 'd9', crmId: 'hs-2', reservedAt: 1000 },
      { key: rescue.key, accountId: 'a1', kind: 'rescue', status: 'open', createdAt: 1000, dealId: null, crmId: null, reservedAt: 1000 },
    ]);
    expect(byAccount.get('a2')!.map((t) => t.key)).toEqual([renewal.key]);
    expect(byAccount.get('a3')).toEqual([]);
  });

  it('confirm records a task even when its reservation was lost, and leaves unreadable records out', async () => {
    const { tasks } = ctx.store();
    await tasks.confirm('c1', [{ ...renewal, crmId: 'hs-3', createdAt: 3000 }]);
    expect((await tasks.forAccounts('c1', ['a2'])).get('a2')).toMatchObject([{ key: renewal.key, crmId: 'hs-3', reservedAt: 3000 }]);
    expect(await tasks.reserve('c1', [renewal])).toEqual(new Set());
    await tasks.reserve('c1', [rescue]);
    await ctx.redis.hset(ctx.keys.tasks('c1'), rescue.key, '{"broken"');
    expect((await tasks.forAccounts('c1', ['a1'])).get('a1')).toEqual([]);
    expect(await tasks.reserve('c1', [rescue])).toEqual(new Set());
  });
});
