// The impact preview: a draft policy applied to the whole cached portfolio, compared with what
// each account's last score says (what was written, or is about to be). Every account is
// re-scored by the pure engine from what the store holds (cached-portfolio.ts): no CRM call. The
// tasks counted are the ones a full run under the draft would create: those the draft's playbook
// asks for whose dedupe key no task holds yet, as the write pass reserves them (store/tasks.ts).
// Each account is re-scored as of its last score, so the preview shows the policy's effect alone,
// not the days passed since; a full run right away scores as of now.
//
// Pages of summaries are read while the page before is scored, and only the tallies (matrices,
// signal and task counts, the top movers) outlive a page, so memory stays bounded.
import type { Policy } from '../model/index.ts';
import { createSummaryScorer, ImpactTally, MOVERS_SHOWN, type ImpactCounts, type ImpactSide, type SummaryScorer } from '../scoring/index.ts';
import type { ScoredFrom, Store } from '../store/index.ts';
import { loadCached, staleSummary, summaryMismatch, type CachedAccount } from './cached-portfolio.ts';

export interface ImpactOptions {
  /** The accounts that move most, listed with their why before and after. Default MOVERS_SHOWN. */
  movers?: number;
  /** Accounts read a page at a time. Default 1,000. */
  pageSize?: number;
}

/** The impact, or why the cache cannot show it (a run is needed first). */
export type ImpactAnswer = { ok: true; impact: ImpactCounts } | { ok: false; reasons: string[] };

export async function portfolioImpact(store: Store, connectionId: string, current: Policy, draft: Policy, options: ImpactOptions = {}): Promise<ImpactAnswer> {
  const mismatch = summaryMismatch(current, draft);
  if (mismatch.length > 0) return { ok: false, reasons: mismatch };
  const tally = new ImpactTally(options.movers ?? MOVERS_SHOWN);
  const scorers = new Map<number, SummaryScorer>();
  const pages = store.summaries.scan(connectionId, options.pageSize ?? 1000)[Symbol.asyncIterator]();

  const next = async (): Promise<CachedAccount[] | null | string> => {
    const page = await pages.next();
    if (page.done) return null;
    const stale = firstStale(page.value, draft);
    return stale ?? loadCached(store, connectionId, page.value, draft.snapshots);
  };
  let loading = next();
  for (;;) {
    const cached = await loading;
    if (cached === null) break;
    if (typeof cached === 'string') {
      await pages.return?.();
      return { ok: false, reasons: [cached] };
    }
    loading = next();
    for (const c of cached) {
      let scorer = scorers.get(c.from.asOf);
      if (!scorer) scorers.set(c.from.asOf, (scorer = createSummaryScorer(draft, c.from.asOf)));
      const { score: before, account, from, snapshots, tasks } = c;
      const after = scorer({ ...account, deals: from.deals, snapshots, tasks }, from.summary);
      const held = new Set(tasks.map((t) => t.key));
      tally.add({
        accountId: account.id,
        name: account.name ?? null,
        arr: account.arr ?? null,
        before: { score: before.health.score, band: before.health.band, tier: before.tier, why: before.why, signals: before.signals.map((s) => s.code) },
        after: side(after),
        created: after.tasks.filter((t) => !held.has(t.key)).map((t) => t.kind),
      });
    }
  }
  return { ok: true, impact: tally.result() };
}

function firstStale(page: readonly ScoredFrom[], draft: Policy): string | null {
  for (const e of page) {
    const stale = staleSummary(e, draft);
    if (stale) return stale;
  }
  return null;
}

function side(r: { health: { score: number | null; band: ImpactSide['band'] }; tier: string; why: string; signals: readonly { code: string }[] }): ImpactSide {
  return { score: r.health.score, band: r.health.band, tier: r.tier, why: r.why, signals: r.signals.map((s) => s.code) };
}
