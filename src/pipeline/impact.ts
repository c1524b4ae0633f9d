// The impact preview: a draft policy applied to the whole cached portfolio, compared with what
// each account's last score said (what was written, or is about to be). Every account is
// re-scored by the pure engine from what the store holds (cached-portfolio.ts): no CRM call. The
// tasks counted are the ones a full run under the draft would create: those the draft's playbook
// asks for whose dedupe key no task holds yet, as the write pass reserves them (store/tasks.ts).
// Each account is re-scored as of its last score, so the preview shows the policy's effect alone,
// not the days passed since; a full run right away scores as of now.
//
// Pages of entries are read while the page before is scored, and only the tallies (matrices,
// signal and task counts, the top movers) outlive a page; the connection's task records are
// read once, first.
import type { Account, Policy } from '../model/index.ts';
import { createSummaryScorer, ImpactTally, keptBasisKey, MOVERS_SHOWN, type ImpactCounts, type SummaryScorer } from '../scoring/index.ts';
import type { ScoredFrom, Store } from '../store/index.ts';
import { basisMismatch, staleEntry, tasksByAccount } from './cached-portfolio.ts';

export interface ImpactOptions {
  /** The accounts that move most, listed with their why before and after. Default MOVERS_SHOWN. */
  movers?: number;
  /** Accounts read a page at a time. Default 1,000. */
  pageSize?: number;
}

/** The impact, or why the cache cannot show it (a run is needed first). */
export type ImpactAnswer = { ok: true; impact: ImpactCounts } | { ok: false; reasons: string[] };

type Page = { entries: ScoredFrom[]; accounts: Map<string, Account> };

export async function portfolioImpact(store: Store, connectionId: string, current: Policy, draft: Policy, options: ImpactOptions = {}): Promise<ImpactAnswer> {
  const mismatch = basisMismatch(current, draft);
  if (mismatch.length > 0) return { ok: false, reasons: mismatch };
  const basis = keptBasisKey(draft);
  const tasks = await tasksByAccount(store, connectionId);
  const tally = new ImpactTally(options.movers ?? MOVERS_SHOWN);
  const scorers = new Map<number, SummaryScorer>();
  const pages = store.summaries.scan(connectionId, options.pageSize ?? 1000)[Symbol.asyncIterator]();

  const next = async (): Promise<Page | null | string> => {
    const page = await pages.next();
    if (page.done) return null;
    for (const e of page.value) {
      const stale = staleEntry(e, basis);
      if (stale) return stale;
    }
    return { entries: page.value, accounts: await store.accounts.getMany(connectionId, page.value.map((e) => e.accountId)) };
  };
  let loading = next();
  for (;;) {
    const page = await loading;
    if (page === null) break;
    if (typeof page === 'string') {
      await pages.return?.();
      return { ok: false, reasons: [page] };
    }
    loading = next();
    for (const from of page.entries) {
      const account = page.accounts.get(from.accountId);
      if (!account) continue;
      let scorer = scorers.get(from.asOf);
      if (!scorer) scorers.set(from.asOf, (scorer = createSummaryScorer(draft, from.asOf)));
      const held = tasks.get(account.id) ?? [];
      const after = scorer({ ...account, deals: from.deals, snapshots: from.compared ? [from.compared] : [], tasks: held }, from.summary);
      const keys = new Set(held.map((t) => t.key));
      tally.add({
        accountId: account.id,
        name: account.name ?? null,
        arr: account.arr ?? null,
        before: from.scored,
        after: { score: after.health.score, band: after.health.band, tier: after.tier, why: after.why, signals: after.signals.map((s) => s.code) },
        created: after.tasks.filter((t) => !keys.has(t.key)).map((t) => t.kind),
      });
    }
  }
  return { ok: true, impact: tally.result() };
}
