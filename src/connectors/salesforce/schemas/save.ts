// sObject Collections answers: one result per record, in the order sent; with allOrNone false a
// failed record carries its errors and the others are saved.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
import { z } from 'zod';

export const SaveErrorSchema = z.object({
  /** e.g. UNABLE_TO_LOCK_ROW, INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, ENTITY_IS_DELETED. */
  statusCode: z.string().nullish(),
  message: z.string().nullish(),
  fields: z.array(z.string()).nullish(),
});

export const SaveResultsSchema = z.array(
  z.object({
    id: z.string().nullish(),
    success: z.boolean(),
    errors: z.array(SaveErrorSchema).nullish(),
  }),
);
