// POST /webhooks/hubspot: HubSpot's change notifications. The raw body is kept for the v3
// signature; events are validated, routed to their connection by portal id, deduplicated on
// eventId (HubSpot retries for a day), and handed to a `webhook` job that re-scores just the
// accounts they name. The answer is quick: nothing here calls HubSpot. When the job cannot be
// queued the event ids are forgotten again and the answer is 500, so HubSpot delivers them again.
import express, { Router } from 'express';
import { affectedIds, parseWebhook, type WebhookEvent } from '../connectors/index.ts';
import { enqueueWebhook } from '../jobs/index.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { checkHubSpotSignature } from './hubspot-signature.ts';

export function webhooksHubSpot(deps: HttpDeps): Router {
  const router = Router();
  router.post('/webhooks/hubspot', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    checkHubSpotSignature(req, rawBody, { clientSecret: deps.hubspotClientSecret, publicUrl: deps.publicUrl, now: deps.now });
    const parsed = parseWebhook(rawBody);
    if (!parsed.ok) throw new HttpError(400, 'INVALID_BODY', parsed.problems);

    const byPortal = new Map<string, WebhookEvent[]>();
    for (const e of parsed.events) {
      const list = byPortal.get(e.portalId ?? '') ?? [];
      list.push(e);
      byPortal.set(e.portalId ?? '', list);
    }
    let queued = 0;
    for (const [portalId, events] of byPortal) {
      const connectionId = portalId ? await deps.store.connections.findByCrmAccount('hubspot', portalId) : null;
      if (!connectionId) {
        deps.metrics.inc('webhook_events', { crm: 'hubspot', outcome: 'ignored' }, events.length);
        deps.logger.warn({ portalId, events: events.length }, 'webhook events for a HubSpot account that is not connected');
        continue;
      }
      const fresh = new Set(await deps.store.webhookEvents.firstSeen(connectionId, events.map((e) => e.eventId)));
      deps.metrics.inc('webhook_events', { crm: 'hubspot', outcome: 'duplicate' }, events.length - fresh.size);
      if (fresh.size === 0) continue;
      const ids = affectedIds(events.filter((e) => fresh.has(e.eventId)));
      try {
        await enqueueWebhook(deps.queue, { connectionId, companyIds: ids.companyIds, deletedIds: ids.deletedCompanyIds, dealIds: ids.dealIds, reason: 'webhook: HubSpot reported a change' }, [...fresh].join(','));
      } catch (error) {
        await deps.store.webhookEvents.forget(connectionId, [...fresh]);
        throw error;
      }
      deps.metrics.inc('webhook_events', { crm: 'hubspot', outcome: 'queued' }, fresh.size);
      queued += fresh.size;
    }
    res.status(200).json({ queued });
  });
  return router;
}
