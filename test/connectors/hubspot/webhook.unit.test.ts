// Webhook deliveries: the v3 signature (valid, tampered body, wrong secret, stale, missing,
// encoded URI characters), the event array's validation, and the ids handed back.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseWebhook, verifySignature, type SignedRequest } from '../../../src/connectors/hubspot/webhook.ts';

const SECRET = 'app-client-secret';
const NOW = Date.UTC(2026, 10, 20, 12);
const URI = 'https://pulse.example.com/webhooks/hubspot';

const events = [
  { eventId: 100, subscriptionId: 7, portalId: 12345, appId: 9, occurredAt: NOW - 1000, subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: 501, changeSource: 'CRM_UI', propertyName: 'annualrevenue', propertyValue: '5000000' },
  { eventId: 101, subscriptionId: 8, portalId: 12345, appId: 9, occurredAt: NOW - 900, subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: 9001, propertyName: 'dealstage', propertyValue: 'closedwon' },
  { eventId: 102, subscriptionId: 9, portalId: 12345, appId: 9, occurredAt: NOW - 800, subscriptionType: 'company.deletion', attemptNumber: 0, objectId: 502 },
  { eventId: 103, subscriptionId: 7, portalId: 12345, appId: 9, occurredAt: NOW - 700, subscriptionType: 'company.propertyChange', attemptNumber: 1, objectId: 501, propertyName: 'name', propertyValue: 'Acme' },
  { eventId: 104, subscriptionId: 10, portalId: 12345, appId: 9, occurredAt: NOW - 600, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 77 },
  { eventId: 105, portalId: 12345, subscriptionType: 'company.associationChange', fromObjectId: 501, toObjectId: 88, associationType: 'COMPANY_TO_TICKET' },
  { eventId: 106, portalId: 12345, subscriptionType: 'company.associationChange', fromObjectId: 501, toObjectId: 89, associationType: 'COMPANY_TO_CONTACT' },
  { eventId: 107, portalId: 12345, subscriptionType: 'object.creation', objectTypeId: '0-48', objectId: 700 },
  { eventId: 108, portalId: 12345, subscriptionType: 'company.creation', objectId: 503 },
];
const rawBody = JSON.stringify(events);

/** Signs as HubSpot does: base64 HMAC-SHA256 of method + uri + body + timestamp. */
function signed(overrides: Partial<SignedRequest> = {}, at = NOW - 30_000): SignedRequest {
  const timestamp = String(at);
  const signature = createHmac('sha256', SECRET).update(`POST${URI}${rawBody}${timestamp}`).digest('base64');
  return { method: 'POST', uri: URI, rawBody, signature, timestamp, ...overrides };
}

describe('verifySignature', () => {
  it('accepts a request signed with the client secret', () => {
    expect(verifySignature(signed(), SECRET, NOW)).toEqual({ ok: true });
  });

  it('refuses a tampered body, a wrong secret or a changed URI', () => {
    expect(verifySignature(signed({ rawBody: rawBody.replace('5000000', '9000000') }), SECRET, NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(signed(), 'another-secret', NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(signed({ uri: `${URI}?x=1` }), SECRET, NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(signed({ signature: 'short' }), SECRET, NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a timestamp older than 5 minutes, however well signed', () => {
    expect(verifySignature(signed({}, NOW - 5 * 60_000 - 1), SECRET, NOW)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(signed({}, NOW - 5 * 60_000), SECRET, NOW)).toEqual({ ok: true });
  });

  it('refuses a request without the signature headers', () => {
    expect(verifySignature(signed({ signature: undefined }), SECRET, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature(signed({ timestamp: 'yesterday' }), SECRET, NOW)).toEqual({ ok: false, reason: 'missing' });
  });

  it('decodes the characters HubSpot decodes in the URI before signing', () => {
    const timestamp = String(NOW);
    const decoded = 'https://pulse.example.com/webhooks/hubspot?portal=a:b';
    const signature = createHmac('sha256', SECRET).update(`POST${decoded}${rawBody}${timestamp}`).digest('base64');
    const req = { method: 'POST', uri: 'https://pulse.example.com/webhooks/hubspot?portal=a%3Ab', rawBody, signature, timestamp };
    expect(verifySignature(req, SECRET, NOW)).toEqual({ ok: true });
  });
});

describe('parseWebhook', () => {
  it("says what each event changed: a company's values or one kind of its history, or a history record; others are dropped", () => {
    const parsed = parseWebhook(rawBody);
    const company = (id: string, what: string) => ({ on: 'company', id, what });
    expect(parsed).toEqual({
      ok: true,
      events: [
        { eventId: '100', portalId: '12345', changes: [company('501', 'values')] },
        { eventId: '101', portalId: '12345', changes: [{ on: 'deal', id: '9001' }] },
        { eventId: '102', portalId: '12345', changes: [company('502', 'gone')] },
        { eventId: '103', portalId: '12345', changes: [company('501', 'values')] },
        { eventId: '105', portalId: '12345', changes: [company('501', 'ticket')] },
        { eventId: '107', portalId: '12345', changes: [{ on: 'call', id: '700' }] },
        { eventId: '108', portalId: '12345', changes: [company('503', 'values'), company('503', 'history')] },
      ],
    });
  });

  it('refuses a body that is not an event array, naming the problem', () => {
    expect(parseWebhook('not json')).toEqual({ ok: false, problems: ['(root): the body is not JSON'] });
    const bad = parseWebhook(JSON.stringify([{ eventId: 1, subscriptionType: 'company.propertyChange' }]));
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^0\.objectId: /)]);
  });
});
