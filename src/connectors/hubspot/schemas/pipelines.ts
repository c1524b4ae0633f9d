// zod schema of GET /crm/pipelines/{version}/{objectType} (PublicApiSpecs/CRM/Pipelines/Rollouts/
// 145896/2026-09/pipelines.json): pipelines with their stages; stage `metadata` holds the state crm-pulse
// reads (tickets: ticketState / isClosed; deals: isClosed and probability), as strings.
import { z } from 'zod';

export const PipelineListSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      label: z.string().nullish(),
      archived: z.boolean().nullish(),
      stages: z.array(
        z.object({
          id: z.string(),
          label: z.string().nullish(),
          archived: z.boolean().nullish(),
          metadata: z.record(z.string(), z.string().nullish()).nullish(),
        }),
      ),
    }),
  ),
});
export type PipelineList = z.output<typeof PipelineListSchema>;
