// The policy editor: the form (policy-form.ts) with the live weight sum, and three actions that
// answer in place with the whole editor: the impact of the draft on the cached portfolio, the
// draft tested on one account, and save (checked as PUT /policy checks it; a full run is queued).
// An invalid draft comes back with every problem on its input and nothing saved or previewed.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { queuePolicyRuns } from '../../jobs/index.ts';
import { PolicyError, resolvePolicy, tierNames, type Policy } from '../../model/index.ts';
import { knownConnection, type KnownConnection } from '../admin-connection.ts';
import { impactOf, previewAccount } from '../admin-impact.ts';
import type { HttpDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { escapeHtml as e } from '../html.ts';
import { page } from './layout.ts';
import { impactPanel, previewPanel } from './impact-panels.ts';
import { BANDS, checkboxes, choice, groupErrors, numberInput, policyDraft, policyValues, postedValues, ruleTable, textInput, type Ctx, type Values } from './policy-form.ts';
import { parseInput } from '../validate.ts';
import { suggestedNotice, suggestedWeights } from './policy-suggested.ts';
import { runWatch } from './run-watch.ts';
import { signedIn } from './session.ts';

const ACCOUNTS_LISTED = 500;
const AccountChoice = z.object({ accountId: z.string().min(1).max(64) }).loose();

interface Editor {
  base: string;
  csrf: string;
  values: Values;
  problems: readonly string[];
  accounts: { id: string; name: string }[];
  accountId: string | null;
  panel: string;
  readOnly: boolean;
}

function fields(c: Ctx, tiers: readonly string[]): string {
  const w = (k: string, label: string) => numberInput(c, `health.weights.${k}`, label, '', ' data-weight');
  return `<fieldset><legend>Health weights</legend><div class="fields">${w('usage', 'Usage')}${w('engagement', 'Engagement')}${w('tickets', 'Tickets')}${w('nps', 'NPS')}</div>
<p>Sum: <output class="sum" data-weight-sum>–</output> <span class="help">(weights are shares of their sum; a missing measure's weight is spread over the others)</span></p>${groupErrors(c, 'health.weights')}</fieldset>
<fieldset><legend>Health bands</legend><div class="fields">${numberInput(c, 'health.bands.healthy', 'Healthy from', 'score 0-100')}${numberInput(c, 'health.bands.watch', 'Watch from', 'below it: at risk')}</div>${groupErrors(c, 'health.bands')}</fieldset>
<fieldset><legend>Tier rules</legend><div class="fields">${choice(c, 'tiers.preset', 'Preset', ['annual_payment', 'value_growth', 'custom'])}${textInput(c, 'tiers.fallback', 'Fallback tier (no rule matches)')}</div>${ruleTable(c)}</fieldset>
<fieldset><legend>Engagement targets per tier (meeting and call minutes over the window)</legend><div class="fields">${tiers.map((t) => numberInput(c, `health.engagement.targets.${t}`, t)).join('')}${numberInput(c, 'health.engagement.defaultTarget', 'Any other tier')}${numberInput(c, 'health.engagement.windowDays', 'Window, days')}</div></fieldset>
<fieldset><legend>Tickets</legend><div class="fields">${numberInput(c, 'health.tickets.windowDays', 'Window, days')}${numberInput(c, 'health.tickets.openHighPenalty', 'Open high-priority penalty')}${numberInput(c, 'health.tickets.openOtherPenalty', 'Other open penalty')}${numberInput(c, 'health.tickets.risingPenalty', 'Rising penalty')}${textInput(c, 'health.tickets.highPriorities', 'High priorities (comma list)')}</div></fieldset>
<fieldset><legend>Churn signals</legend><div class="fields">${numberInput(c, 'signals.noLogin.days', 'No login for, days')}${tiers.map((t) => numberInput(c, `signals.noLogin.byTier.${t}`, `No login, ${t} (days)`, 'empty: the general value')).join('')}
${numberInput(c, 'signals.ticketsRising.windowDays', 'Tickets rising: window, days')}${numberInput(c, 'signals.ticketsRising.ratio', 'Tickets rising: ratio')}${numberInput(c, 'signals.ticketsRising.minCount', 'Tickets rising: at least')}
${numberInput(c, 'signals.npsDrop.points', 'NPS drop, points')}${numberInput(c, 'signals.npsDrop.responseAtMost', 'NPS response at most')}${numberInput(c, 'signals.healthDrop.points', 'Health drop, points')}</div></fieldset>
<fieldset><legend>Renewal windows</legend><div class="fields">${numberInput(c, 'renewal.upcomingDays', 'Upcoming within, days')}${numberInput(c, 'renewal.dueDays', 'Due within, days')}</div>${groupErrors(c, 'renewal')}</fieldset>
<fieldset><legend>Playbook: rescue</legend>${checkboxes(c, 'playbook.rescue.onBands', 'Rescue task on bands', BANDS)}${checkboxes(c, 'playbook.rescue.signalTiers', 'Rescue on a churn signal for tiers', tiers)}
<div class="fields">${numberInput(c, 'playbook.rescue.dueBusinessDays', 'Due in, business days')}${numberInput(c, 'playbook.rescue.dedupeDays', 'Not again within, days')}${textInput(c, 'playbook.rescue.subject', 'Subject')}</div>${textInput(c, 'playbook.rescue.recommendation', 'Recommendation', true)}</fieldset>
<fieldset><legend>Playbook: renewal</legend><div class="fields">${textInput(c, 'playbook.renewal.subject', 'Subject')}${numberInput(c, 'playbook.renewal.dueDays', 'Due, days before the end')}</div>${textInput(c, 'playbook.renewal.body', 'Body', true)}</fieldset>`;
}

function editor(s: Editor): string {
  const c: Ctx = { values: s.values, problems: s.problems };
  // The draft's tiers: its rules' and the fallback, in rule order.
  const named = Object.entries(s.values)
    .filter(([k]) => /^tiers\.rules\.\d+\.tier$/.test(k) || k === 'tiers.fallback')
    .map(([, v]) => String(v).trim());
  const tiers = [...new Set(named.filter((t) => /^[a-z][a-z0-9_]{0,39}$/.test(t)))];
  const summary = s.problems.length
    ? `<div class="problems" role="alert"><p>The draft has ${s.problems.length} problem${s.problems.length === 1 ? '' : 's'}; nothing was saved or previewed:</p><ul>${s.problems.map((p) => `<li>${e(p)}</li>`).join('')}</ul></div>`
    : '';
  const accountOptions = s.accounts.map((a) => `<option value="${e(a.id)}"${a.id === s.accountId ? ' selected' : ''}>${e(a.name)}</option>`).join('');
  return `<div id="policy-editor"><form id="policy-form" method="post" action="${e(s.base)}/policy" hx-post="${e(s.base)}/policy" hx-target="#policy-editor" hx-swap="outerHTML">
<input type="hidden" name="_csrf" value="${e(s.csrf)}">${summary}${fields(c, tiers)}
<div class="actions"><button type="button" class="secondary" hx-post="${e(s.base)}/policy/impact" hx-target="#policy-editor" hx-swap="outerHTML">Preview impact</button>
<label for="test-account" class="sr-only">Account to test on</label><select id="test-account" name="accountId">${accountOptions}</select>
<button type="button" class="secondary" hx-post="${e(s.base)}/policy/test" hx-target="#policy-editor" hx-swap="outerHTML">Test on this account</button>
${s.readOnly ? '<span class="muted">From the environment: change CRM_PULSE_POLICY\u2019s file to save.</span>' : '<button type="submit">Save policy</button>'}<span class="busy">working…</span></div></form>
<section id="policy-result" aria-live="polite">${s.panel}</section></div>`;
}

async function accounts(deps: HttpDeps, id: string): Promise<{ id: string; name: string }[]> {
  const scores = await deps.store.scores.all(id);
  const rank = { at_risk: 0, watch: 1, insufficient_data: 2, healthy: 3 } as const;
  return scores
    .sort((a, b) => rank[a.health.band] - rank[b.health.band] || (a.name ?? a.accountId).localeCompare(b.name ?? b.accountId))
    .slice(0, ACCOUNTS_LISTED)
    .map((s) => ({ id: s.accountId, name: `${s.name ?? s.accountId} (${s.health.band}, ${s.tier})` }));
}

/** The draft resolved as the store would resolve it, or its problems. */
function resolved(draft: unknown): { policy: Policy; problems: [] } | { policy: null; problems: string[] } {
  try {
    return { policy: resolvePolicy(draft), problems: [] };
  } catch (error) {
    if (error instanceof PolicyError) return { policy: null, problems: error.problems };
    throw error;
  }
}

export function consolePolicy(deps: HttpDeps): Router {
  const router = Router();

  const respond = async (req: Request, res: Response, c: KnownConnection, act: (draft: Record<string, unknown>, policy: Policy) => Promise<string>) => {
    const { session } = signedIn(res);
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const values = postedValues(req.body);
    const draft = policyDraft(values);
    const chosen = AccountChoice.safeParse(req.body);
    const common = { base, csrf: session.csrf, accounts: await accounts(deps, c.id), accountId: chosen.success ? chosen.data.accountId : null, readOnly: !c.stored };
    const check = resolved(draft);
    if (!check.policy) {
      res.status(422).type('html').send(editor({ ...common, values, problems: check.problems, panel: '' }));
      return;
    }
    // Tier-keyed inputs follow the draft's tiers (a new tier gets its target and no-login inputs).
    const shown = { ...policyValues(pick(check.policy)), ...policyValues(draft) };
    try {
      res.type('html').send(editor({ ...common, values: shown, problems: [], panel: await act(draft, check.policy) }));
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 422) throw error;
      res.status(422).type('html').send(editor({ ...common, values, problems: error.errors, panel: '' }));
    }
  };

  router.get('/c/:id/policy', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { session } = signedIn(res);
    const policy = (await deps.contexts.get(c.id)).policy;
    const base = `/admin/c/${encodeURIComponent(c.id)}`;
    const intro = `<p>Tiers: ${tierNames(policy).map((t) => `<code>${e(t)}</code>`).join(', ')}. Preview the draft's impact on the whole cached portfolio, or test it on one account, before saving; saving queues a full run.</p>`;
    // Opened from the backtest page: its suggested weights over the policy in force, previewed at once.
    const suggested = suggestedWeights(req.query);
    const values = { ...policyValues(pick(policy)), ...suggested?.values };
    const check = suggested ? resolved(policyDraft(values)) : null;
    const panel = suggested && check?.policy ? impactPanel(await impactOf(deps, c.id, { policy: policyDraft(values) })) : '';
    const body = editor({ base, csrf: session.csrf, values, problems: check?.problems ?? [], accounts: await accounts(deps, c.id), accountId: null, panel, readOnly: !c.stored });
    res.type('html').send(page({ title: 'Scoring policy', connectionId: c.id, csrf: session.csrf, current: 'policy' }, intro + (suggested ? suggestedNotice(suggested, base) : '') + body));
  });

  router.post('/c/:id/policy/impact', async (req, res) => {
    const c = await knownConnection(deps, req);
    await respond(req, res, c, async (draft) => impactPanel(await impactOf(deps, c.id, { policy: draft })));
  });

  router.post('/c/:id/policy/test', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { accountId } = parseInput(AccountChoice, req.body, 'body');
    await respond(req, res, c, async (draft) => previewPanel(accountId, await previewAccount(deps, c.id, accountId, { policy: draft })));
  });

  router.post('/c/:id/policy', async (req, res) => {
    const c = await knownConnection(deps, req);
    await respond(req, res, c, async (draft) => {
      if (!c.stored) throw new HttpError(422, 'ENV_CONNECTION', [`(root): connection ${c.id} comes from the environment: change its policy in the file CRM_PULSE_POLICY names`]);
      const savedAt = deps.now();
      let stored;
      try {
        stored = await deps.store.policies.put(c.id, draft);
      } catch (error) {
        if (error instanceof PolicyError) throw new HttpError(422, 'BAD_POLICY', error.problems);
        throw error;
      }
      const { run, fullRun } = await queuePolicyRuns(deps.queue, deps.store, c.id, stored.policy, savedAt);
      const said = fullRun === 'queued' ? `a full run (${run.runId}) is queued to apply it` : `a full run is ${fullRun}, to apply it`;
      const base = `/admin/c/${encodeURIComponent(c.id)}`;
      return `<div class="notice" role="status"><p>Policy saved; ${e(said)}, and the <a href="${e(base)}/backtest">backtest</a> under it is recomputed.</p>${runWatch(base, savedAt)}</div>`;
    });
  });

  return router;
}

/** The parts of a policy the editor shows. */
function pick(p: Policy) {
  return {
    health: { weights: p.health.weights, bands: p.health.bands, engagement: p.health.engagement, tickets: p.health.tickets },
    tiers: p.tiers,
    signals: p.signals,
    renewal: p.renewal,
    playbook: p.playbook,
  };
}
