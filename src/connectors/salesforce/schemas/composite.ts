// The Composite resource: up to 25 subrequests in one call that counts once against the org's
// API allocation, at most 5 of them queries (Query, QueryAll or their next pages).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
import { z } from 'zod';

export const CompositeResponseSchema = z.object({
  compositeResponse: z.array(
    z.object({
      body: z.unknown(),
      httpHeaders: z.record(z.string(), z.string()).nullish(),
      httpStatusCode: z.number().int(),
      referenceId: z.string(),
    }),
  ),
});
