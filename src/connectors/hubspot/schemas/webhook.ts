// zod schema of a webhook delivery: an array of events (HubSpot webhooks API v3 payload for the
// legacy `company.*` / `deal.*` subscription types of manifests/hubspot).
import { z } from 'zod';
import { hsId } from './objects.ts';

export const WebhookEventSchema = z.object({
  eventId: hsId,
  subscriptionType: z.string().min(1),
  objectId: hsId,
  portalId: hsId.nullish(),
  occurredAt: z.number().nullish(),
  propertyName: z.string().nullish(),
  propertyValue: z.string().nullish(),
  changeSource: z.string().nullish(),
  attemptNumber: z.number().nullish(),
});

export const WebhookPayloadSchema = z.array(WebhookEventSchema);
