// Admin API: what crm-pulse knows about one account, and the audit log of its writes.
//   GET /api/connections/:id/accounts/:accountId   latest score with its explanation, the values
//                                                  last written, and the account's tasks
//   GET /api/connections/:id/audit                 every write, newest first (?limit=, ?before=)
import { Router } from 'express';
import { z } from 'zod';
import { knownConnection } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { parseInput } from './validate.ts';

const AccountPath = z.object({ accountId: z.string().min(1).max(64) }).loose();
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional(), before: z.string().regex(/^\d+-\d+$/, 'must be an audit entry id like 1767225600000-0').optional() }).strict();

export function adminAccounts(deps: HttpDeps): Router {
  const router = Router();

  router.get('/connections/:id/accounts/:accountId', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { accountId } = parseInput(AccountPath, req.params, 'path');
    const score = await deps.store.scores.get(c.id, accountId);
    if (!score) throw new HttpError(404, 'NOT_SCORED', [`account ${accountId} has not been scored on connection ${c.id}`]);
    const written = (await deps.store.written.getMany(c.id, [accountId])).get(accountId) ?? null;
    const tasks = (await deps.store.tasks.forAccounts(c.id, [accountId])).get(accountId) ?? [];
    res.json({ score, written, tasks });
  });

  router.get('/connections/:id/audit', async (req, res) => {
    const c = await knownConnection(deps, req);
    const query = parseInput(AuditQuery, req.query, 'query');
    res.json({ entries: await deps.store.audit.list(c.id, query) });
  });

  return router;
}
