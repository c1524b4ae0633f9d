// "Test on a record": one account re-scored from what the store holds (cached-portfolio.ts)
// under the policy in use and under a draft, side by side: score, band, tier, each measure's
// value, sub-score, weight and points, the signals with their evidence, and the tasks the
// playbook would create (those whose dedupe key no task holds yet). No CRM call. Both sides are
// as of the account's last score, so they differ by the policy alone.
import type { Policy, TaskKind } from '../model/index.ts';
import { createSummaryScorer, keptBasisKey, type ScoreResult } from '../scoring/index.ts';
import type { Store } from '../store/index.ts';
import { basisMismatch, staleEntry } from './cached-portfolio.ts';

export interface AccountView {
  score: number | null;
  band: string;
  tier: string;
  explanation: {
    why: string;
    measures: { name: string; value: number | null; subScore: number | null; weight: number; points: number | null; detail: Record<string, number | boolean | string> }[];
    missing: string[];
    weightPresent: number;
    weightTotal: number;
    trend: number | null;
  };
  signals: { code: string; evidence: string }[];
  tasks: { kind: TaskKind; key: string; subject: string; ownerId: string | null; dueAt: string }[];
}

export type PreviewAnswer = { ok: true; asOf: string; before: AccountView; after: AccountView } | { ok: false; missing: true } | { ok: false; missing: false; reasons: string[] };

export async function accountPreview(store: Store, connectionId: string, accountId: string, current: Policy, draft: Policy): Promise<PreviewAnswer> {
  const from = (await store.summaries.getMany(connectionId, [accountId])).get(accountId);
  if (!from) return { ok: false, missing: true };
  const reasons = basisMismatch(current, draft);
  const stale = staleEntry(from, keptBasisKey(current));
  if (stale) reasons.push(stale);
  if (reasons.length > 0) return { ok: false, missing: false, reasons };
  const [account, tasks] = await Promise.all([store.accounts.getMany(connectionId, [accountId]), store.tasks.forAccounts(connectionId, [accountId])]);
  const cached = account.get(accountId);
  if (!cached) return { ok: false, missing: true };
  const states = tasks.get(accountId) ?? [];
  const record = { ...cached, deals: from.deals, snapshots: from.compared ? [from.compared] : [], tasks: states };
  const held = new Set(states.map((t) => t.key));
  const view = (policy: Policy) => toView(createSummaryScorer(policy, from.asOf)(record, from.summary), held);
  return { ok: true, asOf: new Date(from.asOf).toISOString(), before: view(current), after: view(draft) };
}

function toView(r: ScoreResult, held: ReadonlySet<string>): AccountView {
  const h = r.health;
  return {
    score: h.score,
    band: h.band,
    tier: r.tier,
    explanation: {
      why: r.why,
      measures: h.measures.map((m) => ({ name: m.name, value: m.raw, subScore: m.subScore, weight: m.weight, points: m.points, detail: m.detail })),
      missing: h.missing,
      weightPresent: h.weightPresent,
      weightTotal: h.weightTotal,
      trend: h.trend,
    },
    signals: r.signals.map((s) => ({ code: s.code, evidence: s.evidence })),
    tasks: r.tasks.filter((t) => !held.has(t.key)).map((t) => ({ kind: t.kind, key: t.key, subject: t.subject, ownerId: t.ownerId, dueAt: new Date(t.dueAt).toISOString() })),
  };
}
