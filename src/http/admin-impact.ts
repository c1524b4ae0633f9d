// Admin API: what a draft policy (or mapping) would do, before it is saved. Nothing is stored
// and no CRM is called (but for checking a draft mapping's fields, as PUT /mapping does).
//   POST /api/connections/:id/impact                        the draft over the whole cached portfolio
//   POST /api/connections/:id/accounts/:accountId/preview   one account under the policy in use and the draft
// A draft the cache cannot re-score faithfully answers 409 IMPACT_NEEDS_RUN saying why: a mapping
// other than the one in use (the cache holds canonical values, not the CRM's raw ones), or
// history windows and ticket priorities other than those the kept activity summaries were counted
// under (pipeline/cached-portfolio.ts).
import { isDeepStrictEqual } from 'node:util';
import { Router } from 'express';
import { z } from 'zod';
import { accountPreview, portfolioImpact, type AccountView } from '../pipeline/index.ts';
import { knownConnection } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import type { AccountPreview, Impact, PreviewSide } from './impact-contract.ts';
import { checkedMapping, checkedPolicy } from './settings-drafts.ts';
import { parseInput } from './validate.ts';

const ImpactBody = z.object({ policy: z.unknown().optional(), mapping: z.unknown().optional() }).strict();
const PreviewBody = z.object({ policy: z.unknown().optional() }).strict();
const AccountPath = z.object({ accountId: z.string().min(1).max(64) }).loose();

const MAPPING_NEEDS_RUN =
  'mapping: the cache holds each account\'s canonical values, not the CRM values a changed mapping would read; check it on sample records, and its impact shows after the full run that saving it queues';

/** The draft over the whole cached portfolio (the API's answer and the console's panel). */
export async function impactOf(deps: HttpDeps, connectionId: string, request: { policy?: unknown; mapping?: unknown }): Promise<Impact> {
  const ctx = await deps.contexts.get(connectionId);
  const draft = request.policy === undefined ? ctx.policy : checkedPolicy(request.policy);
  if (request.mapping !== undefined) {
    const mapping = await checkedMapping(ctx, request.mapping);
    if (!isDeepStrictEqual(mapping, ctx.mapping)) throw new HttpError(409, 'IMPACT_NEEDS_RUN', [MAPPING_NEEDS_RUN]);
  }
  const started = performance.now();
  const answer = await portfolioImpact(deps.store, connectionId, ctx.policy, draft);
  if (!answer.ok) throw new HttpError(409, 'IMPACT_NEEDS_RUN', answer.reasons);
  const { accounts, ...rest } = answer.impact;
  return { accounts, ms: Math.round(performance.now() - started), ...rest };
}

async function preview(deps: HttpDeps, connectionId: string, accountId: string, policy: unknown) {
  const ctx = await deps.contexts.get(connectionId);
  const draft = policy === undefined ? ctx.policy : checkedPolicy(policy);
  const answer = await accountPreview(deps.store, connectionId, accountId, ctx.policy, draft);
  if (!answer.ok && answer.missing) throw new HttpError(404, 'NOT_SCORED', [`account ${accountId} has not been scored on connection ${connectionId}`]);
  if (!answer.ok) throw new HttpError(409, 'IMPACT_NEEDS_RUN', answer.reasons);
  return answer;
}

const consoleSide = (v: AccountView): PreviewSide => ({
  score: v.score,
  band: v.band,
  tier: v.tier,
  why: v.explanation.why,
  explanation: { measures: v.explanation.measures.map((m) => ({ measure: m.name, value: m.value, subScore: m.subScore, weight: m.weight, points: m.points })) },
  signals: v.signals.map((x) => ({ signal: x.code, evidence: x.evidence })),
  tasks: v.tasks.map((t) => ({ kind: t.kind, subject: t.subject, dueAt: t.dueAt })),
});

/** "Test on a record" for the console: one account under the policy in use and the draft. */
export async function previewAccount(deps: HttpDeps, connectionId: string, accountId: string, request: { policy?: unknown }): Promise<AccountPreview> {
  const answer = await preview(deps, connectionId, accountId, request.policy);
  return { before: consoleSide(answer.before), after: consoleSide(answer.after) };
}

export function adminImpact(deps: HttpDeps): Router {
  const router = Router();

  router.post('/connections/:id/impact', async (req, res) => {
    const c = await knownConnection(deps, req);
    res.json(await impactOf(deps, c.id, parseInput(ImpactBody, req.body, 'body')));
  });

  router.post('/connections/:id/accounts/:accountId/preview', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { accountId } = parseInput(AccountPath, req.params, 'path');
    const body = parseInput(PreviewBody, req.body, 'body');
    const answer = await preview(deps, c.id, accountId, body.policy);
    res.json({ asOf: answer.asOf, before: answer.before, after: answer.after });
  });

  return router;
}
