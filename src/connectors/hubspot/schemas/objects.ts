// zod schemas of HubSpot CRM object answers (search, batch read / create / update), as in
// PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json (the same shapes serve every
// object type). Provider fields are nullish: only what crm-pulse cannot work without is required.
import { z } from 'zod';

/** HubSpot sends numeric ids as strings, but some answers (associations) use numbers. */
export const hsId = z.union([z.string().min(1), z.number().int()]).transform(String);

export const HsObjectSchema = z.object({
  id: hsId,
  properties: z.record(z.string(), z.string().nullish()).nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  archived: z.boolean().nullish(),
  objectWriteTraceId: z.string().nullish(),
});
export type HsObject = z.output<typeof HsObjectSchema>;

export const PagingSchema = z.object({ next: z.object({ after: z.string() }).nullish() }).nullish();

/** POST /crm/objects/{version}/{type}/search: CollectionResponseWithTotalSimplePublicObject. */
export const SearchPageSchema = z.object({ total: z.number().nullish(), results: z.array(HsObjectSchema), paging: PagingSchema });

/** A per-record error of a batch answer (StandardError): in a 207 up to 2026-03, in a 200 / 201 since 2026-09. */
export const BatchErrorSchema = z.object({
  status: z.string().nullish(),
  category: z.string().nullish(),
  message: z.string().nullish(),
  context: z.record(z.string(), z.array(z.string())).nullish(),
});
export type BatchError = z.output<typeof BatchErrorSchema>;

/** Batch read / create / update: BatchResponseSimplePublicObject(WithErrors). */
export const BatchObjectsSchema = z.object({
  status: z.string().nullish(),
  results: z.array(HsObjectSchema),
  errors: z.array(BatchErrorSchema).nullish(),
  numErrors: z.number().nullish(),
});
export type BatchObjects = z.output<typeof BatchObjectsSchema>;
