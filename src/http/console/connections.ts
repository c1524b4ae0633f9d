// The console's first page: every connection with its status, last run, API budget, next
// scheduled run and recent errors, and the actions on it (run now, pause, resume). The actions
// post plain forms (with the CSRF field) and come back here with what was done.
import { Router } from 'express';
import { z } from 'zod';
import { enqueueSync, nextRuns } from '../../jobs/index.ts';
import type { ConnectionInfo, RunRecord } from '../../store/index.ts';
import { PAUSED_BY_ADMIN } from '../admin-connections.ts';
import { knownConnection, requireStored } from '../admin-connection.ts';
import type { HttpDeps } from '../deps.ts';
import { escapeHtml as e } from '../html.ts';
import { parseInput } from '../validate.ts';
import { csrfField, fmt, page, when } from './layout.ts';
import { signedIn } from './session.ts';

const RunForm = z.object({ mode: z.enum(['full', 'incremental']), dryRun: z.enum(['on']).optional() }).loose();
// What was just done, said back on the page after its redirect: from fixed words, so a crafted link cannot put text of its own on the page.
const Done = z
  .object({
    done: z.enum(['queued', 'joined', 'paused', 'resumed']).optional(),
    c: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    run: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/).optional(),
    mode: z.enum(['full', 'incremental', 'full-dry', 'incremental-dry']).optional(),
  })
  .loose();
type DoneQuery = z.output<typeof Done>;

function said(d: DoneQuery): string | null {
  if (!d.done || !d.c) return null;
  const mode = (d.mode ?? 'incremental').replace('-dry', ' dry');
  if (d.done === 'queued') return `${mode} run ${d.run ?? ''} queued on ${d.c}`;
  if (d.done === 'joined') return `${mode} run asked for on ${d.c}: it joined the run under way (${d.run ?? ''})`;
  return d.done === 'paused' ? `${d.c} paused: scheduled runs wait until it is resumed` : `${d.c} resumed`;
}

const back = (q: Record<string, string>) => `/admin?${new URLSearchParams(q).toString()}`;
const DAY_MS = 86_400_000;

function status(info: ConnectionInfo | null): string {
  if (!info) return '<span class="badge state-active">from the environment</span>';
  const s = info.status;
  if (s.state === 'active') return '<span class="badge state-active">running</span>';
  if (s.state === 'paused') return `<span class="badge state-paused">paused</span> ${s.until === null ? 'until resumed' : `until ${e(when(s.until))}`} <span class="muted">(${e(s.reason)})</span>`;
  return `<span class="badge state-stopped">stopped</span> <code>${e(s.code)}</code> ${e(s.message)} <span class="muted">since ${e(when(s.at))}</span>`;
}

const calls = (r: RunRecord) => Object.values(r.apiCalls).reduce((a, b) => a + b, 0);

function lastRun(r: RunRecord | undefined): string {
  if (!r) return '<p>No run yet.</p>';
  const took = r.endedAt ? `${((r.endedAt - r.startedAt) / 1000).toFixed(1)} s` : 'under way';
  return `<p><span class="badge run-${e(r.status)}">${e(r.status)}</span> ${e(r.mode)}${r.dryRun ? ' dry run' : ''}, started ${e(when(r.startedAt))}, ${e(took)}</p>
<p>${fmt(r.counts.accountsRead)} read · ${fmt(r.counts.accountsScored)} scored · ${fmt(r.counts.accountsWritten)} written · ${fmt(r.counts.tasksCreated)} tasks · ${fmt(r.counts.errors)} errors · ${fmt(calls(r))} API calls</p>`;
}

