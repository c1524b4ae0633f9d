// HubSpot webhook deliveries: checks the v3 signature (HMAC-SHA256 with the app's client secret,
// compared in constant time, at most 5 minutes old) and turns the validated events into the
// company ids to re-read. Deal events carry deal ids, which need an association read to reach
// their companies, so they come back separately. Deduping on eventId is the caller's.
// https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describeIssues } from '../../model/index.ts';
import { WebhookPayloadSchema } from './schemas/webhook.ts';

export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

export interface SignedRequest {
  method: string;
  /** The full URL HubSpot called, as built from CRM_PULSE_PUBLIC_URL plus path and query. */
  uri: string;
  rawBody: string;
  /** X-HubSpot-Signature-v3 */
  signature: string | undefined;
  /** X-HubSpot-Request-Timestamp, epoch ms */
  timestamp: string | undefined;
}

export type Verification = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

// HubSpot signs the URI with these characters decoded (its validating-requests guide).
const DECODE: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function signV3(secret: string, method: string, uri: string, rawBody: string, timestamp: string): string {
  const decodedUri = uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODE[m.toUpperCase()]!);
  return createHmac('sha256', secret).update(`${method.toUpperCase()}${decodedUri}${rawBody}${timestamp}`, 'utf8').digest('base64');
}

export function verifySignature(req: SignedRequest, clientSecret: string, now: number): Verification {
  if (!req.signature || !req.timestamp || !/^\d+$/.test(req.timestamp)) return { ok: false, reason: 'missing' };
  // Old or far-future timestamps are refused: a captured delivery cannot be replayed later.
  if (Math.abs(now - Number(req.timestamp)) > SIGNATURE_MAX_AGE_MS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signV3(clientSecret, req.method, req.uri, req.rawBody, req.timestamp), 'utf8');
  const given = Buffer.from(req.signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch is a mismatch, and says nothing secret.
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}

export interface WebhookEvent {
  eventId: string;
  /** The HubSpot account (portal) the event comes from: it names the connection. */
  portalId: string | null;
  kind: 'company' | 'company_deleted' | 'deal';
  objectId: string;
}

export type ParsedWebhook = { ok: true; events: WebhookEvent[] } | { ok: false; problems: string[] };

/** Validates the body and keeps the events crm-pulse acts on; other subscription types are ignored. */
export function parseWebhook(rawBody: string): ParsedWebhook {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, problems: ['(root): the body is not JSON'] };
  }
  const parsed = WebhookPayloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };
  const events: WebhookEvent[] = [];
  for (const e of parsed.data) {
    const [object, change] = e.subscriptionType.split('.');
    if (object === 'company') events.push({ eventId: e.eventId, portalId: e.portalId ?? null, kind: change === 'deletion' ? 'company_deleted' : 'company', objectId: e.objectId });
    else if (object === 'deal') events.push({ eventId: e.eventId, portalId: e.portalId ?? null, kind: 'deal', objectId: e.objectId });
  }
  return { ok: true, events };
}

/** The ids a set of (already deduped) events points at. */
export function affectedIds(events: readonly WebhookEvent[]): { companyIds: string[]; deletedCompanyIds: string[]; dealIds: string[] } {
  const pick = (kind: WebhookEvent['kind']) => [...new Set(events.filter((e) => e.kind === kind).map((e) => e.objectId))];
  const deleted = pick('company_deleted');
  return { companyIds: pick('company').filter((id) => !deleted.includes(id)), deletedCompanyIds: deleted, dealIds: pick('deal') };
}
