// The portfolio page: tier x band matrix with counts and ARR, the health histogram (Chart.js),
// the at-risk list with each account's why, renewals in the next 90 days and handoffs pending or
// overdue, each account linking to its page. Read from the latest scores and the account cache;
// the retention figures (DOMAIN section 10) from the cached backtest report, asked for as the
// backtest page asks (a report not computed today under the current policy is queued).
import { Router } from 'express';
import { requestBacktest } from '../../jobs/index.ts';
import { DAY_MS, HEALTH_BANDS, tierNames } from '../../model/index.ts';
import type { StoredScore } from '../../store/index.ts';
import { knownConnection } from '../admin-connection.ts';
import type { HttpDeps } from '../deps.ts';
import { escapeHtml as e } from '../html.ts';
import { fmt, money, page } from './layout.ts';
import { retentionSection } from './retention-table.ts';
import { signedIn } from './session.ts';

const LISTED = 50;
const RENEWAL_DAYS = 90;

interface Row {
  score: StoredScore;
  arr: number;
}

export const accountLink = (base: string, id: string, name: string | null) => `<a href="${e(base)}/accounts/${encodeURIComponent(id)}">${e(name ?? id)}</a>`;
export const bandBadge = (band: string) => `<span class="badge band-${e(band)}">${e(band.replace('_', ' '))}</span>`;

function matrix(rows: readonly Row[], tiers: readonly string[]): string {
  const cell = (tier: string, band: string) => {
    const these = rows.filter((r) => r.score.tier === tier && r.score.health.band === band);
    return these.length ? `<td class="num" data-tier="${e(tier)}" data-band="${e(band)}" data-count="${these.length}"><strong>${fmt(these.length)}</strong><br>${money(these.reduce((a, r) => a + r.arr, 0))}</td>` : '<td class="num muted">–</td>';
  };
  const total = (tier: string) => rows.filter((r) => r.score.tier === tier);
  return `<div class="scroll"><table aria-label="Accounts by tier and health band"><thead><tr><th>tier \\ band</th>${HEALTH_BANDS.map((b) => `<th class="num" scope="col">${bandBadge(b)}</th>`).join('')}<th class="num">all</th></tr></thead>
<tbody>${tiers.map((t) => `<tr><th scope="row">${e(t)}</th>${HEALTH_BANDS.map((b) => cell(t, b)).join('')}<td class="num"><strong>${fmt(total(t).length)}</strong><br>${money(total(t).reduce((a, r) => a + r.arr, 0))}</td></tr>`).join('')}</tbody></table></div>`;
}

function histogram(rows: readonly Row[]): string {
  const buckets = Array.from({ length: 10 }, () => 0);
  for (const r of rows) if (r.score.health.score !== null) buckets[Math.min(9, Math.floor(r.score.health.score / 10))]! += 1;
  const labels = buckets.map((_, i) => `${i * 10}–${i === 9 ? 100 : i * 10 + 9}`);
  const spec = { type: 'bar', label: 'accounts', labels, values: buckets };
  const none = rows.filter((r) => r.score.health.score === null).length;
  return `<div class="chart"><canvas data-chart="${e(JSON.stringify(spec))}" role="img" aria-label="Health score histogram: ${labels.map((l, i) => `${l}: ${buckets[i]}`).join(', ')}"></canvas></div><p class="help">${fmt(none)} account${none === 1 ? '' : 's'} without a score (insufficient data).</p>`;
}

export function consolePortfolio(deps: HttpDeps): Router {
  const router = Router();
  router.get('/c/:id/portfolio', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { session } = signedIn(res);
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const policy = (await deps.contexts.get(c.id)).policy;
    const scores = await deps.store.scores.all(c.id);
    const cached = await deps.store.accounts.getMany(c.id, scores.map((s) => s.accountId));
    const rows: Row[] = scores.map((score) => ({ score, arr: cached.get(score.accountId)?.arr ?? 0 }));
    const tiers = [...new Set([...tierNames(policy), ...rows.map((r) => r.score.tier)])];
    const now = deps.now();
    const atRisk = rows.filter((r) => r.score.health.band === 'at_risk').sort((a, b) => b.arr - a.arr);
    const renewals = rows
      .map((r) => ({ ...r, end: r.score.renewal.contractEnd ? Date.parse(r.score.renewal.contractEnd) : NaN }))
      .filter((r) => r.end >= now - DAY_MS && r.end <= now + RENEWAL_DAYS * DAY_MS)
      .sort((a, b) => a.end - b.end);
    const handoffs = rows.filter((r) => r.score.handoff && (r.score.handoff.status === 'pending' || r.score.handoff.status === 'overdue'));
    const list = <T,>(items: readonly T[], head: string, row: (x: T) => string, empty: string) =>
      items.length ? `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${items.slice(0, LISTED).map(row).join('')}</tbody></table></div>${items.length > LISTED ? `<p class="help">The first ${LISTED} of ${fmt(items.length)}.</p>` : ''}` : `<p>${empty}</p>`;
    const main = rows.length === 0
      ? '<p>No account scored yet: run a sync from the Connections page.</p>'
      : `<p>${fmt(rows.length)} accounts, ARR ${money(rows.reduce((a, r) => a + r.arr, 0))}, as of their last score.</p>
<div class="grid two wide-left"><section><h2>Tier × health band</h2>${matrix(rows, tiers)}</section><section><h2>Health scores</h2>${histogram(rows)}</section></div>
${retentionSection(await requestBacktest(deps.queue, deps.store.backtests, c.id, policy, now, 'admin console'), base)}
<section><h2>At risk (${fmt(atRisk.length)}, ARR ${money(atRisk.reduce((a, r) => a + r.arr, 0))})</h2>${list(atRisk, '<th>Account</th><th>Tier</th><th class="num">Score</th><th class="num">ARR</th><th>Why</th>', (r) => `<tr><td>${accountLink(base, r.score.accountId, r.score.name)}</td><td>${e(r.score.tier)}</td><td class="num">${fmt(r.score.health.score)}</td><td class="num">${money(r.arr)}</td><td>${e(r.score.why)}</td></tr>`, 'No account is at risk.')}</section>
<div class="grid two"><section><h2>Renewals in the next ${RENEWAL_DAYS} days (${fmt(renewals.length)})</h2>${list(renewals, '<th>Account</th><th>Contract end</th><th>Stage</th><th>Health</th><th class="num">ARR</th>', (r) => `<tr><td>${accountLink(base, r.score.accountId, r.score.name)}</td><td>${e(r.score.renewal.contractEnd?.slice(0, 10) ?? '')}</td><td>${e(r.score.renewal.stage)}</td><td>${bandBadge(r.score.health.band)}</td><td class="num">${money(r.arr)}</td></tr>`, 'No contract ends in that window.')}</section>
<section><h2>Handoffs pending or overdue (${fmt(handoffs.length)})</h2>${list(handoffs, '<th>Account</th><th>Deal</th><th>Status</th><th>Owner due</th>', (r) => `<tr><td>${accountLink(base, r.score.accountId, r.score.name)}</td><td><code>${e(r.score.handoff!.dealId)}</code></td><td>${e(r.score.handoff!.status)}</td><td>${e(String((r.score.handoff as Record<string, unknown>).ownerDueAt ?? '').slice(0, 16).replace('T', ' '))}</td></tr>`, 'No handoff is waiting.')}</section></div>`;
    res.type('html').send(page({ title: 'Portfolio', connectionId: c.id, csrf: session.csrf, current: 'portfolio' }, main));
  });
  return router;
}
