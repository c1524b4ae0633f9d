// The backtest page's parts (docs/backtest.md): churn by band (table and Chart.js bars), how well
// at_risk and at_risk + watch caught it per tier (precision, recall, lift, AUC), churn by tier and
// band, and the current weights against the suggested ones on the held-out newer third with the
// button that opens the suggestion in the policy editor. Each part names the history it stands
// on; an as-of date the history does not reach is listed as "not enough history", never scored.
import { escapeHtml as e } from '../html.ts';
import { type BacktestView, type ReportPartView, type Weights, pct, ratio2, reach, sourceName, times } from './backtest-report.ts';
import { fmt } from './layout.ts';
import { bandBadge } from './portfolio.ts';

const MEASURES = ['usage', 'engagement', 'tickets', 'nps'] as const;
const SCORED = ['healthy', 'watch', 'at_risk'];
const COLOURS: Record<string, string> = { healthy: '#067647', watch: '#b54708', at_risk: '#b42318', all: '#5b6475' };

/** The as-of dates before the history reaches: nothing is scored at them. */
export function uncovered(v: BacktestView): string[] {
  const since = Date.parse(v.history.since);
  const time = v.asOf.slice(10);
  return v.dates.filter((d) => Date.parse(`${d}${time}`) < since);
}

/** Where the bands and measures of a figure came from, as every table's caption says it. */
export function sourceLine(v: BacktestView): string {
  const snapshots = v.fieldHistory.fromSnapshots.length ? ` (${v.fieldHistory.fromSnapshots.map((f) => `<code>${e(f)}</code>`).join(', ')} from crm-pulse’s snapshots)` : '';
  return `Source: <strong data-source="${e(v.history.source)}">${e(sourceName(v.history.source))}</strong>${snapshots}, ${e(reach(Date.parse(v.history.since)))}.`;
}

export function bandTable(v: BacktestView): string {
  const o = v.report.overall;
  const rows = o.bands.map((b) => `<tr data-band="${e(b.band)}" data-accounts="${b.accounts}" data-churned="${b.churned}"><th scope="row">${bandBadge(b.band)}</th><td class="num">${fmt(b.accounts)}</td><td class="num">${fmt(b.churned)}</td><td class="num">${pct(b.churnRate)}</td><td class="num">${b.band === 'insufficient_data' ? '<span class="muted">not scored</span>' : pct(b.shareOfChurn, 0)}</td></tr>`).join('');
  return `<div class="scroll"><table aria-label="Churn by health band" data-bands><caption class="muted">${sourceLine(v)}</caption>
<thead><tr><th scope="col">Band at the as-of date</th><th class="num" scope="col">Account × date</th><th class="num" scope="col">Churned</th><th class="num" scope="col">Churn rate</th><th class="num" scope="col">Share of churn</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><th scope="row">All scored</th><td class="num">${fmt(o.accounts)}</td><td class="num">${fmt(o.churned)}</td><td class="num">${pct(o.churnRate)}</td><td class="num">100 %</td></tr></tfoot></table></div>`;
}

export function bandChart(v: BacktestView): string {
  const o = v.report.overall;
  const bars = [...SCORED.map((band) => ({ key: band, label: band.replace('_', ' '), rate: o.bands.find((b) => b.band === band)?.churnRate ?? null })), { key: 'all', label: 'all scored', rate: o.churnRate }];
  const spec = { type: 'bar', label: 'churn rate, %', labels: bars.map((b) => b.label), values: bars.map((b) => (b.rate === null ? null : Math.round(b.rate * 1000) / 10)), colors: bars.map((b) => COLOURS[b.key]), unit: ' %' };
  return `<div class="chart"><canvas data-chart="${e(JSON.stringify(spec))}" role="img" aria-label="Churn rate within ${fmt(v.range.horizonDays)} days by band: ${bars.map((b) => `${b.label} ${pct(b.rate)}`).join(', ')}"></canvas></div>
<p class="help">Share of the accounts in each band at an as-of date that churned within ${fmt(v.range.horizonDays)} days after it. ${sourceLine(v)}</p>`;
}

