// zod schemas of the Properties API answers (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/
// properties.json): property lists, property groups and the batch create answer.
import { z } from 'zod';
import { BatchErrorSchema } from './objects.ts';

export const HsOptionSchema = z.object({
  label: z.string().nullish(),
  value: z.string(),
  hidden: z.boolean().nullish(),
  displayOrder: z.number().nullish(),
  description: z.string().nullish(),
});
export type HsOption = z.output<typeof HsOptionSchema>;

export const HsPropertySchema = z.object({
  name: z.string(),
  label: z.string().nullish(),
  type: z.string(),
  fieldType: z.string().nullish(),
  groupName: z.string().nullish(),
  options: z.array(HsOptionSchema).nullish(),
  referencedObjectType: z.string().nullish(),
  hubspotDefined: z.boolean().nullish(),
  calculated: z.boolean().nullish(),
});
export type HsProperty = z.output<typeof HsPropertySchema>;

/** GET /crm/properties/{version}/{objectType}: CollectionResponsePropertyNoPaging. */
export const PropertyListSchema = z.object({ results: z.array(HsPropertySchema) });

/** GET /crm/properties/{version}/{objectType}/groups: CollectionResponsePropertyGroupNoPaging (displayOrder optional since 2026-09). */
export const PropertyGroupListSchema = z.object({ results: z.array(z.object({ name: z.string(), label: z.string().nullish() })) });

/** POST /crm/properties/{version}/{objectType}/groups: the created PropertyGroup. */
export const PropertyGroupSchema = z.object({ name: z.string() });

/** POST /crm/properties/{version}/{objectType}/batch/create: BatchResponseProperty, whose errors[] came in a 207 up to 2026-03 and in a 200 since 2026-09. */
export const PropertyBatchSchema = z.object({
  results: z.array(HsPropertySchema),
  errors: z.array(BatchErrorSchema).nullish(),
});
