// Properties of HubSpot webhook deliveries over arbitrary bodies and headers: parsing never
// throws and names its problems; no signature but the right one is accepted; the ids acted on
// are only ids the body holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWebhook, signV3, verifySignature, type SignedRequest } from '../../src/connectors/hubspot/webhook.ts';
import { RUNS, applyEdits, edits } from './arbitraries.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');

const id = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.constantFrom(null, '', 0));
const event = fc.record(
  {
    eventId: id,
    subscriptionType: fc.oneof(fc.constantFrom('company.creation', 'company.deletion', 'company.propertyChange', 'deal.propertyChange', 'contact.creation', 'company', '.', ''), fc.string({ maxLength: 10 })),
    objectId: id,
    portalId: fc.option(id, { nil: undefined }),
    occurredAt: fc.option(fc.oneof(fc.integer(), fc.string()), { nil: undefined }),
  },
  { requiredKeys: ['eventId', 'subscriptionType', 'objectId'] },
);
const body = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.array(event, { maxLength: 6 }).map((v) => JSON.stringify(v)),
  fc.array(event, { maxLength: 4 }).chain((events) => edits(fc.jsonValue({ maxDepth: 1 })).map((e) => JSON.stringify(applyEdits(events, e)))),
);

describe('parseWebhook', () => {
  it('never throws; a body is events or problems, and the ids named are ids of its events', () => {
    fc.assert(
      fc.property(body, (raw) => {
        const parsed = parseWebhook(raw);
        if (!parsed.ok) {
          expect(parsed.problems.length).toBeGreaterThan(0);
          return;
        }
        const doc = JSON.parse(raw) as { objectId: unknown; subscriptionType: string }[];
        const inBody = (objectPrefix: string) => new Set(doc.filter((e) => e.subscriptionType.split('.')[0] === objectPrefix).map((e) => String(e.objectId)));
        const deletions = new Set(doc.filter((e) => e.subscriptionType === 'company.deletion').map((e) => String(e.objectId)));
        for (const c of parsed.events.flatMap((e) => e.changes)) {
          if (c.on === 'company') expect(inBody('company').has(c.id)).toBe(true);
          else expect(inBody(c.on).has(c.id)).toBe(true);
          if (c.on === 'company' && c.what === 'gone') expect(deletions.has(c.id)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe('verifySignature', () => {
  const request = fc.record({
    secret: fc.string({ minLength: 1, maxLength: 20 }),
    method: fc.constantFrom('POST', 'GET', 'post'),
    uri: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()),
    rawBody: body,
    age: fc.integer({ min: -299_000, max: 299_000 }),
  });

  it('accepts the signature of the request, and no other string', () => {
    fc.assert(
      fc.property(request, fc.string({ maxLength: 60 }), ({ secret, method, uri, rawBody, age }, other) => {
        const timestamp = String(NOW - age);
        const signature = signV3(secret, method, uri, rawBody, timestamp);
        const req: SignedRequest = { method, uri, rawBody, signature, timestamp };
        expect(verifySignature(req, secret, NOW)).toEqual({ ok: true });
        fc.pre(other !== signature);
        expect(verifySignature({ ...req, signature: other }, secret, NOW).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('refuses a signature once the body, the URL, the secret or the time differ', () => {
    fc.assert(
      fc.property(request, fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 600_000, max: 1e12 }), ({ secret, method, uri, rawBody, age }, extra, late) => {
        const timestamp = String(NOW - age);
        const req: SignedRequest = { method, uri, rawBody, signature: signV3(secret, method, uri, rawBody, timestamp), timestamp };
        expect(verifySignature({ ...req, rawBody: rawBody + extra }, secret, NOW).ok).toBe(false);
        expect(verifySignature({ ...req, uri: `${uri}/${extra}` }, secret, NOW).ok).toBe(false);
        expect(verifySignature(req, secret + extra, NOW).ok).toBe(false);
        // `late` is past the 5-minute window from any generated timestamp (each within 299 s of NOW).
        expect(verifySignature(req, secret, NOW + late)).toEqual({ ok: false, reason: 'stale' });
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary headers, and refuses them', () => {
    const header = fc.option(fc.oneof(fc.string(), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String)), { nil: undefined });
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), header, header, fc.string({ minLength: 1 }), (method, uri, rawBody, signature, timestamp, secret) => {
        const verdict = verifySignature({ method, uri, rawBody, signature, timestamp }, secret, NOW);
        if (verdict.ok) expect(signature).toBe(signV3(secret, method, uri, rawBody, timestamp!));
      }),
      RUNS,
    );
  });
});