const catchCells = (p: ReportPartView) => [p.atRisk, p.atRiskOrWatch].map((c) => `<td class="num">${pct(c.precision)}</td><td class="num">${pct(c.recall)}</td><td class="num">${times(c.lift)}</td>`).join('');

export function catchTable(v: BacktestView): string {
  const row = (label: string, key: string, p: ReportPartView) => `<tr data-part="${e(key)}" data-recall="${p.atRisk.recall ?? ''}" data-lift="${p.atRisk.lift ?? ''}" data-auc="${p.auc ?? ''}"><th scope="row">${label}</th><td class="num">${fmt(p.accounts)}</td><td class="num">${fmt(p.churned)}</td><td class="num">${pct(p.churnRate)}</td>${catchCells(p)}<td class="num">${ratio2(p.auc)}</td></tr>`;
  const tiers = Object.keys(v.report.byTier).sort();
  return `<div class="scroll"><table aria-label="How well the bands caught churn" data-catch><caption class="muted">Precision: churned among the flagged. Recall: flagged among the churned. Lift: precision over the base rate. AUC: the chance a churned account scored lower than a retained one. ${sourceLine(v)}</caption>
<thead><tr><th rowspan="2" scope="col">Tier</th><th rowspan="2" class="num" scope="col">Scored</th><th rowspan="2" class="num" scope="col">Churned</th><th rowspan="2" class="num" scope="col">Base rate</th><th colspan="3" class="num group-head" scope="colgroup">at risk</th><th colspan="3" class="num group-head" scope="colgroup">at risk + watch</th><th rowspan="2" class="num" scope="col">AUC</th></tr>
<tr>${['Precision', 'Recall', 'Lift', 'Precision', 'Recall', 'Lift'].map((h) => `<th class="num" scope="col">${h}</th>`).join('')}</tr></thead>
<tbody>${row('All tiers', 'overall', v.report.overall)}${tiers.map((t) => row(e(t), `tier:${t}`, v.report.byTier[t]!)).join('')}</tbody></table></div>`;
}

export function tierBandTable(v: BacktestView): string {
  const tiers = Object.keys(v.report.byTier).sort();
  const bands = v.report.overall.bands.map((b) => b.band);
  const cell = (p: ReportPartView, band: string) => {
    const b = p.bands.find((x) => x.band === band);
    return !b || b.accounts === 0 ? '<td class="num muted">–</td>' : `<td class="num" data-tier-band="${e(band)}"><strong>${pct(b.churnRate, 0)}</strong><br><span class="help">${fmt(b.churned)} of ${fmt(b.accounts)}</span></td>`;
  };
  return `<div class="scroll"><table aria-label="Churn rate by tier and band" data-tier-bands><caption class="muted">Churn rate within ${fmt(v.range.horizonDays)} days, churned of account × date. ${sourceLine(v)}</caption>
<thead><tr><th scope="col">tier \\ band</th>${bands.map((b) => `<th class="num" scope="col">${bandBadge(b)}</th>`).join('')}<th class="num" scope="col">all scored</th></tr></thead>
<tbody>${tiers.map((t) => { const p = v.report.byTier[t]!; return `<tr><th scope="row">${e(t)}</th>${bands.map((b) => cell(p, b)).join('')}<td class="num"><strong>${pct(p.churnRate, 0)}</strong><br><span class="help">${fmt(p.churned)} of ${fmt(p.accounts)}</span></td></tr>`; }).join('')}</tbody></table></div>`;
}

function weightsTable(current: Weights | null, suggested: Weights): string {
  const sum = (w: Weights) => MEASURES.reduce((s, m) => s + w[m], 0);
  // Weights are shares of their sum: the share is shown when the sum is not 100 already.
  const share = (w: Weights, m: (typeof MEASURES)[number]) => (sum(w) === 0 || sum(w) === 100 ? '' : ` <span class="help">${fmt((w[m] / sum(w)) * 100)} %</span>`);
  return `<table aria-label="Current and suggested weights" data-weights><thead><tr><th scope="col">Measure</th><th class="num" scope="col">Current</th><th class="num" scope="col">Suggested</th></tr></thead>
<tbody>${MEASURES.map((m) => `<tr><th scope="row">${m}</th><td class="num">${current ? `${fmt(current[m])}${share(current, m)}` : '–'}</td><td class="num" data-suggested="${m}">${fmt(suggested[m])}${share(suggested, m)}</td></tr>`).join('')}</tbody></table>`;
}

