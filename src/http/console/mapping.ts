// The field-mapping page: the form (mapping-form.ts) over the CRM's live fields, a preview on five
// cached accounts read again from the CRM under the draft (raw value -> canonical value -> score),
// and save, which checks the mapping exactly as PUT /mapping does, stores it and queues the full
// run it needs (also while a run is under way: jobs/settings-run.ts), then follows that run.
import { Router, type Request } from 'express';
import { queueSettingsRun } from '../../jobs/index.ts';
import { mappingProblems, MappingSchema, type Mapping, type MappableField, type SampleAccount } from '../../connectors/index.ts';
import { DAY_MS, describeIssues } from '../../model/index.ts';
import { createScorer } from '../../scoring/index.ts';
import type { ConnectionContext } from '../../sync/index.ts';
import { knownConnection } from '../admin-connection.ts';
import type { HttpDeps } from '../deps.ts';
import { escapeHtml as e } from '../html.ts';
import { fmt, page } from './layout.ts';
import { formValues, mappingDoc, mappingForm, mappingValues } from './mapping-form.ts';
import { runWatch } from './run-watch.ts';
import { signedIn } from './session.ts';

const SAMPLES = 5;
const objectLabel = (ctx: ConnectionContext) => `the CRM's ${ctx.kind === 'hubspot' ? 'HubSpot companies' : 'accounts'}`;

/** The draft mapping, or every problem PUT /mapping would name, in its words. */
async function checked(ctx: ConnectionContext, req: Request): Promise<{ mapping: Mapping; problems: [] } | { mapping: null; problems: string[] }> {
  const parsed = MappingSchema.safeParse(mappingDoc(formValues(req.body)));
  if (!parsed.success) return { mapping: null, problems: describeIssues(parsed.error) };
  const problems = mappingProblems(parsed.data, await ctx.connector.accountFields(), objectLabel(ctx));
  return problems.length ? { mapping: null, problems } : { mapping: parsed.data, problems: [] };
}

const shown = (v: unknown) => (v === null || v === undefined ? '–' : typeof v === 'number' && v > 1e11 && v < 1e13 ? new Date(v).toISOString().slice(0, 10) : String(v));

