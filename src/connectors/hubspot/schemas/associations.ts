// zod schema of POST /crm/v4/associations/{from}/{to}/batch/read (PublicApiSpecs/CRM/
// Associations/Rollouts/130902/v4/associations.json): BatchResponsePublicAssociationMultiWithLabel
// (200) or ...WithErrors (207). Each result may carry paging for that one `from` id.
import { z } from 'zod';
import { BatchErrorSchema, hsId, PagingSchema } from './objects.ts';

export const AssociationBatchSchema = z.object({
  results: z.array(
    z.object({
      from: z.object({ id: hsId }),
      to: z.array(
        z.object({
          toObjectId: hsId,
          associationTypes: z.array(z.object({ category: z.string().nullish(), typeId: z.number().nullish(), label: z.string().nullish() })).nullish(),
        }),
      ),
      paging: PagingSchema,
    }),
  ),
  errors: z.array(BatchErrorSchema).nullish(),
});
