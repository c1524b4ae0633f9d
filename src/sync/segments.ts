// The RFM segment of every account with wins, ranked over the connection's whole portfolio
// (DOMAIN.md section 9), and written where it changed. It runs once at the end of each cycle,
// after every batch has recorded its accounts' wins; accounts without a win in the window get no
// segment, which their own batch already wrote.
import type { Deal } from '../model/activity.ts';
import { rfmSegments, type RfmInput } from '../scoring/rfm.ts';
import type { AccountWins } from '../store/wins.ts';
import { changedValues, type WriteBackValues } from '../writeback/values.ts';
import { writeFields, type FieldWrite } from '../writeback/write-fields.ts';
import type { ConnectionContext } from './contexts.ts';
import { emptyOutcome, type Outcome } from './outcome.ts';
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
  // SCAN may return an entry twice (while Redis resizes the hash): one per account.
  const byAccount = new Map<string, AccountWins>();
  for await (const page of deps.store.wins.scan(ctx.id)) for (const a of page) byAccount.set(a.accountId, a);
  // Each account's deals are made as the ranking reads it, not all at once: at 100,000 accounts
  // the whole list of them was the largest thing a worker held.
  function* inputs(): Generator<RfmInput> {
    for (const a of byAccount.values()) yield { id: a.accountId, deals: a.wins.map(([closedAt, amount], i): Deal => ({ id: `${a.accountId}:${i}`, won: true, closedAt, amount })) };
  }
  const segments = rfmSegments(inputs(), step.asOf, ctx.policy);
  const all = [...byAccount.keys()];
  byAccount.clear();
  const scoredAt = new Date(step.asOf).toISOString();
  for (let i = 0; i < all.length; i += READ_BATCH) {
    const ids = all.slice(i, i + READ_BATCH);
    const last = await deps.store.written.getMany(ctx.id, ids);
    const writes: FieldWrite[] = [];
    for (const id of ids) {
      const next: Partial<WriteBackValues> = { segment: segments.get(id)?.text ?? null, scoredAt };
      const changes = changedValues(last.get(id), next);
      if (Object.keys(changes).length > 0) writes.push({ accountId: id, last: last.get(id) ?? null, changes });
    }
    if (step.dryRun) {
      outcome.planned.push(...writes.map((w) => ({ accountId: w.accountId, name: null, values: w.changes, tasks: [] })));
      continue;
    }
    await writeFields({ connectionId: ctx.id, connector: ctx.connector, store: deps.store, metrics: deps.metrics, runId: step.runId, reason: step.reason, at: deps.now(), writes }, outcome);
  }
  return outcome;
}
