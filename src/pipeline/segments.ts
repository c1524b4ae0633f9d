// RFM segments, ranked over the connection's whole portfolio (DOMAIN.md section 9), in two steps
// of each cycle. rankSegments runs after every batch is scored (their wins are kept) and before
// any is written: it keeps each account's segment, so the write pass sends values and segment in
// one write. updateSegments runs after the write pass: accounts the cycle did not score can move
// quintile when others' wins change, and only those whose segment differs from the one last
// written are written, the segment alone. The ranking reads only Redis; the CRM sees a write
// where a segment changed, never a pass over the whole portfolio.
import { RfmRanking } from '../scoring/index.ts';
import { changedValues, WRITE_BATCH, writeFields, type FieldWrite } from '../writeback/index.ts';
import { type WriteBackValues } from '../model/index.ts';
import type { Store } from '../store/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import { emptyOutcome, wrote, type Outcome } from './outcome.ts';
import type { WriteDeps } from './write-accounts.ts';

export interface SegmentsStep {
  asOf: number;
  runId: string;
  reason: string;
  dryRun: boolean;
}

const PAGE = 1_000;

/** The portfolio ranked by its kept wins, and the accounts that have any. */
async function rank(ctx: ConnectionContext, asOf: number, store: Store): Promise<{ ranking: RfmRanking; ids: string[] }> {
  // The ranking keeps three numbers an account: at 100,000 accounts, holding every account's
  // wins and segment at once was the largest thing a worker held.
  const ranking = new RfmRanking(asOf, ctx.policy);
  const ids: string[] = [];
  for await (const page of store.wins.scan(ctx.id)) {
    for (const a of page) {
      ids.push(a.accountId);
      ranking.add(a.accountId, a.wins.map(([closedAt, amount]) => ({ won: true, closedAt, amount })));
    }
  }
  return { ranking, ids };
}

/** Ranks the portfolio and keeps each account's segment for the write pass (none for a win outside the window). */
export async function rankSegments(ctx: ConnectionContext, asOf: number, store: Store): Promise<void> {
  const { ranking, ids } = await rank(ctx, asOf, store);
  for (let i = 0; i < ids.length; i += PAGE) {
    await store.segments.setMany(ctx.id, ids.slice(i, i + PAGE).map((accountId) => ({ accountId, segment: ranking.segment(accountId)?.text ?? null })));
  }
}

/**
 * Writes the segments that differ from the last written ones: after the write pass, the accounts
 * the cycle did not score whose quintile moved. A dry run keeps no segments, so it ranks in memory
 * and lists the changes.
 */
export async function updateSegments(ctx: ConnectionContext, step: SegmentsStep, deps: Omit<WriteDeps, 'staleTaskMs'>): Promise<Outcome> {
  const outcome = emptyOutcome();
  const { store } = deps;
  const ranked = step.dryRun ? await rank(ctx, step.asOf, store) : null;
  const segmentsOf = async (ids: readonly string[]): Promise<Map<string, string>> => {
    if (!ranked) return store.segments.getMany(ctx.id, ids);
    return new Map(ids.flatMap((id) => [[id, ranked.ranking.segment(id)?.text] as const]).filter((e): e is readonly [string, string] => e[1] !== undefined));
  };
  const scoredAt = new Date(step.asOf).toISOString();
  // Writes wait across pages until a batch is full: a few moved segments scattered over a big
  // portfolio's pages go out in one write, not one per page. Only whole batches go out before the
  // end; the rest waits for the next page.
  const batch = ctx.connector.writeBatchSize ?? WRITE_BATCH;
  let writes: FieldWrite[] = [];
  const flush = async (all: boolean) => {
    const n = all ? writes.length : writes.length - (writes.length % batch);
    if (n > 0) wrote(outcome, await writeFields({ connectionId: ctx.id, connector: ctx.connector, store, metrics: deps.metrics, runId: step.runId, reason: step.reason, at: deps.now(), writes: writes.slice(0, n) }), null);
    writes = writes.slice(n);
  };
  for await (const ids of ranked ? pages(ranked.ids) : scanIds(store, ctx.id)) {
    const [segments, last] = await Promise.all([segmentsOf(ids), store.written.getMany(ctx.id, ids)]);
    const moved: FieldWrite[] = [];
    for (const id of ids) {
      const next: Partial<WriteBackValues> = { segment: segments.get(id) ?? null, scoredAt };
      const changes = changedValues(last.get(id), next);
      if (Object.keys(changes).length > 0) moved.push({ accountId: id, last: last.get(id) ?? null, changes });
    }
    if (step.dryRun) {
      outcome.planned.push(...moved.map((w) => ({ accountId: w.accountId, name: null, values: w.changes, tasks: [] })));
      continue;
    }
    writes.push(...moved);
    await flush(false);
  }
  await flush(true);
  return outcome;
}

async function* pages(ids: readonly string[]): AsyncIterable<string[]> {
  for (let i = 0; i < ids.length; i += PAGE) yield ids.slice(i, i + PAGE);
}

/** The accounts with wins, a page at a time, without holding them all. */
async function* scanIds(store: Store, connectionId: string): AsyncIterable<string[]> {
  for await (const page of store.wins.scan(connectionId)) yield page.map((a) => a.accountId);
}