function heldOutTable(v: BacktestView): string {
  const { current, suggested } = v.suggested.heldOut;
  const line = (label: string, f: (p: ReportPartView) => string, key: string) => `<tr data-held-out="${key}"><th scope="row">${label}</th><td class="num">${f(current)}</td><td class="num">${f(suggested)}</td></tr>`;
  return `<table aria-label="Current against suggested weights on the held-out dates" data-held-out-table><thead><tr><th scope="col">On the held-out third</th><th class="num" scope="col">Current</th><th class="num" scope="col">Suggested</th></tr></thead><tbody>
${line('AUC', (p) => ratio2(p.auc), 'auc')}${line('at risk: flagged', (p) => fmt(p.atRisk.flagged), 'flagged')}${line('at risk: precision', (p) => pct(p.atRisk.precision), 'precision')}${line('at risk: recall', (p) => pct(p.atRisk.recall), 'recall')}${line('at risk: lift', (p) => times(p.atRisk.lift), 'lift')}
${line('at risk + watch: recall', (p) => pct(p.atRiskOrWatch.recall), 'recall-watch')}${line('at risk + watch: lift', (p) => times(p.atRiskOrWatch.lift), 'lift-watch')}</tbody></table>`;
}

/** The query that opens the policy editor with the suggested weights as an unsaved draft (policy-suggested.ts). */
function openButton(base: string, day: string, w: Weights): string {
  const hidden = MEASURES.map((m) => `<input type="hidden" name="health.weights.${m}" value="${w[m]}">`).join('');
  return `<form method="get" action="${e(base)}/policy" class="actions"><input type="hidden" name="from" value="backtest"><input type="hidden" name="day" value="${e(day)}">${hidden}<button type="submit">Open suggested weights in the policy editor</button><span class="help">a draft: nothing is saved until you save it there</span></form>`;
}

export function weightsPanel(v: BacktestView, base: string, day: string, policyWeights: Weights | null): string {
  const { fit, heldOut, fitDates, heldOutDates } = v.suggested;
  const current = v.suggested.current ?? policyWeights;
  const span = (d: readonly string[]) => (d.length ? `${e(d[0]!)} to ${e(d.at(-1)!)}` : 'none');
  const grid = Math.round(((100 / fit.step + 1) * (100 / fit.step + 2) * (100 / fit.step + 3)) / 6);
  const how = `<p class="help">A search over the ${fmt(grid)} weight vectors in steps of ${fmt(fit.step)} summing to 100 for the best AUC on the older two thirds of the as-of dates (${span(fitDates)}, ${fmt(fit.observations)} observations with sub-scores${fit.auc === null ? '' : `: AUC ${ratio2(fit.auc)}`}), then both weightings rescored on the newer third (${span(heldOutDates)}, ${fmt(heldOut.observations)} observations). ${sourceLine(v)}</p>`;
  if (fit.auc === null) return `<p data-no-suggestion>No weights suggested: the fitting dates hold no churned account, or no retained one, with sub-scores to compare.</p>${how}`;
  const same = current !== null && MEASURES.every((m) => current[m] === fit.weights[m]);
  const uncoveredHeld = heldOutDates.filter((d) => uncovered(v).includes(d));
  const heldOutPart = heldOut.observations === 0
    ? `<p class="muted" data-not-enough-history>not enough history on the held-out dates: ${uncoveredHeld.length ? `the history does not reach ${span(uncoveredHeld)}` : 'no held-out account × date could be rescored (bands read from snapshots carry no sub-scores)'}.</p>`
    : heldOutTable(v);
  return `<div class="grid two"><div>${weightsTable(current, fit.weights)}${same ? '<p>The current weights already score best on this history: nothing to change.</p>' : openButton(base, day, fit.weights)}</div><div>${heldOutPart}</div></div>${how}`;
}
