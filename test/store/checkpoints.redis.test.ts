// Checkpoints on the real Redis: a round trip per stream, and a corrupt one means "start over".
import { describe, expect, it } from 'vitest';
import { useRedis } from './helpers.ts';

const ctx = useRedis();

describe('RedisCheckpointStore', () => {
  it('keeps one checkpoint per connection and stream', async () => {
    const { checkpoints } = ctx.store();
    expect(await checkpoints.get('c1', 'accounts')).toBeNull();
    const accounts = { v: 1, source: 'hubspot.companies', phase: 'initial', afterId: '200', startedAt: 1_767_225_600_000 };
    const activities = { v: 1, source: 'hubspot.activities', cursors: { meetings: { since: 5, seen: ['1', '2'] } } };
    await checkpoints.set('c1', 'accounts', accounts);
    await checkpoints.set('c1', 'activities', activities);
    await checkpoints.set('c2', 'accounts', { after: null });
    expect(await checkpoints.get('c1', 'accounts')).toEqual(accounts);
    expect(await checkpoints.get('c1', 'activities')).toEqual(activities);
    expect(await checkpoints.get('c2', 'accounts')).toEqual({ after: null });
    await checkpoints.set('c1', 'accounts', { ...accounts, after: '400' });
    expect(await checkpoints.get('c1', 'accounts')).toMatchObject({ after: '400' });
  });

  it('gives null (start over) for invalid JSON or a value that is not an object', async () => {
    const { checkpoints } = ctx.store();
    for (const raw of ['{"after":', '"a string"', '[1,2]', 'null']) {
      await ctx.redis.hset(ctx.keys.checkpoints('c1'), 'accounts', raw);
      expect(await checkpoints.get('c1', 'accounts')).toBeNull();
    }
  });

  it('clears one stream or all of them (--full)', async () => {
    const { checkpoints } = ctx.store();
    await checkpoints.set('c1', 'accounts', { a: 1 });
    await checkpoints.set('c1', 'activities', { b: 2 });
    await checkpoints.clear('c1', 'activities');
    expect(await checkpoints.get('c1', 'activities')).toBeNull();
    expect(await checkpoints.get('c1', 'accounts')).toEqual({ a: 1 });
    await checkpoints.clear('c1');
    expect(await checkpoints.get('c1', 'accounts')).toBeNull();
  });
});
