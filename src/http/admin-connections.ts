// Admin API: connections (listed without credentials), their run history, and queueing a run.
//   GET  /api/connections                 every stored connection (or the environment's)
//   GET  /api/connections/:id             one connection, its last runs, schedule and the CRM's API budget
//   GET  /api/connections/:id/runs        run history, newest first (?limit=, default 20)
//   POST /api/connections/:id/runs        queue a cycle: { "mode": "full" | "incremental", "dryRun": bool }
//   POST /api/connections/:id/pause       stop scheduled runs until resumed: {} (a run asked for still runs)
//   POST /api/connections/:id/resume      scheduled runs again: {}
import { Router } from 'express';
import { z } from 'zod';
import { enqueueSync } from '../jobs/index.ts';
import { knownConnection, requireStored } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';
import { parseInput } from './validate.ts';

const Limit = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }).strict();
const Empty = z.object({}).strict();
/** What pause sets: scheduled ticks skip the connection (jobs/tick-job.ts) until resume. */
export const PAUSED_BY_ADMIN = { state: 'paused', reason: 'paused by an admin', until: null } as const;
const RunRequest = z.object({ mode: z.enum(['full', 'incremental']).default('incremental'), dryRun: z.boolean().default(false) }).strict();

export function adminConnections(deps: HttpDeps): Router {
  const router = Router();

  router.get('/connections', async (_req, res) => {
    const stored = await deps.store.connections.list();
    const ids = await deps.contexts.ids();
    const env = ids.filter((id) => deps.contexts.isEnv(id)).map((id) => ({ id, fromEnvironment: true }));
    res.json({ connections: [...stored, ...env] });
  });

  router.get('/connections/:id', async (req, res) => {
    const c = await knownConnection(deps, req);
    res.json({
      connection: c.stored ?? { id: c.id, fromEnvironment: true },
      runs: await deps.store.runs.list(c.id, 5),
      schedule: deps.schedule,
      // Null for a CRM that reports none (HubSpot) and before the first call.
      apiUsage: await deps.store.apiUsage.get(c.id),
    });
  });

  router.get('/connections/:id/runs', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { limit } = parseInput(Limit, req.query, 'query');
    res.json({ runs: await deps.store.runs.list(c.id, limit ?? 20) });
  });

  router.post('/connections/:id/runs', async (req, res) => {
    const c = await knownConnection(deps, req);
    const body = parseInput(RunRequest, req.body, 'body');
    const queued = await enqueueSync(deps.queue, { connectionId: c.id, mode: body.mode, dryRun: body.dryRun, reason: 'requested through the admin API' }, deps.now());
    res.status(202).json({ run: queued });
  });

  router.post('/connections/:id/pause', async (req, res) => {
    const c = requireStored(await knownConnection(deps, req), 'status');
    parseInput(Empty, req.body, 'body');
    res.json({ connection: await deps.store.connections.setStatus(c.id, PAUSED_BY_ADMIN) });
  });

  router.post('/connections/:id/resume', async (req, res) => {
    const c = requireStored(await knownConnection(deps, req), 'status');
    parseInput(Empty, req.body, 'body');
    res.json({ connection: await deps.store.connections.setStatus(c.id, { state: 'active' }) });
  });

  return router;
}
