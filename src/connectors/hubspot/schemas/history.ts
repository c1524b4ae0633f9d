// zod schema of a batch read answer with property history (PublicApiSpecs/CRM/Companies/Rollouts/
// 424/2026-09/companies.json, SimplePublicObjectWithAssociations.propertiesWithHistory: ValueWithTimestamp[]).
import { z } from 'zod';
import { hsId } from './objects.ts';

const ValueWithTimestampSchema = z.object({ value: z.string(), timestamp: z.string(), sourceType: z.string().nullish() });

export const HistoryBatchSchema = z.object({
  results: z.array(z.object({ id: hsId, propertiesWithHistory: z.record(z.string(), z.array(ValueWithTimestampSchema)).nullish() })),
});
