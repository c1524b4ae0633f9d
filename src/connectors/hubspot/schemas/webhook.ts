// zod schema of a webhook delivery: an array of events (HubSpot webhooks API v3 payload for the
// legacy `company.*` / `deal.*` / `ticket.*` subscription types of manifests/hubspot, and the
// generic `object.*` ones, which name the object type by id).
import { z } from 'zod';
import { hsId } from './objects.ts';

// Association changes name their company `fromObjectId` and carry no objectId; every other event has one.
export const WebhookEventSchema = z
  .object({
    eventId: hsId,
    subscriptionType: z.string().min(1),
    objectId: hsId.optional(),
    fromObjectId: hsId.nullish(),
    portalId: hsId.nullish(),
    occurredAt: z.number().nullish(),
    propertyName: z.string().nullish(),
    propertyValue: z.string().nullish(),
    changeSource: z.string().nullish(),
    attemptNumber: z.number().nullish(),
    /** Generic `object.*` subscriptions name the object type by id (0-3 deals, 0-48 calls, ...). */
    objectTypeId: z.string().nullish(),
    /** `company.associationChange`: COMPANY_TO_DEAL, COMPANY_TO_TICKET, ... */
    associationType: z.string().nullish(),
  })
  .transform((e, ctx) => {
    const objectId = e.objectId ?? e.fromObjectId ?? undefined;
    if (objectId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['objectId'], message: 'Invalid input: expected an object id (objectId, or fromObjectId for an association change)' });
      return z.NEVER;
    }
    return { ...e, objectId };
  });
export type WebhookPayloadEvent = z.output<typeof WebhookEventSchema>;

export const WebhookPayloadSchema = z.array(WebhookEventSchema);
