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
import { accountPreview, portfolioImpact } from '../pipeline/index.ts';
import { knownConnection } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { checkedMapping, checkedPolicy } from './settings-drafts.ts';
import { parseInput } from './validate.ts';

const ImpactBody = z.object({ policy: z.unknown().optional(), mapping: z.unknown().optional() }).strict();
const PreviewBody = z.object({ policy: z.unknown().optional() }).strict();
const AccountPath = z.object({ accountId: z.string().min(1).max(64) }).loose();

const MAPPING_NEEDS_RUN =
  'mapping: the cache holds each account\'s canonical values, not the CRM values a changed mapping would read; check it on sample records, and its impact shows after the full run that saving it queues';

export function adminImpact(deps: HttpDeps): Router {
  const router = Router();

  router.post('/connections/:id/impact', async (req, res) => {
    const c = await knownConnection(deps, req);
    const body = parseInput(ImpactBody, req.body, 'body');
    const ctx = await deps.contexts.get(c.id);
    const draft = body.policy === undefined ? ctx.policy : checkedPolicy(body.policy);
    if (body.mapping !== undefined) {
      const mapping = await checkedMapping(ctx, body.mapping);
      if (!isDeepStrictEqual(mapping, ctx.mapping)) throw new HttpError(409, 'IMPACT_NEEDS_RUN', [MAPPING_NEEDS_RUN]);
    }
    const started = performance.now();
    const answer = await portfolioImpact(deps.store, c.id, ctx.policy, draft);
    if (!answer.ok) throw new HttpError(409, 'IMPACT_NEEDS_RUN', answer.reasons);
    const { accounts, ...rest } = answer.impact;
    res.json({ accounts, ms: Math.round(performance.now() - started), ...rest });
  });

  router.post('/connections/:id/accounts/:accountId/preview', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { accountId } = parseInput(AccountPath, req.params, 'path');
    const body = parseInput(PreviewBody, req.body, 'body');
    const ctx = await deps.contexts.get(c.id);
    const draft = body.policy === undefined ? ctx.policy : checkedPolicy(body.policy);
    const answer = await accountPreview(deps.store, c.id, accountId, ctx.policy, draft);
    if (!answer.ok && answer.missing) throw new HttpError(404, 'NOT_SCORED', [`account ${accountId} has not been scored on connection ${c.id}`]);
    if (!answer.ok) throw new HttpError(409, 'IMPACT_NEEDS_RUN', answer.reasons);
    res.json({ asOf: answer.asOf, before: answer.before, after: answer.after });
  });

  return router;
}
