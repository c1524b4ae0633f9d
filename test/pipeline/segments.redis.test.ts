// The segments step on the real Redis, over a portfolio the store scans in several pages: the
// writes of moved segments wait across pages, so a few moved accounts scattered over the portfolio
// cost the CRM one write call, not one per page; many go out in whole batches until the last;
// and a dry run lists the changes and writes nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AccountUpdate, Connector } from '../../src/connectors/connector.ts';
import { parseMapping } from '../../src/connectors/mapping/schema.ts';
import { DAY_MS } from '../../src/model/dates.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import { noMetrics } from '../../src/observe/metrics.ts';
import { rankSegments, updateSegments } from '../../src/pipeline/segments.ts';
import type { Store } from '../../src/store/index.ts';
import type { ConnectionContext } from '../../src/sync/index.ts';
import { useRedis } from '../store/helpers.ts';

const redis = useRedis();
const AS_OF = Date.parse('2026-11-23T23:59:59.999Z');
const SCORED_AT = new Date(AS_OF).toISOString();
// HubSpot's batch cap: what one write call may carry.
const BATCH = 100;
// No ranking gives a quintile of 0: a segment that differs from every kept one.
const OLD_SEGMENT = 'hibernating R0F0M0';
const MAPPING = parseMapping(JSON.parse(readFileSync(new URL('../../examples/mapping.hubspot.json', import.meta.url), 'utf8')));

/** A CRM that accepts every write and keeps each call; the step may use nothing else of it (anything else is undefined and throws). */
function countingCrm(): { calls: AccountUpdate[][]; ctx: ConnectionContext } {
  const calls: AccountUpdate[][] = [];
  const connector: Partial<Connector> = {
    kind: 'hubspot',
    writeBatchSize: BATCH,
    writeAccounts: async (updates) => {
      calls.push([...updates]);
      return updates.map((u) => ({ accountId: u.accountId, error: null }));
    },
  };
  return { calls, ctx: { id: 'c1', kind: 'hubspot', isEnv: true, connector: connector as Connector, mapping: MAPPING, policy: DEFAULTS } };
}

/**
 * 2,500 accounts with wins, their segments kept by the ranking as a cycle keeps them, and each
 * segment already written: nothing has moved yet. Returns the kept segments and the accounts of
 * each page of the store's scan, the pages updateSegments walks.
 */
async function portfolio(ctx: ConnectionContext, store: Store): Promise<{ kept: Map<string, string>; pages: string[][] }> {
  const ids = Array.from({ length: 2_500 }, (_, i) => `a${i}`);
  await store.wins.setMany(ctx.id, ids.map((accountId, i) => ({ accountId, wins: [[AS_OF - (i % 700) * DAY_MS, 1_000 + i]] })));
  await rankSegments(ctx, AS_OF, store);
  const kept = await store.segments.getMany(ctx.id, ids);
  await store.written.setMany(ctx.id, ids.map((accountId) => ({ accountId, values: { segment: kept.get(accountId)!, scoredAt: '2026-11-01T00:00:00.000Z' } })));
  const pages: string[][] = [];
  for await (const page of store.wins.scan(ctx.id)) pages.push(page.map((a) => a.accountId));
  // One page would make one write call whether or not writes wait across pages.
  expect(pages.length).toBeGreaterThan(2);
  return { kept, pages };
}

/** Makes the CRM hold another segment than the kept one on these accounts: their segment has moved. */
async function move(ctx: ConnectionContext, store: Store, ids: readonly string[]): Promise<void> {
  await store.written.setMany(ctx.id, ids.map((accountId) => ({ accountId, values: { segment: OLD_SEGMENT, scoredAt: '2026-11-01T00:00:00.000Z' } })));
}

const step = (dryRun: boolean) => ({ asOf: AS_OF, runId: 'run-1', reason: 'test', dryRun });
const deps = (store: Store) => ({ store, metrics: noMetrics, now: () => AS_OF });
const byId = (a: { accountId: string }, b: { accountId: string }) => a.accountId.localeCompare(b.accountId);

describe('updateSegments', () => {
  it('writes a few moved segments from different scan pages in one call, and nothing else', async () => {
    const { calls, ctx } = countingCrm();
    const store = redis.store();
    const { kept, pages } = await portfolio(ctx, store);
    // The first and last account of every page: a few moves scattered over the whole scan.
    const moved = pages.flatMap((p) => [p[0]!, p.at(-1)!]);
    await move(ctx, store, moved);

    const outcome = await updateSegments(ctx, step(false), deps(store));

    expect(calls).toHaveLength(1);
    expect(calls[0]!.sort(byId)).toEqual(moved.map((accountId) => ({ accountId, values: { segment: kept.get(accountId), scoredAt: SCORED_AT } })).sort(byId));
    expect(outcome.counts.accountsWritten).toBe(moved.length);
    // Recorded as written: the next pass finds nothing moved.
    expect(await updateSegments(ctx, step(false), deps(store))).toMatchObject({ counts: { accountsWritten: 0 } });
    expect(calls).toHaveLength(1);
  });

  it('writes more moved segments than a batch in whole batches until the last, each account once', async () => {
    const { calls, ctx } = countingCrm();
    const store = redis.store();
    const { kept, pages } = await portfolio(ctx, store);
    // 150 on each page: more than a batch moves within a page, and across the portfolio.
    const moved = pages.flatMap((p) => p.slice(0, 150));
    await move(ctx, store, moved);

    await updateSegments(ctx, step(false), deps(store));

    // Whole batches only until the last: ceil(moved / batch) calls, not one short call per page.
    expect(calls.map((c) => c.length)).toEqual([100, 100, 100, 100, 50]);
    const sent = calls.flat();
    expect(sent.map((u) => u.accountId).sort()).toEqual([...moved].sort());
    expect(sent.every((u) => u.values.segment === kept.get(u.accountId))).toBe(true);
  });

  it('lists the moved segments on a dry run and writes nothing', async () => {
    const { calls, ctx } = countingCrm();
    const store = redis.store();
    const { kept, pages } = await portfolio(ctx, store);
    const moved = pages.map((p) => p[0]!);
    await move(ctx, store, moved);

    const outcome = await updateSegments(ctx, step(true), deps(store));

    expect(calls).toEqual([]);
    expect(outcome.planned.sort(byId)).toEqual(moved.map((accountId) => ({ accountId, name: null, values: { segment: kept.get(accountId), scoredAt: SCORED_AT }, tasks: [] })).sort(byId));
    // The CRM still holds the old segments as far as the store knows.
    expect([...(await store.written.getMany(ctx.id, moved)).values()].map((v) => v.segment)).toEqual(moved.map(() => OLD_SEGMENT));
  });
});
