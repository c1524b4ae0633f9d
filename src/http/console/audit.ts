// The run history (counts, API calls, errors) and the audit log with its filters (kind, account,
// paging by entry id), both newest first.
import { Router } from 'express';
import { z } from 'zod';
import type { AuditRecord } from '../../store/index.ts';
import { knownConnection } from '../admin-connection.ts';
import type { HttpDeps } from '../deps.ts';
import { escapeHtml as e } from '../html.ts';
import { parseInput } from '../validate.ts';
import { fmt, page, when } from './layout.ts';
import { signedIn } from './session.ts';

const RunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), status: z.enum(['', 'running', 'succeeded', 'failed']).default('') }).loose();
const AuditQuery = z
  .object({
    kind: z.enum(['', 'fields', 'task']).default(''),
    account: z.string().max(64).default(''),
    before: z.union([z.literal(''), z.string().regex(/^\d+-\d+$/, 'must be an audit entry id like 1767225600000-0')]).default(''),
  })
  .loose();
const PAGE = 100;
/** Entries read per page: filters apply to these. */
const SCANNED = 1000;

const fmtValue = (v: unknown) => (v === null ? '–' : String(v));

export function auditRows(entries: readonly AuditRecord[]): string {
  const what = (a: AuditRecord) =>
    a.kind === 'fields'
      ? Object.entries(a.changes).map(([k, c]) => `<code>${e(k)}</code> ${e(fmtValue(c?.from))} → <strong>${e(fmtValue(c?.to))}</strong>`).join('<br>')
      : `task ${e(a.taskKind)} “${e(a.subject)}” <code>${e(a.crmId ?? 'pending')}</code>`;
  return `<div class="scroll"><table><thead><tr><th>When</th><th>Account</th><th>Write</th><th>Why</th><th>Run</th></tr></thead><tbody>${entries
    .map((a) => `<tr><td>${e(when(a.at))}</td><td><code>${e(a.accountId)}</code></td><td>${what(a)}</td><td>${e(a.reason)}</td><td><code>${e(a.runId)}</code></td></tr>`)
    .join('')}</tbody></table></div>`;
}

export function consoleAudit(deps: HttpDeps): Router {
  const router = Router();

  router.get('/c/:id/runs', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { session } = signedIn(res);
    const q = parseInput(RunsQuery, req.query, 'query');
    const runs = (await deps.store.runs.list(c.id, q.limit)).filter((r) => !q.status || r.status === q.status);
    const filter = `<form method="get" class="actions"><label for="run-status">Status</label><select id="run-status" name="status">${['', 'running', 'succeeded', 'failed'].map((s) => `<option value="${s}"${s === q.status ? ' selected' : ''}>${s || 'any'}</option>`).join('')}</select>
<label for="run-limit">Runs</label><input id="run-limit" name="limit" type="number" min="1" max="500" value="${q.limit}"><button type="submit" class="secondary">Filter</button></form>`;
    const rows = runs
      .map((r) => {
        const calls = Object.entries(r.apiCalls).sort((a, b) => b[1] - a[1]);
        return `<tr id="${e(r.id)}"><td><code>${e(r.id)}</code></td><td><span class="badge run-${e(r.status)}">${e(r.status)}</span></td><td>${e(r.mode)}${r.dryRun ? ' (dry run)' : ''}</td><td>${e(when(r.startedAt))}</td><td class="num">${r.endedAt ? `${((r.endedAt - r.startedAt) / 1000).toFixed(1)} s` : '–'}</td>
<td class="num">${fmt(r.counts.accountsRead)} / ${fmt(r.counts.accountsScored)} / ${fmt(r.counts.accountsWritten)}</td><td class="num">${fmt(r.counts.tasksCreated)}</td>
<td class="num"><details><summary>${fmt(calls.reduce((a, [, n]) => a + n, 0))}</summary>${calls.map(([route, n]) => `<div><code>${e(route)}</code> ${fmt(n)}</div>`).join('')}</details></td>
<td class="num">${r.errors.length ? `<details><summary>${fmt(r.counts.errors)}</summary>${r.errors.map((x) => `<div><code>${e(x.code)}</code> ${e(x.message)}${x.accountId ? ` (${e(x.accountId)})` : ''}</div>`).join('')}</details>` : fmt(r.counts.errors)}</td></tr>`;
      })
      .join('');
    const table = runs.length ? `<div class="scroll"><table><thead><tr><th>Run</th><th>Status</th><th>Mode</th><th>Started</th><th class="num">Took</th><th class="num">Read / scored / written</th><th class="num">Tasks</th><th class="num">API calls</th><th class="num">Errors</th></tr></thead><tbody>${rows}</tbody></table></div>` : '<p>No run matches.</p>';
    res.type('html').send(page({ title: 'Runs', connectionId: c.id, csrf: session.csrf, current: 'runs' }, `<section>${filter}${table}</section>`));
  });

  router.get('/c/:id/audit', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { session } = signedIn(res);
    const q = parseInput(AuditQuery, req.query, 'query');
    const scanned = await deps.store.audit.list(c.id, { limit: SCANNED, ...(q.before ? { before: q.before } : {}) });
    const entries = scanned.filter((a) => (!q.kind || a.kind === q.kind) && (!q.account || a.accountId === q.account)).slice(0, PAGE);
    const filter = `<form method="get" class="actions"><label for="audit-kind">Kind</label><select id="audit-kind" name="kind">${['', 'fields', 'task'].map((k) => `<option value="${k}"${k === q.kind ? ' selected' : ''}>${k || 'any'}</option>`).join('')}</select>
<label for="audit-account">Account id</label><input id="audit-account" name="account" type="text" value="${e(q.account)}"><button type="submit" class="secondary">Filter</button></form>`;
    const last = scanned.at(-1);
    const more = scanned.length === SCANNED && last ? `<p><a href="?${e(new URLSearchParams({ kind: q.kind, account: q.account, before: last.id }).toString())}">Older entries</a></p>` : '';
    res.type('html').send(page({ title: 'Audit log', connectionId: c.id, csrf: session.csrf, current: 'audit' }, `<section>${filter}${entries.length ? auditRows(entries) : '<p>No write matches.</p>'}${more}</section>`));
  });

  return router;
}
