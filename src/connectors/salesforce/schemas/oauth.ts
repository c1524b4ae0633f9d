// The token endpoint's answer (authorization code and refresh token grants).
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm&type=5
import { z } from 'zod';

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  /** Present on the code exchange; on a refresh only when the app rotates refresh tokens. */
  refresh_token: z.string().min(1).nullish(),
  instance_url: z.url(),
  /** Identity URL: https://login.salesforce.com/id/<org id>/<user id>. */
  id: z.url(),
  /** Epoch ms as a string. */
  issued_at: z.string().regex(/^\d+$/).nullish(),
  scope: z.string().nullish(),
  token_type: z.string().nullish(),
  signature: z.string().nullish(),
});
export type TokenResponse = z.output<typeof TokenResponseSchema>;
