// The retention figures of DOMAIN.md section 10 as a table, from the cached backtest report:
// overall, by tier and by band at the window's start; gross dollar churn, net revenue retention,
// logo churn, LTV, and LTV/CAC and CAC payback when a CAC is set. A group whose window the history
// does not reach says "not enough history" and why, with no figure. The caption names the source.
import type { BacktestAnswer } from '../../jobs/index.ts';
import { escapeHtml as e } from '../html.ts';
import { type RetentionView, pct, reach, readReport, sourceName } from './backtest-report.ts';
import { fmt, money, when } from './layout.ts';

type Group = RetentionView['overall'];

const BAND_ORDER = ['healthy', 'watch', 'at_risk', 'insufficient_data'];
const COLUMNS = 10;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// Section 10's targets: gross dollar churn under 20 % a year, LTV over 3x CAC, payback within 12 months.
const mark = (ok: boolean | null, text: string) => (ok === null ? text : `<span class="${ok ? 'meets' : 'misses'}">${text}</span>`);

function row(label: string, g: Group, key: string): string {
  if (g.status === 'not_enough_history') return `<tr data-retention="${e(key)}" data-status="not_enough_history"><th scope="row">${label}</th><td colspan="${COLUMNS}" class="muted">not enough history: ${e(g.reason)}</td></tr>`;
  const f = g.figures;
  const cells = [
    fmt(f.customersAtStart),
    fmt(f.churned),
    money(f.arrAtStart),
    mark(f.grossDollarChurn === null ? null : f.grossDollarChurn < 0.2, pct(f.grossDollarChurn)),
    pct(f.netRevenueRetention),
    pct(f.logoChurnRate),
    money(f.ltv),
    money(f.cac),
    mark(f.ltvToCac === null ? null : f.ltvToCac > 3, f.ltvToCac === null ? '–' : `${f.ltvToCac.toFixed(1)}×`),
    mark(f.cacPaybackMonths === null ? null : f.cacPaybackMonths <= 12, f.cacPaybackMonths === null ? '–' : `${fmt(f.cacPaybackMonths, 1)} mo`),
  ];
  return `<tr data-retention="${e(key)}" data-status="ok" data-gross-dollar-churn="${f.grossDollarChurn ?? ''}" data-nrr="${f.netRevenueRetention ?? ''}"><th scope="row">${label}</th>${cells.map((c) => `<td class="num">${c}</td>`).join('')}</tr>`;
}

export function retentionTable(r: RetentionView): string {
  const tiers = Object.keys(r.byTier).sort();
  // `unknown`: accounts that were no customer at the window's start, so never a row of figures.
  const bands = Object.keys(r.byBand).filter((b) => b !== 'unknown').sort((a, b) => BAND_ORDER.indexOf(a) - BAND_ORDER.indexOf(b));
  const head = ['Customers at start', 'Churned', 'ARR at start', 'Gross $ churn', 'NRR', 'Logo churn', 'LTV', 'CAC', 'LTV / CAC', 'CAC payback'];
  const group = (title: string) => `<tr class="group"><th colspan="${COLUMNS + 1}" scope="rowgroup">${title}</th></tr>`;
  return `<div class="scroll"><table aria-label="Retention metrics" data-retention-table><caption class="muted">Trailing ${fmt(r.window.days)} days, ${e(day(r.window.from))} to ${e(day(r.window.to))}. Source of past ARR and contract ends: <strong data-source="${e(r.source)}">${e(sourceName(r.source))}</strong> (<code>${e(r.source)}</code>), ${e(reach(r.historySince))}.</caption>
<thead><tr><th></th>${head.map((h) => `<th class="num" scope="col">${h}</th>`).join('')}</tr></thead>
<tbody>${row('All accounts', r.overall, 'overall')}${group('By tier')}${tiers.map((t) => row(e(t), r.byTier[t]!, `tier:${t}`)).join('')}${group('By health band at the window’s start')}${bands.map((b) => row(e(b.replace('_', ' ')), r.byBand[b]!, `band:${b}`)).join('')}</tbody></table></div>
<p class="help">Targets: gross dollar churn under 20 % a year, LTV over 3× CAC, CAC payback within 12 months. LTV is average ARR × gross margin ÷ logo churn, capped by the policy's lifetime; LTV / CAC and payback need <code>retention.cac</code> in the policy.</p>`;
}

/** The portfolio page's retention section: the cached report's figures, or why there are none yet. */
export function retentionSection(answer: BacktestAnswer, base: string): string {
  const shown = answer.status === 'ready' ? answer.cached : answer.stale;
  const link = `<a href="${e(base)}/backtest">backtest</a>`;
  const queued = answer.status === 'queued' ? `Today’s report is being computed (${link} job queued)${shown ? `; these figures are from the report of ${e(when(shown.computedAt))}` : ''}.` : `From the ${link} report of ${e(when(answer.cached.computedAt))}.`;
  const parsed = shown ? readReport(shown.report) : null;
  const body = !parsed ? '<p>No retention figures yet.</p>' : parsed.ok ? retentionTable(parsed.view.retention) : `<p class="error">The cached report cannot be read: ${e(parsed.problems.join('; '))}</p>`;
  return `<section data-retention-section><h2>Retention</h2><p class="help">${queued}</p>${body}</section>`;
}
