// GET /api/connections/:id/backtest: the connection's score backtest and retention metrics
// (docs/backtest.md). Computed by a queued `backtest` job and cached (jobs/backtest-request.ts): a
// report for today under the connection's current policy is answered at once (200); otherwise the
// job is queued (once per connection, policy and day) and the answer is 202 with the last report,
// if any, marked stale, and why the last attempt failed, if it did.
import express, { type Router } from 'express';
import { requestBacktest } from '../jobs/index.ts';
import { knownConnection } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';

export function adminBacktest(deps: HttpDeps): Router {
  const router = express.Router();
  router.get('/connections/:id/backtest', async (req, res) => {
    const { id } = await knownConnection(deps, req);
    const ctx = await deps.contexts.get(id);
    const answer = await requestBacktest(deps.queue, deps.store.backtests, id, ctx.policy, deps.now(), 'admin API');
    if (answer.status === 'ready') {
      res.json({ status: 'ready', computedAt: new Date(answer.cached.computedAt).toISOString(), report: answer.cached.report });
      return;
    }
    const { stale } = answer;
    res.status(202).json({
      status: 'queued',
      jobId: answer.jobId,
      stale: stale ? { computedAt: new Date(stale.computedAt).toISOString(), day: stale.day, report: stale.report } : null,
      lastFailure: answer.lastFailure,
    });
  });
  return router;
}
