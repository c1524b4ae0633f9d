// Liveness, readiness and metrics: /healthz answers while the process serves, /readyz while Redis
// answers too (within a second), /metrics in Prometheus text format (observe/render-metrics.ts).
import { Router } from 'express';
import type { HttpDeps } from './deps.ts';
import { errorBody } from './errors.ts';

const READY_TIMEOUT_MS = 1_000;

export function health(deps: HttpDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within a second')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([deps.redis.ping(), timeout]);
      res.json({ ok: true });
    } catch (error) {
      res.status(503).json(errorBody('REDIS_UNAVAILABLE', [`Redis does not answer: ${(error as Error).message}`]));
    } finally {
      clearTimeout(timer);
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metricsPage.contentType).send(await deps.metricsPage.render());
  });
  return router;
}
