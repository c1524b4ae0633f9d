// Answers of the Query and QueryAll resources: a page of records, whether more follow, and where.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm (nextRecordsUrl)
import { z } from 'zod';

/** An 18-character, case-safe Salesforce record id. */
export const SalesforceId = z.string().regex(/^[a-zA-Z0-9]{18}$/, 'must be an 18-character Salesforce id');

/** A record of any object: field name -> JSON value (plus `attributes`), read per object later. */
export const SfRecordSchema = z.record(z.string(), z.unknown());
export type SfRecord = z.output<typeof SfRecordSchema>;

export const QueryPageSchema = z.object({
  totalSize: z.number().int().min(0),
  done: z.boolean(),
  /** e.g. /services/data/v62.0/query/01gD0000002HU6KIAW-2000; absent on the last page. */
  nextRecordsUrl: z.string().startsWith('/services/').nullish(),
  records: z.array(SfRecordSchema),
});
export type QueryPage = z.output<typeof QueryPageSchema>;
