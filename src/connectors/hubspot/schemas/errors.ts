// zod schema of HubSpot error bodies: the common `Error` of every spec (category, message,
// context, errors[]) plus the rate-limit fields of a 429 (errorType, policyName). Everything is
// optional: HubSpot's error-handling guide says to treat every field as possibly missing.
import { z } from 'zod';

const context = z.record(z.string(), z.array(z.string())).nullish();

export const HsErrorBodySchema = z.object({
  status: z.string().nullish(),
  message: z.string().nullish(),
  category: z.string().nullish(),
  subCategory: z.unknown().nullish(),
  correlationId: z.string().nullish(),
  errorType: z.string().nullish(),
  policyName: z.string().nullish(),
  context,
  errors: z.array(z.object({ message: z.string().nullish(), context })).nullish(),
});
export type HsErrorBody = z.output<typeof HsErrorBodySchema>;

/** The error body if it has HubSpot's shape, else an empty one (a proxy's HTML page, say). */
export function parseErrorBody(body: unknown): HsErrorBody {
  const parsed = HsErrorBodySchema.safeParse(body);
  return parsed.success ? parsed.data : {};
}
