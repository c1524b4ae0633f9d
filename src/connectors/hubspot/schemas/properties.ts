// zod schemas of the Properties API answers (PublicApiSpecs/CRM/Properties/Rollouts/145899/v3/
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

/** GET /crm/v3/properties/{objectType}: CollectionResponsePropertyNoPaging. */
export const PropertyListSchema = z.object({ results: z.array(HsPropertySchema) });

/** GET /crm/v3/properties/{objectType}/groups: CollectionResponsePropertyGroupNoPaging. */
export const PropertyGroupListSchema = z.object({ results: z.array(z.object({ name: z.string(), label: z.string().nullish() })) });

/** POST /crm/v3/properties/{objectType}/groups: the created PropertyGroup. */
export const PropertyGroupSchema = z.object({ name: z.string() });

/** POST /crm/v3/properties/{objectType}/batch/create: BatchResponseProperty(WithErrors). */
export const PropertyBatchSchema = z.object({
  results: z.array(HsPropertySchema),
  errors: z.array(BatchErrorSchema).nullish(),
});
