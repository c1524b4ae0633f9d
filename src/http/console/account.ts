// One account's page: its score with every measure (value, sub-score, weight, points), signals
// with their evidence, the trend over the kept snapshots (Chart.js), its tasks with their status,
// the values last written to the CRM, and its audit trail.
import { Router } from 'express';
import { z } from 'zod';
import type { AuditRecord } from '../../store/index.ts';
import { knownConnection } from '../admin-connection.ts';
import type { HttpDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { escapeHtml as e } from '../html.ts';
import { parseInput } from '../validate.ts';
import { auditRows } from './audit.ts';
import { fmt, page, when } from './layout.ts';
import { bandBadge } from './portfolio.ts';
import { signedIn } from './session.ts';

const AccountPath = z.object({ accountId: z.string().min(1).max(64) }).loose();
/** Newest audit entries searched for the account's own. */
const AUDIT_SCANNED = 1000;

const MeasureSchema = z.object({ name: z.string(), raw: z.number().nullable(), subScore: z.number().nullable(), weight: z.number(), points: z.number().nullable() }).loose();

export function consoleAccount(deps: HttpDeps): Router {
  const router = Router();
  router.get('/c/:id/accounts/:accountId', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { accountId } = parseInput(AccountPath, req.params, 'path');
    const { session } = signedIn(res);
    const score = await deps.store.scores.get(c.id, accountId);
    if (!score) throw new HttpError(404, 'NOT_SCORED', [`account ${accountId} has not been scored on connection ${c.id}`]);
    const [snapshots, tasks, written, audit] = await Promise.all([
      deps.store.snapshots.getMany(c.id, [accountId]),
      deps.store.tasks.forAccounts(c.id, [accountId]),
      deps.store.written.getMany(c.id, [accountId]),
      deps.store.audit.list(c.id, { limit: AUDIT_SCANNED }),
    ]);
    const measures = z.array(MeasureSchema).catch([]).parse((score.health as Record<string, unknown>).measures);
    const points = snapshots.get(accountId) ?? [];
    const spec = { type: 'line', label: 'health score', labels: points.map((p) => new Date(p.date).toISOString().slice(0, 10)), values: points.map((p) => p.score ?? null), max: 100 };
    const own: AuditRecord[] = audit.filter((a) => a.accountId === accountId);
    const values = written.get(accountId) ?? {};
    const main = `<div class="grid two"><section><h2>Score</h2><p>${bandBadge(score.health.band)} <strong>${fmt(score.health.score)}</strong> · tier <strong>${e(score.tier)}</strong> · trend ${score.health.trend === null ? '–' : fmt(score.health.trend, 1)} · as of ${e(score.asOf.slice(0, 10))}</p><p>${e(score.why)}</p>
<table><thead><tr><th>Measure</th><th class="num">Value</th><th class="num">Sub-score</th><th class="num">Weight</th><th class="num">Points</th></tr></thead><tbody>${measures.map((m) => `<tr><td>${e(m.name)}</td><td class="num">${m.raw === null ? 'missing' : fmt(m.raw, 2)}</td><td class="num">${fmt(m.subScore, 1)}</td><td class="num">${fmt(m.weight)}</td><td class="num">${fmt(m.points, 1)}</td></tr>`).join('')}</tbody></table>
<p>Renewal: ${e(score.renewal.stage)}${score.renewal.contractEnd ? `, contract ends ${e(score.renewal.contractEnd.slice(0, 10))}` : ''} · lifecycle ${e(score.lifecycle)} · ${score.expansionCandidate ? 'expansion candidate' : 'not an expansion candidate'}${score.handoff ? ` · handoff ${e(score.handoff.status)}` : ''}</p></section>
<section><h2>Trend</h2>${points.length ? `<div class="chart"><canvas data-chart="${e(JSON.stringify(spec))}" role="img" aria-label="Health score by day: ${points.map((p) => `${new Date(p.date).toISOString().slice(0, 10)} ${p.score ?? 'none'}`).join(', ')}"></canvas></div>` : '<p>No snapshot kept yet.</p>'}
<h2>Signals</h2>${score.signals.length ? `<ul>${score.signals.map((s) => `<li><code>${e(s.code)}</code> ${e(s.evidence)}</li>`).join('')}</ul>` : '<p>None.</p>'}</section></div>
<div class="grid two"><section><h2>Tasks</h2>${(tasks.get(accountId) ?? []).length ? `<table><thead><tr><th>Kind</th><th>Subject</th><th>Status</th><th>Due</th><th>CRM id</th></tr></thead><tbody>${(tasks.get(accountId) ?? []).map((t) => `<tr><td>${e(t.kind)}</td><td>${e(t.subject ?? '')}</td><td>${t.crmId === null ? 'pending' : e(t.status)}</td><td>${e(when(t.dueAt))}</td><td><code>${e(t.crmId ?? '–')}</code></td></tr>`).join('')}</tbody></table>` : '<p>No task created.</p>'}</section>
<section><h2>Values written to the CRM</h2>${Object.keys(values).length ? `<table><tbody>${Object.entries(values).map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${e(v === null ? '–' : String(v))}</td></tr>`).join('')}</tbody></table>` : '<p>Nothing written yet.</p>'}</section></div>
<section><h2>Audit trail</h2>${own.length ? auditRows(own) : `<p>No write among the last ${fmt(AUDIT_SCANNED)} audit entries.</p>`}</section>`;
    res.type('html').send(page({ title: score.name ?? accountId, connectionId: c.id, csrf: session.csrf, current: 'portfolio' }, main));
  });
  return router;
}
