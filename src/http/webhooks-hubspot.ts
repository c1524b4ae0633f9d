// POST /webhooks/hubspot: HubSpot's change notifications. The raw body is kept for the v3
// signature; events are validated, routed to their connection by portal id, deduplicated on
// eventId (HubSpot retries for a day) and saved, in one Redis script, before the answer: a crash
// before it leaves nothing (HubSpot delivers again), after it leaves them pending. Then the
// connection's `webhook` job is queued WEBHOOK_WINDOW_MS ahead, so the events of that window are
// re-scored together; it is queued even when every event was a duplicate, which is how a retried
// delivery finds changes a crash left without a job. The answer is quick: nothing here calls
// HubSpot. When the job cannot be queued the answer is 500, and HubSpot's retry queues it.
import express, { Router } from 'express';
import { parseWebhook, type WebhookEvent } from '../connectors/index.ts';
import { enqueueWebhook } from '../jobs/index.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { checkHubSpotSignature } from './hubspot-signature.ts';

/** How long events wait for others to share their job: its batch read and write. */
export const WEBHOOK_WINDOW_MS = 1_000;

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
      const fresh = await deps.store.webhookEvents.record(connectionId, events, deps.now());
      deps.metrics.inc('webhook_events', { crm: 'hubspot', outcome: 'duplicate' }, new Set(events.map((e) => e.eventId)).size - fresh.length);
      await enqueueWebhook(deps.queue, { connectionId }, WEBHOOK_WINDOW_MS);
      deps.metrics.inc('webhook_events', { crm: 'hubspot', outcome: 'queued' }, fresh.length);
      queued += fresh.length;
    }
    res.status(200).json({ queued });
  });
  return router;
}
