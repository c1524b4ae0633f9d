// "The full run is queued ... and finished": a status line that asks every two seconds for the
// first full run started after a save, until that run has ended (htmx polling; the answer without
// a trigger stops it).
import { Router } from 'express';
import { z } from 'zod';
import { knownConnection } from '../admin-connection.ts';
import type { HttpDeps } from '../deps.ts';
import { escapeHtml as e } from '../html.ts';
import { parseInput } from '../validate.ts';
import { fmt } from './layout.ts';

const Since = z.object({ since: z.coerce.number().int().min(0) }).loose();

export function runWatch(base: string, since: number, inner = '<p class="run-watch">Waiting for the full run to start…</p>'): string {
  return `<div hx-get="${e(base)}/runs/watch?since=${since}" hx-trigger="every 2s" hx-swap="outerHTML" data-run-watch>${inner}</div>`;
}

export function consoleRunWatch(deps: HttpDeps): Router {
  const router = Router();
  router.get('/c/:id/runs/watch', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { since } = parseInput(Since, req.query, 'query');
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const run = (await deps.store.runs.list(c.id, 20)).filter((r) => r.mode === 'full' && !r.dryRun && r.startedAt >= since).at(-1);
    if (!run || run.status === 'running') {
      res.type('html').send(runWatch(base, since, `<p class="run-watch">${run ? `Full run <code>${e(run.id)}</code> running: ${fmt(run.counts.accountsScored)} accounts scored so far…` : 'Waiting for the full run to start…'}</p>`));
      return;
    }
    res.type('html').send(`<p class="run-watch" data-run-status="${e(run.status)}">Full run <a href="${e(base)}/runs#${e(run.id)}"><code>${e(run.id)}</code></a> ${e(run.status)}: ${fmt(run.counts.accountsScored)} scored, ${fmt(run.counts.accountsWritten)} written, ${fmt(run.counts.tasksCreated)} tasks created, ${fmt(run.counts.errors)} errors.</p>`);
  });
  return router;
}
