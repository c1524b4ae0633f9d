// zod schemas of the request bodies the sandbox org accepts, after Salesforce's REST API reference:
// the Composite resource, sObject Collections and Bulk API 2.0 query jobs. A body that does not
// follow them is refused with JSON_PARSER_ERROR, as Salesforce refuses a malformed request.
import { z } from 'zod';

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** POST /composite: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm */
export const CompositeSchema = z
  .object({
    allOrNone: z.boolean().optional(),
    collateSubrequests: z.boolean().optional(),
    compositeRequest: z.array(
      z.object({ method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']), url: z.string().startsWith('/services/data/'), referenceId: z.string().regex(/^\w+$/), httpHeaders: z.record(z.string(), z.string()).optional(), body: z.unknown().optional() }).strict(),
    ),
  })
  .strict();

/** POST / PATCH /composite/sobjects: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm */
export const CollectionSchema = z
  .object({
    allOrNone: z.boolean().optional(),
    records: z.array(z.object({ attributes: z.object({ type: z.string().min(1) }).loose(), id: z.string().optional() }).catchall(value)),
  })
  .strict();
export type CollectionRecord = z.output<typeof CollectionSchema>['records'][number];

/** POST /jobs/query: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm */
export const QueryJobSchema = z
  .object({
    operation: z.enum(['query', 'queryAll']),
    query: z.string().min(1),
    contentType: z.literal('CSV').optional(),
    columnDelimiter: z.enum(['BACKQUOTE', 'CARET', 'COMMA', 'PIPE', 'SEMICOLON', 'TAB']).optional(),
    lineEnding: z.enum(['LF', 'CRLF']).optional(),
  })
  .strict();
