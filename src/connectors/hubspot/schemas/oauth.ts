// zod schema of the OAuth token answer, POST /oauth/{version}/token. The dated spec
// (PublicApiSpecs/Auth/Oauth/Rollouts/279897/2026-09/oauth.json) documents no success body, so
// this is v1's AccessTokenResponse (Rollouts/155908/v1/oauth.json), the answer HubSpot sends.
import { z } from 'zod';

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  /** Seconds; about 30 minutes, but obey the value. */
  expires_in: z.number().positive(),
  token_type: z.string().nullish(),
  hub_id: z.number().nullish(),
});
