// HubSpot webhook deliveries: checks the v3 signature (HMAC-SHA256 with the app's client secret,
// compared in constant time, at most 5 minutes old) and turns the validated events into what
// they say changed: a company's values, one kind of its history, or a history record (a deal, a
// ticket, a call, a meeting), whose companies an association read finds. Deduping on eventId is
// the caller's.
// https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describeIssues } from '../../model/index.ts';
import type { HistoryKind } from '../connector.ts';
import { WebhookPayloadSchema, type WebhookPayloadEvent } from './schemas/webhook.ts';

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

/**
 * What one event says changed. A company's `values` (a property), `history` (all of its activity:
 * a new company, or an association of a kind we cannot tell), one history `kind` (an association
 * to a record of that kind), or that it is `gone`; or a history record itself (`on` its kind),
 * whose companies its associations name.
 */
export type WebhookChange = { on: 'company'; id: string; what: 'values' | 'history' | 'gone' | HistoryKind } | { on: HistoryKind; id: string };

export interface WebhookEvent {
  eventId: string;
  /** The HubSpot account (portal) the event comes from: it names the connection. */
  portalId: string | null;
  changes: WebhookChange[];
}

export type ParsedWebhook = { ok: true; events: WebhookEvent[] } | { ok: false; problems: string[] };

/** Object type names of the legacy subscriptions and ids of the generic `object.*` ones. */
const OBJECTS: Record<string, 'company' | HistoryKind> = { company: 'company', deal: 'deal', ticket: 'ticket', '0-2': 'company', '0-3': 'deal', '0-5': 'ticket', '0-47': 'meeting', '0-48': 'call' };
/** The target of a `company.associationChange` (COMPANY_TO_DEAL, ...) as a history kind. */
const ASSOCIATED: Record<string, HistoryKind> = { DEAL: 'deal', TICKET: 'ticket', CALL: 'call', MEETING: 'meeting', MEETING_EVENT: 'meeting' };

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
    const changes = changesOf(e);
    if (changes.length > 0) events.push({ eventId: e.eventId, portalId: e.portalId ?? null, changes });
  }
  return { ok: true, events };
}

function changesOf(e: WebhookPayloadEvent): WebhookChange[] {
  const [prefix, change] = e.subscriptionType.split('.');
  const object = OBJECTS[prefix === 'object' ? (e.objectTypeId ?? '') : (prefix ?? '')];
  if (!object) return [];
  if (object !== 'company') return [{ on: object, id: e.objectId }];
  const company = (what: 'values' | 'history' | 'gone' | HistoryKind): WebhookChange => ({ on: 'company', id: e.objectId, what });
  switch (change) {
    case 'deletion':
      return [company('gone')];
    case 'creation':
    case 'restore':
    case 'merge':
      return [company('values'), company('history')];
    case 'associationChange': {
      // Contacts and other objects no rule reads: nothing to do.
      const target = /^COMPANY_TO_(.+)$/.exec(e.associationType ?? '')?.[1];
      if (target === undefined) return [company('history')];
      const kind = ASSOCIATED[target];
      return kind ? [company(kind)] : [];
    }
    default:
      return [company('values')];
  }
}
