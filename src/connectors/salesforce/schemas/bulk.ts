// Bulk API 2.0 query jobs: the job's state while Salesforce runs it.
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
import { z } from 'zod';

export const QueryJobSchema = z.object({
  id: z.string().min(1),
  /** UploadComplete, InProgress, JobComplete, Failed, Aborted. */
  state: z.string().min(1),
  errorMessage: z.string().nullish(),
  numberRecordsProcessed: z.number().nullish(),
});
