// zod schema of POST /crm/associations/{version}/{from}/{to}/batch/read (PublicApiSpecs/CRM/
// Associations/Rollouts/130902/2026-09/associations.json): BatchResponsePublicAssociationMultiWithLabel,
// its errors[] in a 207 up to 2026-03 and in the 200 since 2026-09. Each result may carry paging for that one `from` id.
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
