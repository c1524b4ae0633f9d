// GET /api/connections/:id/backtest: the connection's score backtest and retention metrics
// (docs/backtest.md). Computed by a queued `backtest` job and cached: a report for today under the
// connection's current policy is answered at once (200); otherwise the job is queued (once per
// connection, policy and day) and the answer is 202 with the last report, if any, marked stale.
// So a policy change or a new day brings a new report the next time it is asked for.
import express, { type Router } from 'express';
import { enqueueBacktest, policyDigest } from '../jobs/index.ts';
import { formatDay } from '../model/index.ts';
import { knownConnection } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';

export function adminBacktest(deps: HttpDeps): Router {
  const router = express.Router();
  router.get('/connections/:id/backtest', async (req, res) => {
    const { id } = await knownConnection(deps, req);
    const ctx = await deps.contexts.get(id);
    const now = deps.now();
    const cached = await deps.store.backtests.get(id);
    if (cached && cached.day === formatDay(now) && cached.policyDigest === policyDigest(ctx.policy)) {
      res.json({ status: 'ready', computedAt: new Date(cached.computedAt).toISOString(), report: cached.report });
      return;
    }
    const queued = await enqueueBacktest(deps.queue, id, ctx.policy, now, 'admin API');
    res.status(202).json({
      status: 'queued',
      jobId: queued.jobId,
      stale: cached ? { computedAt: new Date(cached.computedAt).toISOString(), day: cached.day, report: cached.report } : null,
    });
  });
  return router;
}
