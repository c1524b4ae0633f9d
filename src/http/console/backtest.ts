// The backtest page (docs/backtest.md, docs/console.md): the connection's cached backtest report,
// asked for the way the admin API asks (jobs/backtest-request.ts): today's report under the
// current policy, or the job that computes it queued and followed (htmx polling; the page reloads
// when the report is in) while the last report, if any, is shown marked as earlier.
import { Router } from 'express';
import { backtestState, policyDigest, requestBacktest, type BacktestAnswer } from '../../jobs/index.ts';
import type { CachedBacktest } from '../../store/index.ts';
import { knownConnection } from '../admin-connection.ts';
import type { HttpDeps } from '../deps.ts';
import { escapeHtml as e } from '../html.ts';
import { bandChart, bandTable, catchTable, tierBandTable, uncovered, weightsPanel } from './backtest-panels.ts';
import { type BacktestView, type Weights, readReport, reach, sourceName } from './backtest-report.ts';
import { fmt, page, when } from './layout.ts';
import { signedIn } from './session.ts';

const watch = (base: string, text: string) => `<div hx-get="${e(base)}/backtest/watch" hx-trigger="every 2s" hx-swap="outerHTML" data-backtest-watch><p class="muted">${text}</p></div>`;

function pending(base: string, a: Extract<BacktestAnswer, { status: 'queued' }>, digest: string): string {
  const failed = a.lastFailure ? ` The last attempt failed (${e(a.lastFailure)}); it is tried again.` : '';
  const stale = a.stale ? ` Below is the last report, computed ${e(when(a.stale.computedAt))}${a.stale.policyDigest === digest ? '' : ' under an earlier policy'}.` : '';
  return `<div class="notice pending" role="status" data-backtest-queued="${e(a.jobId)}"><p>Today’s report under the current policy is not computed yet: backtest job <code>${e(a.jobId)}</code> is queued. It reads the CRM’s history of every account, which takes a while on a large portfolio; this page reloads when it is ready.${failed}${stale}</p>${watch(base, 'Waiting for the backtest…')}</div>`;
}

/** Why nothing can be reported at all, when no account × date was scored. */
function nothingScored(v: BacktestView): string | null {
  if (v.report.overall.accounts > 0) return null;
  const missing = uncovered(v);
  if (v.dates.length === 0) return `no as-of date: none of the last ${fmt(v.range.months)} months is ${fmt(v.range.horizonDays)} days in the past yet`;
  if (missing.length === v.dates.length) return `the history (${sourceName(v.history.source)}) reaches back to ${v.history.since.slice(0, 10)}, after every as-of date (${v.dates[0]} to ${v.dates.at(-1)})`;
  if (v.observations === 0) return 'no account was a customer at any as-of date';
  return `the history could not rebuild the state of any account at any as-of date (${fmt(v.insufficientData)} account × date, all insufficient data)`;
}

function facts(v: BacktestView, cached: CachedBacktest, current: boolean): string {
  const missing = uncovered(v);
  // All missing: the page says so in place of the figures.
  const gap = missing.length && missing.length < v.dates.length ? `<p class="muted" data-not-enough-history>not enough history for ${fmt(missing.length)} of the as-of dates (${e(missing[0]!)} to ${e(missing.at(-1)!)}): the history reaches back to ${e(v.history.since.slice(0, 10))}, so nothing is scored at them.</p>` : '';
  const item = (dt: string, dd: string) => `<div><dt>${dt}</dt><dd>${dd}</dd></div>`;
  return `<section><p class="lead" data-headline>${e(v.headline)}</p><dl class="facts">
${item('As of', e(v.asOf.slice(0, 10)))}${item('As-of dates', `${fmt(v.dates.length)}${v.dates.length ? `: ${e(v.dates[0]!)} to ${e(v.dates.at(-1)!)}` : ''} <span class="help">every ${fmt(v.range.stepDays)} days, ${fmt(v.range.months)} months back</span>`)}
${item('Churn counted', `within ${fmt(v.range.horizonDays)} days of a date`)}${item('Accounts', `${fmt(v.accounts)} <span class="help">the last sync’s</span>`)}
${item('Account × date', `${fmt(v.observations)} <span class="help">${fmt(v.insufficientData)} insufficient data</span>`)}${item('History', `<span data-history-source="${e(v.history.source)}">${e(sourceName(v.history.source))}</span> <span class="help">${e(reach(Date.parse(v.history.since)))}</span>`)}
${item('Computed', `${e(when(cached.computedAt))}${current ? '' : ' <span class="help">an earlier report</span>'}`)}</dl>${gap}</section>`;
}

