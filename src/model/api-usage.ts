// A CRM account's daily API budget as the CRM last reported it (Salesforce sends it on every
// answer, Sforce-Limit-Info). Connectors that see it expose it; jobs store the newest reading per
// connection so the run summary and the connection status show it whichever process made the call.
import { z } from 'zod';

export const ApiUsageSchema = z.object({
  /** Calls the CRM account made in its budget window (Salesforce: the last 24 hours), all integrations together. */
  used: z.number().int().min(0),
  /** The account's allocation for that window. */
  max: z.number().int().positive(),
  /** used / max. */
  share: z.number().min(0),
  /** The share at which crm-pulse pauses the connection. */
  pauseAtShare: z.number().positive().max(1),
  /** When the CRM reported it (epoch ms). */
  at: z.number(),
});
export type ApiUsage = z.output<typeof ApiUsageSchema>;
