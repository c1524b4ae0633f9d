// Score snapshots on the real Redis: one per account per UTC day (the day's last), bounded to the
// newest 400 days, in date order, batch reads and writes.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/dates.ts';
import { useRedis } from './helpers.ts';

const ctx = useRedis();

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const at = (iso: string) => Date.parse(iso);

describe('RedisSnapshotStore', () => {
  it('keeps one snapshot per UTC day: the last one written that day', async () => {
    const { snapshots } = ctx.store();
    await snapshots.putMany('c1', [{ accountId: 'a1', at: at('2026-11-20T01:00:00Z'), score: 70, nps: 30 }]);
    await snapshots.putMany('c1', [{ accountId: 'a1', at: at('2026-11-20T23:59:59Z'), score: 64, nps: null }]);
    await snapshots.putMany('c1', [{ accountId: 'a1', at: at('2026-11-21T00:00:00Z'), score: null, nps: 10 }]);
    const got = await snapshots.getMany('c1', ['a1', 'a2']);
    expect(got.get('a1')).toEqual([
      { date: day('2026-11-20'), score: 64, nps: null },
      { date: day('2026-11-21'), score: null, nps: 10 },
    ]);
    expect(got.get('a2')).toEqual([]);
  });

  it('keeps days in order when an earlier day is written later (a backfill with --as-of)', async () => {
    const { snapshots } = ctx.store();
    for (const d of ['2026-11-10', '2026-11-30', '2026-11-20', '2026-11-01']) {
      await snapshots.putMany('c1', [{ accountId: 'a1', at: day(d), score: Number(d.slice(8)), nps: null }]);
    }
    const dates = (await snapshots.getMany('c1', ['a1'])).get('a1')!.map((s) => s.date);
    expect(dates).toEqual(['2026-11-01', '2026-11-10', '2026-11-20', '2026-11-30'].map(day));
  });

  it('keeps the newest 400 days, counted from the newest snapshot, and ignores writes older than that', async () => {
    const { snapshots } = ctx.store();
    const start = day('2025-01-01');
    for (let i = 0; i < 410; i += 10) {
      await snapshots.putMany('c1', Array.from({ length: 10 }, (_, j) => ({ accountId: 'a1', at: start + (i + j) * DAY_MS + 3_600_000, score: (i + j) % 100, nps: null })));
    }
    let list = (await snapshots.getMany('c1', ['a1'])).get('a1')!;
    expect(list).toHaveLength(400);
    expect(list[0]!.date).toBe(start + 10 * DAY_MS);
    expect(list.at(-1)!.date).toBe(start + 409 * DAY_MS);
    await snapshots.putMany('c1', [{ accountId: 'a1', at: start + 5 * DAY_MS, score: 1, nps: 1 }]);
    list = (await snapshots.getMany('c1', ['a1'])).get('a1')!;
    expect(list).toHaveLength(400);
    expect(list[0]!.date).toBe(start + 10 * DAY_MS);
  });

  it('takes a smaller window from its options', async () => {
    const { snapshots } = ctx.store({ snapshotDays: 3 });
    for (let i = 0; i < 5; i++) await snapshots.putMany('c1', [{ accountId: 'a1', at: i * DAY_MS, score: i, nps: null }]);
    expect((await snapshots.getMany('c1', ['a1'])).get('a1')!.map((s) => s.score)).toEqual([2, 3, 4]);
  });

  it('writes and reads a page of 1,000 accounts, and forgets deleted ones', async () => {
    const { snapshots } = ctx.store();
    const ids = Array.from({ length: 1000 }, (_, i) => `a${i}`);
    await snapshots.putMany('c1', ids.map((accountId, i) => ({ accountId, at: day('2026-11-23'), score: i % 100, nps: -50 + (i % 100) })));
    await snapshots.putMany('c1', ids.map((accountId, i) => ({ accountId, at: day('2026-11-24'), score: i % 100, nps: 0.5 })));
    const got = await snapshots.getMany('c1', ids);
    expect(got.size).toBe(1000);
    expect(got.get('a123')).toEqual([
      { date: day('2026-11-23'), score: 23, nps: -27 },
      { date: day('2026-11-24'), score: 23, nps: 0.5 },
    ]);
    await snapshots.deleteMany('c1', ['a123']);
    expect((await snapshots.getMany('c1', ['a123'])).get('a123')).toEqual([]);
  });

  it('reads only the days asked for, by text search for a short range and by decoding for a long one', async () => {
    const { snapshots } = ctx.store();
    const start = day('2026-01-01');
    await snapshots.putMany('c1', Array.from({ length: 100 }, (_, i) => ({ accountId: 'a1', at: start + i * 2 * DAY_MS, score: i, nps: i % 2 ? null : -i })));
    const scores = async (from: number, to: number) => (await snapshots.getMany('c1', ['a1', 'a2'], { from, to })).get('a1')!.map((s) => s.score);
    // Days 60..67 hold entries 30..33 (every second day); the range's ends are whole UTC days.
    expect(await scores(start + 60 * DAY_MS + 5, start + 67 * DAY_MS + 5)).toEqual([30, 31, 32, 33]);
    expect(await scores(start + 61 * DAY_MS, start + 61 * DAY_MS)).toEqual([]);
    expect(await scores(start + 100 * DAY_MS, start + 299 * DAY_MS)).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));
    expect((await snapshots.getMany('c1', ['a1'], { from: start + 2 * DAY_MS, to: start + 2 * DAY_MS })).get('a1')).toEqual([{ date: start + 2 * DAY_MS, score: 1, nps: null }]);
    expect((await snapshots.getMany('c1', ['a2'], { from: start, to: start + 10 * DAY_MS })).get('a2')).toEqual([]);
  });

  it('reads a corrupt list as none, and starts it over on the next write', async () => {
    const { snapshots } = ctx.store();
    await ctx.redis.hset(ctx.keys.snapshots('c1'), 'a1', '[[1,2]', 'a2', '{"x":1}');
    expect((await snapshots.getMany('c1', ['a1', 'a2'])).get('a1')).toEqual([]);
    await snapshots.putMany('c1', [
      { accountId: 'a1', at: day('2026-11-23'), score: 50, nps: null },
      { accountId: 'a2', at: day('2026-11-23'), score: 51, nps: null },
    ]);
    const got = await snapshots.getMany('c1', ['a1', 'a2']);
    expect(got.get('a1')).toEqual([{ date: day('2026-11-23'), score: 50, nps: null }]);
    expect(got.get('a2')).toEqual([{ date: day('2026-11-23'), score: 51, nps: null }]);
  });
});