function read(v: BacktestView): string {
  const calls = Object.entries(v.apiCalls).sort(([a], [b]) => a.localeCompare(b));
  const against = (what: string, c: { made: number; minimum: number } | null | undefined) => (c ? ` ${what}: ${fmt(c.made)} calls against a minimum of ${fmt(c.minimum)}.` : '');
  const minimum = `${against('Field history', v.fieldHistoryCalls)}${against('Activities, tickets and deals', v.historyCalls)}`;
  return `<section><h2>What was read</h2><p>From the CRM’s history: ${v.fieldHistory.tracked.length ? v.fieldHistory.tracked.map((f) => `<code>${e(f)}</code>`).join(', ') : 'no field'}; from crm-pulse’s snapshots: ${v.fieldHistory.fromSnapshots.length ? v.fieldHistory.fromSnapshots.map((f) => `<code>${e(f)}</code>`).join(', ') : 'no field'}.${minimum}</p>
${calls.length ? `<details><summary>${fmt(calls.reduce((s, [, n]) => s + n, 0))} CRM calls</summary><table><tbody>${calls.map(([r, n]) => `<tr><td><code>${e(r)}</code></td><td class="num">${fmt(n)}</td></tr>`).join('')}</tbody></table></details>` : ''}
${v.problems.length ? `<div class="problems"><p>Problems met while reading:</p><ul>${v.problems.slice(0, 20).map((p) => `<li>${e(p)}</li>`).join('')}</ul></div>` : ''}</section>`;
}

function report(cached: CachedBacktest, base: string, current: boolean, policyWeights: Weights): string {
  const parsed = readReport(cached.report);
  if (!parsed.ok) return `<div class="problems" role="alert"><p>The cached report cannot be read by this version of crm-pulse:</p><ul>${parsed.problems.map((p) => `<li>${e(p)}</li>`).join('')}</ul></div>`;
  const v = parsed.view;
  const none = nothingScored(v);
  if (none) return `${facts(v, cached, current)}<section data-not-enough-history><h2>Not enough history</h2><p>Nothing is reported: ${e(none)}.</p></section>${read(v)}`;
  return `${facts(v, cached, current)}
<div class="grid two wide-left"><section><h2>Churn by band</h2>${bandTable(v)}</section><section><h2>Churn rate by band</h2>${bandChart(v)}</section></div>
<section><h2>Did the bands catch the churn?</h2>${catchTable(v)}</section>
<section><h2>Churn by tier and band</h2>${tierBandTable(v)}</section>
<section><h2>Suggested weights</h2>${weightsPanel(v, base, cached.day, current ? policyWeights : null)}</section>${read(v)}`;
}

export function consoleBacktest(deps: HttpDeps): Router {
  const router = Router();
  router.get('/c/:id/backtest', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { session } = signedIn(res);
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const { policy } = await deps.contexts.get(c.id);
    const answer = await requestBacktest(deps.queue, deps.store.backtests, c.id, policy, deps.now(), 'admin console');
    const shown = answer.status === 'ready' ? answer.cached : answer.stale;
    const intro = '<p>Did the health bands predict churn on this connection’s own history? At each as-of date, every customer gets the band crm-pulse kept for that day, or else the band its state then (rebuilt from the CRM’s history) scores under the current policy, and is followed for the horizon. Recomputed nightly and after every policy change.</p>';
    const status = answer.status === 'ready' ? '' : pending(base, answer, policyDigest(policy));
    const body = shown ? report(shown, base, answer.status === 'ready', policy.health.weights) : '<p>No report has been computed for this connection yet.</p>';
    res.type('html').send(page({ title: 'Score backtest', connectionId: c.id, csrf: session.csrf, current: 'backtest' }, intro + status + body));
  });

  router.get('/c/:id/backtest/watch', async (req, res) => {
    const c = await knownConnection(deps, req);
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const { policy } = await deps.contexts.get(c.id);
    const state = await backtestState(deps.queue, deps.store.backtests, c.id, policy, deps.now());
    if (state.status === 'queued' || state.status === 'running') {
      res.type('html').send(watch(base, state.status === 'running' ? 'The backtest is running…' : 'Waiting for a worker to take the backtest…'));
      return;
    }
    // Ready: the whole page is drawn again with the report.
    if (state.status === 'ready') res.set('HX-Refresh', 'true');
    const said = {
      ready: 'The report is ready.',
      failed: state.status === 'failed' ? `The backtest failed: ${state.reason}.` : '',
      missing: 'The backtest finished, but its report is not today’s under the current policy.',
    }[state.status];
    res.type('html').send(`<p data-backtest-status="${e(state.status)}">${e(said)} <a href="${e(base)}/backtest">${state.status === 'ready' ? 'Show it' : 'Try again'}</a></p>`);
  });
  return router;
}
