// Run history and the audit log on the real Redis: newest first, bounded, paged.
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/audit.ts';
import type { RunRecordInput } from '../../src/store/runs.ts';
import { useRedis } from './helpers.ts';

const ctx = useRedis();

const run = (id: string, startedAt: number): RunRecordInput => ({
  id,
  connectionId: 'c1',
  mode: 'incremental',
  dryRun: false,
  status: 'running',
  startedAt,
  endedAt: null,
  counts: {},
  apiCalls: {},
  errors: [],
});

const fieldsEntry = (i: number): AuditEntry => ({
  kind: 'fields',
  at: 1000 + i,
  runId: `run-${i}`,
  reason: 'incremental sync',
  accountId: `a${i}`,
  changes: { healthScore: { from: i, to: i + 1 }, healthBand: { from: null, to: 'watch' } },
});

describe('RedisRunStore', () => {
  it('saves a run at start and end, and lists runs newest first', async () => {
    const { runs } = ctx.store();
    const started = await runs.save(run('r1', 1000));
    expect(started.counts).toEqual({ accountsRead: 0, accountsSkipped: 0, accountsScored: 0, accountsWritten: 0, accountsUnchanged: 0, activitiesRead: 0, tasksCreated: 0, tasksSkipped: 0, handoffs: 0, ownWritesChecked: 0, ownWritesChanged: 0, errors: 0 });
    await runs.save(run('r2', 3000));
    await runs.save({
      ...run('r1', 1000),
      status: 'succeeded',
      endedAt: 2000,
      counts: { accountsRead: 120, accountsWritten: 7, errors: 1 },
      apiCalls: { 'POST /crm/objects/2026-09/companies/batch/update': 1 },
      errors: [{ code: 'BAD_VALUE', message: 'arr: not a number', accountId: 'a9' }],
    });
    const listed = await runs.list('c1');
    expect(listed.map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(listed[1]).toMatchObject({ status: 'succeeded', endedAt: 2000, counts: { accountsRead: 120, accountsWritten: 7, errors: 1 } });
    expect(await runs.get('c1', 'r1')).toEqual(listed[1]);
    expect(await runs.get('c1', 'nope')).toBeNull();
    expect((await runs.list('c1', 1)).map((r) => r.id)).toEqual(['r2']);
  });

  it('keeps only the newest runs, and the first errors of a run', async () => {
    const { runs } = ctx.store({ runsKept: 3 });
    for (let i = 1; i <= 5; i++) await runs.save(run(`r${i}`, i * 1000));
    expect((await runs.list('c1', 10)).map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
    expect(await runs.get('c1', 'r1')).toBeNull();
    expect(await ctx.redis.hlen(ctx.keys.runs('c1'))).toBe(3);
    const errors = Array.from({ length: 150 }, (_, i) => ({ code: 'BAD_VALUE', message: `m${i}`, accountId: `a${i}` }));
    const saved = await runs.save({ ...run('r6', 6000), counts: { errors: 150 }, errors });
    expect(saved.errors).toHaveLength(100);
    expect(saved.counts.errors).toBe(150);
  });
});

describe('RedisAuditLog', () => {
  it('lists entries newest first with a limit, and pages with `before`', async () => {
    const { audit } = ctx.store();
    await audit.append('c1', [fieldsEntry(1), fieldsEntry(2)]);
    await audit.append('c1', [
      fieldsEntry(3),
      { kind: 'task', at: 1004, runId: 'run-4', reason: 'renewal due', accountId: 'a4', taskKey: 'renewal:a4:2027-01-31', taskKind: 'renewal', crmId: 'hs-9', subject: 'Renewal in 90 days' },
    ]);
    const newest = await audit.list('c1', { limit: 3 });
    expect(newest.map((e) => e.accountId)).toEqual(['a4', 'a3', 'a2']);
    expect(newest[0]).toMatchObject({ kind: 'task', taskKey: 'renewal:a4:2027-01-31', crmId: 'hs-9', reason: 'renewal due', runId: 'run-4' });
    expect(newest[1]).toMatchObject({ kind: 'fields', changes: { healthScore: { from: 3, to: 4 }, healthBand: { from: null, to: 'watch' } } });
    const next = await audit.list('c1', { limit: 3, before: newest.at(-1)!.id });
    expect(next.map((e) => e.accountId)).toEqual(['a1']);
    expect(await audit.list('c2')).toEqual([]);
    await expect(audit.list('c1', { before: '1; FLUSHALL' })).rejects.toThrow(RangeError);
  });

  it('is bounded: the oldest entries fall off', async () => {
    const { audit } = ctx.store({ auditKept: 5 });
    for (let i = 1; i <= 8; i++) await audit.append('c1', [fieldsEntry(i)]);
    expect(await ctx.redis.xlen(ctx.keys.audit('c1'))).toBe(5);
    expect((await audit.list('c1', { limit: 100 })).map((e) => e.accountId)).toEqual(['a8', 'a7', 'a6', 'a5', 'a4']);
  });

  it('refuses a malformed entry and skips an unreadable stored one', async () => {
    const { audit } = ctx.store();
    await expect(audit.append('c1', [{ ...fieldsEntry(1), changes: { nope: { from: 1, to: 2 } } } as never])).rejects.toThrow();
    await audit.append('c1', [fieldsEntry(1)]);
    await ctx.redis.xadd(ctx.keys.audit('c1'), '*', 'e', '{"kind":"fields"}');
    expect((await audit.list('c1')).map((e) => e.accountId)).toEqual(['a1']);
  });
});
