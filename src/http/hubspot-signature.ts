// HubSpot's request signature v3 on the routes HubSpot calls (webhooks, the record card's
// hubspot.fetch): HMAC-SHA256 of method, full URL, raw body and timestamp with the app's client
// secret, at most 5 minutes old (connectors/hubspot/webhook.ts). The URL is rebuilt from
// CRM_PULSE_PUBLIC_URL, which is what HubSpot called, whatever proxy sits in between.
import type { Request } from 'express';
import { verifySignature } from '../connectors/index.ts';
import { HttpError } from './errors.ts';

export interface SignatureSettings {
  clientSecret: string | null;
  publicUrl: string | null;
  now: () => number;
}

export function checkHubSpotSignature(req: Request, rawBody: string, s: SignatureSettings): void {
  if (!s.clientSecret || !s.publicUrl) {
    throw new HttpError(503, 'HUBSPOT_NOT_CONFIGURED', ['set HUBSPOT_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL to accept requests from HubSpot']);
  }
  const verdict = verifySignature(
    { method: req.method, uri: `${s.publicUrl}${req.originalUrl}`, rawBody, signature: req.get('x-hubspot-signature-v3'), timestamp: req.get('x-hubspot-request-timestamp') },
    s.clientSecret,
    s.now(),
  );
  if (!verdict.ok) throw new HttpError(401, 'BAD_SIGNATURE', [`the HubSpot request signature is ${verdict.reason}`]);
}
