// What the demo shows after its first cycle, read back from crm-pulse's store the way the admin
// API reads it: accounts by tier and health band with their ARR, the at-risk accounts with their
// one-line why, renewals in the next 90 days, the tasks made, and the run's API calls.
import { DAY_MS, type TaskKind } from '../model/index.ts';
import type { Store, StoredScore } from '../store/index.ts';
import type { RunSummary } from './run.ts';

export type Band = StoredScore['health']['band'];

export interface DemoAccount {
  id: string;
  name: string;
  tier: string;
  band: Band;
  arr: number | null;
  why: string;
  renewal: StoredScore['renewal'];
}

export interface DemoSummary {
  accounts: DemoAccount[];
  /** tier -> band -> count and ARR. */
  grid: Map<string, Map<Band, { count: number; arr: number }>>;
  /** Largest ARR first. */
  atRisk: DemoAccount[];
  /** Contract ends from now to 90 days on, soonest first. */
  renewals: DemoAccount[];
  tasks: Partial<Record<TaskKind, number>>;
  run: RunSummary;
}

const RENEWAL_WINDOW_DAYS = 90;
const CHUNK = 500;

export async function demoSummary(store: Store, connectionId: string, accountIds: readonly string[], run: RunSummary, asOf: number): Promise<DemoSummary> {
  const accounts: DemoAccount[] = [];
  const tasks: Partial<Record<TaskKind, number>> = {};
  for (let i = 0; i < accountIds.length; i += CHUNK) {
    const ids = accountIds.slice(i, i + CHUNK);
    const [cached, scores, records] = await Promise.all([store.accounts.getMany(connectionId, ids), Promise.all(ids.map((id) => store.scores.get(connectionId, id))), store.tasks.forAccounts(connectionId, ids)]);
    scores.forEach((score, k) => {
      if (!score) return;
      const account = cached.get(ids[k]!);
      accounts.push({ id: score.accountId, name: score.name ?? account?.name ?? score.accountId, tier: score.tier, band: score.health.band, arr: account?.arr ?? null, why: score.why, renewal: score.renewal });
    });
    for (const t of [...records.values()].flat()) if (t.crmId !== null) tasks[t.kind] = (tasks[t.kind] ?? 0) + 1;
  }
  const grid = new Map<string, Map<Band, { count: number; arr: number }>>();
  for (const a of accounts) {
    const row = grid.get(a.tier) ?? new Map();
    const cell = row.get(a.band) ?? { count: 0, arr: 0 };
    cell.count += 1;
    cell.arr += a.arr ?? 0;
    row.set(a.band, cell);
    grid.set(a.tier, row);
  }
  const endsSoon = (a: DemoAccount) => {
    const end = a.renewal.contractEnd ? Date.parse(a.renewal.contractEnd) : Number.NaN;
    return end >= asOf - DAY_MS && end <= asOf + RENEWAL_WINDOW_DAYS * DAY_MS;
  };
  return {
    accounts,
    grid,
    atRisk: accounts.filter((a) => a.band === 'at_risk').sort((a, b) => (b.arr ?? 0) - (a.arr ?? 0)),
    renewals: accounts.filter(endsSoon).sort((a, b) => a.renewal.contractEnd!.localeCompare(b.renewal.contractEnd!)),
    tasks,
    run,
  };
}
