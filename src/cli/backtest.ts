// `crm-pulse backtest`: replays the connection's past (docs/backtest.md) and prints the section
// 11 report, the suggested weights against the current ones on the held-out newer third, and the
// section 10 retention metrics, each naming the history it came from. It reads the CRM's history
// and crm-pulse's own snapshots, writes nothing, and needs a first sync to know the portfolio.
import { ConnectionError } from '../model/index.ts';
import { backtestConnection, type ConnectionBacktest } from '../pipeline/index.ts';
import type { Runtime } from './runtime.ts';

export interface BacktestOptions {
  connection?: string;
  horizon?: number;
  months?: number;
  step?: number;
  asOf?: number;
}

export type BacktestRun = { code: 0; results: ConnectionBacktest[] } | { code: 2; message: string };

export async function runBacktests(rt: Runtime, options: BacktestOptions): Promise<BacktestRun> {
  const now = options.asOf ?? rt.env.CRM_PULSE_AS_OF ?? rt.jobs.now();
  const ids = options.connection ? [options.connection] : await rt.contexts.ids();
  if (ids.length === 0) return { code: 2, message: 'no connection to backtest: connect a CRM and run `crm-pulse run` once first' };
  const results: ConnectionBacktest[] = [];
  for (const id of ids) {
    try {
      const ctx = await rt.contexts.get(id);
      const b = ctx.policy.backtest;
      const range = { months: options.months ?? b.months, stepDays: options.step ?? b.stepDays, horizonDays: options.horizon ?? b.horizonDays };
      results.push(await backtestConnection(ctx, rt.store, { now, range }));
    } catch (error) {
      if (error instanceof ConnectionError) return { code: 2, message: `connection ${id}: ${error.message}` };
      throw error;
    }
  }
  return { code: 0, results };
}

const pct = (x: number | null) => (x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
const num = (x: number | null, digits = 2) => (x === null ? 'n/a' : x.toFixed(digits));

export function formatBacktest(r: ConnectionBacktest): string {
  const lines = [
    `connection ${r.connectionId} (${r.crm}): ${r.accounts} accounts, ${r.dates.length} as-of dates ${r.dates[0] ?? '-'} .. ${r.dates.at(-1) ?? '-'}, horizon ${r.range.horizonDays} days`,
    `history: ${r.history.source} since ${r.history.since.slice(0, 10)}; fields with CRM history: ${r.fieldHistory.tracked.join(', ') || 'none'}`,
    `  ${r.headline}`,
    '',
    '  band                accounts  churned  churn rate  share of churn',
    ...r.report.overall.bands.map((b) => `  ${b.band.padEnd(18)}  ${String(b.accounts).padStart(8)}  ${String(b.churned).padStart(7)}  ${pct(b.churnRate).padStart(10)}  ${pct(b.shareOfChurn).padStart(14)}`),
    `  at_risk: precision ${pct(r.report.overall.atRisk.precision)} recall ${pct(r.report.overall.atRisk.recall)} lift ${num(r.report.overall.atRisk.lift)}x; at_risk+watch: precision ${pct(r.report.overall.atRiskOrWatch.precision)} recall ${pct(r.report.overall.atRiskOrWatch.recall)} lift ${num(r.report.overall.atRiskOrWatch.lift)}x; AUC ${num(r.report.overall.auc, 3)}`,
    '',
    `  suggested weights (${r.suggested.fit.method}, fitted on ${r.suggested.fitDates.length} older dates): ${Object.entries(r.suggested.fit.weights).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  held out (${r.suggested.heldOutDates.length} newer dates, ${r.suggested.heldOut.observations} observations): AUC current ${num(r.suggested.heldOut.current.auc, 3)} vs suggested ${num(r.suggested.heldOut.suggested.auc, 3)}; at_risk lift ${num(r.suggested.heldOut.current.atRisk.lift)}x vs ${num(r.suggested.heldOut.suggested.atRisk.lift)}x`,
  ];
  const calls = (what: string, c: { made: number; minimum: number } | null) => (c ? `${what} ${c.made} calls (minimum ${c.minimum})` : null);
  const read = [calls('field history', r.fieldHistoryCalls), calls('activities, tickets and deals', r.historyCalls)].filter((x) => x !== null);
  lines.push(`  read: ${read.length ? `${read.join('; ')}; ` : ''}${r.seconds.read} s reading, ${r.seconds.compute} s computing`);
  const ret = r.retention.overall;
  lines.push(
    ret.status === 'ok'
      ? `  retention (${r.retention.window.days} days, ${r.retention.source}): gross dollar churn ${pct(ret.figures.grossDollarChurn)}, NRR ${pct(ret.figures.netRevenueRetention)}, LTV ${num(ret.figures.ltv, 0)}${ret.figures.ltvToCac === null ? '' : `, LTV/CAC ${num(ret.figures.ltvToCac)}`}${ret.figures.cacPaybackMonths === null ? '' : `, CAC payback ${num(ret.figures.cacPaybackMonths, 1)} months`}`
      : `  retention: not enough history (${ret.reason})`,
  );
  return `${lines.join('\n')}\n`;
}
