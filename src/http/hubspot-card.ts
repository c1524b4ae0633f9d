// GET /hubspot/card?companyId=: the data of the crm-pulse tab on a HubSpot company record
// (manifests/hubspot/src/app/cards/PulseCard.tsx), signed by hubspot.fetch with the v3 signature.
// It reads only our store: the latest score, when our values last changed, the open tasks. 404
// means "not scored yet", which the card shows as such.
import { Router } from 'express';
import { z } from 'zod';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { checkHubSpotSignature } from './hubspot-signature.ts';
import { parseInput } from './validate.ts';

// hubspot.fetch adds portalId, userId, userEmail, appId and more: only what is read is checked.
const CardQuery = z.object({ companyId: z.string().regex(/^\d{1,20}$/, 'must be a HubSpot record id'), portalId: z.string().regex(/^\d{1,20}$/, 'must be a HubSpot portal id') });

export interface CardData {
  tier: string;
  healthScore: number | null;
  healthBand: 'healthy' | 'watch' | 'at_risk' | 'insufficient_data';
  why: string;
  renewalStage: 'none' | 'upcoming' | 'due' | 'overdue' | 'unknown';
  contractEnd: string | null;
  scoredAt: string | null;
  openTasks: { kind: string; subject: string; dueAt: string }[];
}

export function hubspotCard(deps: HttpDeps): Router {
  const router = Router();
  router.get('/hubspot/card', async (req, res) => {
    checkHubSpotSignature(req, '', { clientSecret: deps.hubspotClientSecret, publicUrl: deps.publicUrl, now: deps.now });
    const { companyId, portalId } = parseInput(CardQuery, req.query, 'query');
    const connectionId = await deps.store.connections.findByCrmAccount('hubspot', portalId);
    if (!connectionId) throw new HttpError(404, 'NOT_CONNECTED', [`HubSpot account ${portalId} is not connected to crm-pulse`]);
    const score = await deps.store.scores.get(connectionId, companyId);
    if (!score) throw new HttpError(404, 'NOT_SCORED', [`company ${companyId} has not been scored yet`]);
    const written = (await deps.store.written.getMany(connectionId, [companyId])).get(companyId);
    const tasks = (await deps.store.tasks.forAccounts(connectionId, [companyId])).get(companyId) ?? [];
    const data: CardData = {
      tier: score.tier,
      healthScore: score.health.score,
      healthBand: score.health.band,
      why: score.why,
      renewalStage: score.renewal.stage,
      contractEnd: score.renewal.contractEnd,
      scoredAt: typeof written?.scoredAt === 'string' ? written.scoredAt : null,
      openTasks: tasks
        .filter((t) => t.status === 'open' && t.crmId !== null)
        .map((t) => ({ kind: t.kind, subject: t.subject ?? t.kind, dueAt: new Date(t.dueAt ?? t.createdAt).toISOString() })),
    };
    res.json(data);
  });
  return router;
}