function previewTable(mapping: Mapping, samples: readonly SampleAccount[], scores: Map<string, { now: string; draft: string }>): string {
  const mapped = Object.entries(mapping.account) as [MappableField, { field: string }][];
  const rows = samples.map((s) => {
    const cells = mapped
      .map(([canonical, fm]) => {
        const problem = s.problems.find((p) => p.field === canonical);
        const value = (s.account as Record<string, unknown>)[canonical];
        return `<td><code>${e(shown(s.raw[fm.field]))}</code> → ${problem ? `<span class="error">${e(problem.reason)}</span>` : e(shown(value))}</td>`;
      })
      .join('');
    const sc = scores.get(s.account.id);
    return `<tr><th scope="row">${e(s.account.name ?? s.account.id)}</th>${cells}<td>${e(sc?.now ?? '–')} → <strong>${e(sc?.draft ?? '–')}</strong></td></tr>`;
  });
  return `<div class="scroll"><table><caption class="muted">Raw CRM value → canonical value, and the health score now → under this mapping</caption><thead><tr><th>Account</th>${mapped.map(([c, fm]) => `<th>${e(c)}<br><code>${e(fm.field)}</code></th>`).join('')}<th>Score</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Five cached accounts read again under the draft and scored with the connection's policy. */
async function preview(deps: HttpDeps, ctx: ConnectionContext, mapping: Mapping): Promise<string> {
  const ids = (await deps.store.accounts.ids(ctx.id)).sort().slice(0, SAMPLES);
  if (ids.length === 0) return '<p>No account synced yet: run a sync first, then preview.</p>';
  const asOf = deps.asOf ?? deps.now();
  const samples = await ctx.connector.sampleAccounts(mapping, ids);
  const history = await ctx.connector.readHistory(ids, asOf, ctx.policy);
  const { lookbackDays, toleranceDays } = ctx.policy.snapshots;
  const snapshots = await deps.store.snapshots.getMany(ctx.id, ids, { from: asOf - (lookbackDays + toleranceDays) * DAY_MS, to: asOf - lookbackDays * DAY_MS });
  const tasks = await deps.store.tasks.forAccounts(ctx.id, ids);
  const stored = await deps.store.scores.getMany(ctx.id, ids);
  const score = createScorer(ctx.policy, asOf);
  const scores = new Map<string, { now: string; draft: string }>();
  for (const s of samples) {
    const h = history.get(s.account.id);
    const r = score({ ...s.account, activities: h?.activities ?? [], deals: h?.deals ?? [], snapshots: snapshots.get(s.account.id) ?? [], tasks: tasks.get(s.account.id) ?? [] });
    const before = stored.get(s.account.id);
    scores.set(s.account.id, { now: before ? `${fmt(before.health.score)} ${before.health.band}` : 'not scored', draft: `${fmt(r.health.score)} ${r.health.band}, ${r.tier}` });
  }
  return previewTable(mapping, samples, scores);
}

export function consoleMapping(deps: HttpDeps): Router {
  const router = Router();

  router.get('/c/:id/mapping', async (req, res) => {
    const c = await knownConnection(deps, req);
    const ctx = await deps.contexts.get(c.id);
    const { session } = signedIn(res);
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const form = mappingForm({ base, csrf: session.csrf, fields: await ctx.connector.accountFields(), values: mappingValues(ctx.mapping), problems: [], notice: '', readOnly: c.stored ? null : 'This connection comes from the environment: change its mapping in the file CRM_PULSE_MAPPING names.' });
    const intro = `<p>Each canonical field crm-pulse reads, fed by a field of ${e(objectLabel(ctx))} (read live from the CRM, only fields a transform can turn into the right kind). Saving checks the mapping against the CRM, stores it and queues a full run.</p>`;
    res.type('html').send(page({ title: 'Field mapping', connectionId: c.id, csrf: session.csrf, current: 'mapping' }, `${intro}<section>${form}</section><section aria-live="polite"><h2>Preview</h2><div id="mapping-preview"><p class="muted">Preview shows five accounts read under the form's mapping.</p></div></section>`));
  });

  router.post('/c/:id/mapping/preview', async (req, res) => {
    const c = await knownConnection(deps, req);
    const ctx = await deps.contexts.get(c.id);
    const draft = await checked(ctx, req);
    if (!draft.mapping) {
      res.status(422).type('html').send(`<div class="problems" role="alert"><p>The mapping has problems; fix them to preview:</p><ul>${draft.problems.map((p) => `<li>${e(p)}</li>`).join('')}</ul></div>`);
      return;
    }
    res.type('html').send(await preview(deps, ctx, draft.mapping));
  });

  router.post('/c/:id/mapping', async (req, res) => {
    const c = await knownConnection(deps, req);
    const ctx = await deps.contexts.get(c.id);
    const { session } = signedIn(res);
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const values = formValues(req.body);
    const state = { base, csrf: session.csrf, fields: await ctx.connector.accountFields(), values, readOnly: null };
    if (!c.stored) {
      res.status(409).type('html').send(mappingForm({ ...state, problems: ['this connection comes from the environment: change its mapping in the file CRM_PULSE_MAPPING names'], notice: '' }));
      return;
    }
    const draft = await checked(ctx, req);
    if (!draft.mapping) {
      res.status(422).type('html').send(mappingForm({ ...state, problems: draft.problems, notice: '' }));
      return;
    }
    const savedAt = deps.now();
    const mapping = await deps.store.mappings.put(c.id, draft.mapping);
    const { run, fullRun } = await queueSettingsRun(deps.queue, deps.store.pendingRuns, c.id, 'field mapping changed', savedAt);
    const said = fullRun === 'queued' ? `a full run (${run.runId}) is queued to apply it` : `a full run is ${fullRun}, to apply it`;
    const notice = `<div class="notice" role="status"><p>Mapping saved; ${e(said)}.</p>${runWatch(base, savedAt)}</div>`;
    res.type('html').send(mappingForm({ ...state, values: mappingValues(mapping), problems: [], notice }));
  });

  return router;
}