async function card(deps: HttpDeps, id: string, info: ConnectionInfo | null, csrf: string): Promise<string> {
  const [runs, usage, next] = await Promise.all([deps.store.runs.list(id, 20), deps.store.apiUsage.get(id), nextRuns(deps.queue, id)]);
  const since = deps.now() - DAY_MS;
  const dayCalls = runs.filter((r) => r.startedAt >= since).reduce((a, r) => a + calls(r), 0);
  const budget = usage
    ? `${fmt(usage.used)} of ${fmt(usage.max)} calls in the org's last 24 h (${fmt(usage.share * 100, 1)} %; crm-pulse pauses at ${fmt(usage.pauseAtShare * 100)} %), read ${e(when(usage.at))}`
    : `${fmt(dayCalls)} calls by crm-pulse in the last 24 h${(info?.kind ?? 'hubspot') === 'hubspot' ? ', paced to HubSpot\u2019s 110 requests per 10 s and 4 searches per second per portal' : ''}`;
  const errors = runs.flatMap((r) => r.errors.map((x) => ({ ...x, run: r.id }))).slice(0, 5);
  const base = `/admin/c/${encodeURIComponent(id)}`;
  const paused = info?.status.state === 'paused';
  return `<section aria-labelledby="c-${e(id)}"><h2 id="c-${e(id)}"><a href="${e(base)}/portfolio">${e(info?.label ?? id)}</a> <span class="muted">${e(info?.kind ?? '')} ${e(info?.crmAccountId ?? '')}</span></h2>
<p>Status: ${status(info)}</p>
<h3>Last run</h3>${lastRun(runs[0])}
<p>API budget: ${budget}</p>
<p>Next scheduled run: incremental ${e(when(next.incremental))}, full ${e(when(next.full))}, backtest ${e(when(next.backtest))}</p>
<h3>Recent errors</h3>${errors.length ? `<ul>${errors.map((x) => `<li><code>${e(x.code)}</code> ${e(x.message)}${x.accountId ? ` (account <a href="${e(base)}/accounts/${encodeURIComponent(x.accountId)}">${e(x.accountId)}</a>)` : ''}</li>`).join('')}</ul>` : '<p>None in the last runs.</p>'}
<div class="actions"><form method="post" action="${e(base)}/run">${csrfField(csrf)}
<label for="mode-${e(id)}" class="sr-only">Run mode</label><select id="mode-${e(id)}" name="mode"><option value="incremental">incremental</option><option value="full">full</option></select>
<label><input type="checkbox" name="dryRun" value="on"> dry run</label><button type="submit">Run now</button></form>
${info ? `<form method="post" action="${e(base)}/${paused ? 'resume' : 'pause'}">${csrfField(csrf)}<button type="submit" class="secondary">${paused ? 'Resume' : 'Pause'}</button></form>` : ''}
<a href="${e(base)}/runs">Run history</a></div></section>`;
}

export function consoleConnections(deps: HttpDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { session } = signedIn(res);
    const asked = Done.safeParse(req.query);
    const done = asked.success ? said(asked.data) : null;
    const stored = await deps.store.connections.list();
    const env = (await deps.contexts.ids()).filter((id) => deps.contexts.isEnv(id));
    const cards = await Promise.all([...stored.map((c) => card(deps, c.id, c, session.csrf)), ...env.map((id) => card(deps, id, null, session.csrf))]);
    const notice = done ? `<p class="notice" role="status">${e(done)}</p>` : '';
    res.type('html').send(page({ title: 'Connections', connectionId: null, csrf: session.csrf, current: 'connections' }, notice + (cards.join('') || '<p>No connection yet: install the HubSpot or Salesforce app (/install/hubspot, /install/salesforce).</p>')));
  });

  router.post('/c/:id/run', async (req, res) => {
    const c = await knownConnection(deps, req);
    const form = parseInput(RunForm, req.body, 'body');
    const queued = await enqueueSync(deps.queue, { connectionId: c.id, mode: form.mode, dryRun: form.dryRun === 'on', reason: 'requested in the admin console' }, deps.now());
    res.redirect(303, back({ done: queued.joined ? 'joined' : 'queued', c: c.id, run: queued.runId, mode: `${form.mode}${form.dryRun ? '-dry' : ''}` }));
  });

  for (const action of ['pause', 'resume'] as const) {
    router.post(`/c/:id/${action}`, async (req, res) => {
      const c = requireStored(await knownConnection(deps, req), 'status');
      await deps.store.connections.setStatus(c.id, action === 'pause' ? PAUSED_BY_ADMIN : { state: 'active' });
      res.redirect(303, back({ done: action === 'pause' ? 'paused' : 'resumed', c: c.id }));
    });
  }

  return router;
}
