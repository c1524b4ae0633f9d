// Admin API: a connection's field mapping and scoring policy.
//   GET /api/connections/:id/mapping    the mapping in use
//   PUT /api/connections/:id/mapping    a new mapping, checked against the CRM's live fields
//   GET /api/connections/:id/policy     the admin's partial policy and the policy it resolves to
//   PUT /api/connections/:id/policy     a new partial policy, validated
// A stored change queues a full run: every account's values may change with it. A change made
// while a sync runs is applied by a full run after it (jobs/settings-run.ts); the answer's
// `fullRun` says which: `queued` or `queued after run <id>`. A stored policy also queues the
// backtest under it (`backtest`: its job id), so GET /backtest has the new report soon.
import { Router } from 'express';
import { queuePolicyRuns, queueSettingsRun } from '../jobs/index.ts';
import { PolicyError } from '../model/index.ts';
import { knownConnection, requireStored } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { checkedMapping } from './settings-drafts.ts';

export function adminSettings(deps: HttpDeps): Router {
  const router = Router();

  router.get('/connections/:id/mapping', async (req, res) => {
    const c = await knownConnection(deps, req);
    res.json({ mapping: (await deps.contexts.get(c.id)).mapping });
  });

  router.put('/connections/:id/mapping', async (req, res) => {
    const c = await knownConnection(deps, req);
    requireStored(c, 'mapping');
    const checked = await checkedMapping(await deps.contexts.get(c.id), req.body);
    const mapping = await deps.store.mappings.put(c.id, checked);
    const { run, fullRun } = await queueSettingsRun(deps.queue, deps.store.pendingRuns, c.id, 'field mapping changed', deps.now());
    res.json({ mapping, run, fullRun });
  });

  router.get('/connections/:id/policy', async (req, res) => {
    const c = await knownConnection(deps, req);
    const stored = c.stored ? await deps.store.policies.get(c.id).catch(() => null) : null;
    res.json({ partial: stored?.partial ?? null, policy: (await deps.contexts.get(c.id)).policy });
  });

  router.put('/connections/:id/policy', async (req, res) => {
    const c = await knownConnection(deps, req);
    requireStored(c, 'policy');
    let stored;
    try {
      stored = await deps.store.policies.put(c.id, req.body);
    } catch (error) {
      if (error instanceof PolicyError) throw new HttpError(422, 'BAD_POLICY', error.problems);
      throw error;
    }
    const { run, fullRun, backtest } = await queuePolicyRuns(deps.queue, deps.store, c.id, stored.policy, deps.now());
    res.json({ partial: stored.partial, policy: stored.policy, run, fullRun, backtest: backtest.status === 'ready' ? { status: 'ready' } : { status: 'queued', jobId: backtest.jobId } });
  });

  return router;
}

