// A connection's OAuth tokens and where they are kept between runs, behind a small interface so
// the connectors do not care whether it is memory (tests) or Redis (store/token-store.ts). Stored
// tokens are validated on the way out: a corrupt entry means "connect again", never a crash.
import { z } from 'zod';

export const StoredTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms when the access token stops working. */
  expiresAt: z.number().finite(),
  /** The CRM account the tokens belong to (HubSpot hub id, Salesforce org id). */
  accountId: z.string().nullish(),
  /** Salesforce: the org's instance URL; a refresh may move it (org migration) and it is stored with the tokens. */
  instanceUrl: z.url().nullish(),
});
export type StoredTokens = z.output<typeof StoredTokensSchema>;

export interface TokenStore {
  get(connectionId: string): Promise<StoredTokens | null>;
  set(connectionId: string, tokens: StoredTokens): Promise<void>;
}
