// The RFM segment of every account with wins, ranked over the connection's whole portfolio
// (DOMAIN.md section 9), and written where it changed. It runs once at the end of each cycle,
// after every batch has recorded its accounts' wins; accounts without a win in the window get no
// segment, which their own batch already wrote.
import { RfmRanking } from '../scoring/index.ts';
import { changedValues, writeFields, type FieldWrite } from '../writeback/index.ts';
import { type WriteBackValues } from '../model/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import { emptyOutcome, wrote, type Outcome } from './outcome.ts';
import type { ScoreDeps } from './score-accounts.ts';

export interface SegmentsStep {
  asOf: number;
  runId: string;
  reason: string;
  dryRun: boolean;
}

const READ_BATCH = 1_000;

export async function updateSegments(ctx: ConnectionContext, step: SegmentsStep, deps: ScoreDeps): Promise<Outcome> {
  const outcome = emptyOutcome();
  // The ranking keeps three numbers an account and the set its ids: at 100,000 accounts, holding
  // every account's wins and segment at once was the largest thing a worker held.
  const ranking = new RfmRanking(step.asOf, ctx.policy);
  const withWins = new Set<string>();
  for await (const page of deps.store.wins.scan(ctx.id)) {
    for (const a of page) {
      withWins.add(a.accountId);
      ranking.add(a.accountId, a.wins.map(([closedAt, amount]) => ({ won: true, closedAt, amount })));
    }
  }
  const all = [...withWins];
  withWins.clear();
  const scoredAt = new Date(step.asOf).toISOString();
  for (let i = 0; i < all.length; i += READ_BATCH) {
    const ids = all.slice(i, i + READ_BATCH);
    const last = await deps.store.written.getMany(ctx.id, ids);
    const writes: FieldWrite[] = [];
    for (const id of ids) {
      const next: Partial<WriteBackValues> = { segment: ranking.segment(id)?.text ?? null, scoredAt };
      const changes = changedValues(last.get(id), next);
      if (Object.keys(changes).length > 0) writes.push({ accountId: id, last: last.get(id) ?? null, changes });
    }
    if (step.dryRun) {
      outcome.planned.push(...writes.map((w) => ({ accountId: w.accountId, name: null, values: w.changes, tasks: [] })));
      continue;
    }
    wrote(outcome, await writeFields({ connectionId: ctx.id, connector: ctx.connector, store: deps.store, metrics: deps.metrics, runId: step.runId, reason: step.reason, at: deps.now(), writes }), null);
  }
  return outcome;
}
