// The demo's summary as text for a terminal: a tier-by-band table with ARR, the at-risk accounts
// with their why, the renewals coming up, the tasks made, and API calls against the CRM's limits.
import type { Band, DemoAccount, DemoSummary } from './demo-summary.ts';

const BANDS: [Band, string][] = [
  ['healthy', 'healthy'],
  ['watch', 'watch'],
  ['at_risk', 'at risk'],
  ['insufficient_data', 'no data'],
];
const SHOWN = 8;

export interface ApiLimits {
  /** e.g. "110 requests per 10 s and 5 searches per s". */
  shortTerm: string;
  /** Calls a day, or null when the CRM has no daily limit here. */
  daily: number | null;
  /** The least time the short-term limit allows for the calls made, in ms; null when the CRM has none. */
  minimumMs: number | null;
}

const n = (x: number) => x.toLocaleString('en');

export function money(x: number | null): string {
  if (x === null) return 'no ARR';
  if (x >= 1e6) return `$${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `$${Math.round(x / 1e3)}K`;
  return `$${x}`;
}

function table(s: DemoSummary, tierOrder: readonly string[]): string[] {
  const tiers = [...tierOrder.filter((t) => s.grid.has(t)), ...[...s.grid.keys()].filter((t) => !tierOrder.includes(t))];
  // Accounts without ARR (tier unknown) show their count alone.
  const cell = (c: { count: number; arr: number } | undefined) => (c ? (c.arr > 0 ? `${n(c.count)} · ${money(c.arr)}` : n(c.count)) : '-');
  const rows = tiers.map((tier) => {
    const row = s.grid.get(tier)!;
    const total = [...row.values()].reduce((t, c) => ({ count: t.count + c.count, arr: t.arr + c.arr }), { count: 0, arr: 0 });
    return [tier, ...BANDS.map(([band]) => cell(row.get(band))), cell(total)];
  });
  const all = [['tier', ...BANDS.map(([, label]) => label), 'total'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('   ')}`.trimEnd());
}

function more(list: readonly DemoAccount[]): string[] {
  return list.length > SHOWN ? [`  ... and ${n(list.length - SHOWN)} more (the admin API shows each account)`] : [];
}

export function formatDemoSummary(s: DemoSummary, tierOrder: readonly string[], limits: ApiLimits): string {
  const k = s.run.counts;
  const lines = [`Accounts by tier and health band (accounts · ARR), ${n(s.accounts.length)} in all:`, ...table(s, tierOrder), ''];

  const riskArr = s.atRisk.reduce((t, a) => t + (a.arr ?? 0), 0);
  lines.push(`At risk: ${n(s.atRisk.length)} accounts, ${money(riskArr)} ARR (largest first), each with the why written on its record:`);
  for (const a of s.atRisk.slice(0, SHOWN)) lines.push(`  ${a.name} (${a.id}, ${a.tier}, ${money(a.arr)})`, `    ${a.why}`);
  lines.push(...more(s.atRisk), '');

  const renewArr = s.renewals.reduce((t, a) => t + (a.arr ?? 0), 0);
  lines.push(`Renewals in the next 90 days: ${n(s.renewals.length)} accounts, ${money(renewArr)} ARR:`);
  for (const a of s.renewals.slice(0, SHOWN)) lines.push(`  ${a.renewal.contractEnd}  ${a.name} (${a.id}), ${money(a.arr)}, ${a.renewal.stage}, health ${a.band.replace('_', ' ')}`);
  lines.push(...more(s.renewals), '');

  const kinds = Object.entries(s.tasks).map(([kind, count]) => `${kind} ${n(count)}`);
  lines.push(`Tasks created in the CRM: ${n(k.tasksCreated)}${kinds.length ? ` (${kinds.join(', ')})` : ''}, none twice; handoffs started for ${n(k.handoffs)} deals won in the last 30 days.`);
  lines.push(`Accounts written: ${n(k.accountsWritten)} writes of ${n(k.accountsScored)} accounts scored (values and RFM segment in one write each).`);

  const calls = Object.entries(s.run.apiCalls);
  const total = calls.reduce((t, [, c]) => t + c, 0);
  const searches = calls.filter(([route]) => route.endsWith('/search')).reduce((t, [, c]) => t + c, 0);
  const daily = limits.daily ? `, ${((100 * total) / limits.daily).toFixed(3)} % of the ${n(limits.daily)} a day` : '';
  const pace =
    limits.minimumMs === null ? 'with no per-second limit to wait for' : limits.minimumMs > 0 ? `at that pace they need at least ${(limits.minimumMs / 1000).toFixed(1)} s` : 'they fit in one window, so the limit never held it back';
  lines.push(`API calls: ${n(total)}${searches ? ` (${n(searches)} searches)` : ''} against ${limits.shortTerm}${daily}; the cycle took ${(s.run.durationMs / 1000).toFixed(1)} s, ${pace}.`);
  return `${lines.join('\n')}\n`;
}
