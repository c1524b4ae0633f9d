// Webhooks end to end: a signed HubSpot delivery about one company is answered at once, and the
// `webhook` job a worker picks up re-reads and re-scores that company alone (a deal event its
// company's deals alone); a repeated delivery is not processed again; a bad signature is refused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uniformRecordId } from '../../src/sandbox/hubspot/seed.ts';
import { runCycle } from '../../src/cli/run.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { MAPPING_FILE, quietIO, TOKEN, useHarness } from '../jobs/harness.ts';
import { hubspotSigned, SERVER_ENV, useServers } from './server.ts';
import { jobsDone } from '../jobs/jobs-done.ts';

const h = useHarness();
const serve = useServers();

async function connected(companies: number) {
  const { portal } = h.portal(companies);
  // A stored connection, as the install flow leaves it: webhooks name their portal.
  const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' });
  await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: TOKEN } });
  await rt.store.mappings.put('hs-1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
  expect((await runCycle(rt, { full: false, dryRun: false }, quietIO())).code).toBe(0);
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: h.prefix, concurrency: 2, lockMs: 2_000, outage: rt.outage });
  return { portal, rt, worker, base: await serve(rt) };
}

async function deliver(base: string, events: unknown[], headers?: Record<string, string>): Promise<Response> {
  const body = JSON.stringify(events);
  return fetch(`${base}/webhooks/hubspot`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(headers ?? hubspotSigned('POST', '/webhooks/hubspot', body)) } });
}

const event = (eventId: number, subscriptionType: string, objectId: number) => ({ eventId, subscriptionId: 1, portalId: 12345, appId: 9, occurredAt: Date.now(), subscriptionType, attemptNumber: 0, objectId, propertyName: 'x', propertyValue: 'y' });

describe('POST /webhooks/hubspot', () => {
  it('re-scores only the company an event names, and a deal event only its company', async () => {
    const { portal, rt, worker, base } = await connected(50);
    const seen = portal.requests.length;
    portal.objects.get('companies')!.get('100007')!.properties.feature_usage_pct = '3';

    const res = await deliver(base, [event(9001, 'company.propertyChange', 100007)]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ queued: 1 });
    await jobsDone(rt.queue, rt.bull, 'webhook', 1);

    const after = portal.requests.slice(seen);
    const ids = (path: string) => after.filter((r) => r.path === path).flatMap((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));
    expect(ids('/crm/objects/2026-09/companies/batch/read')).toEqual(['100007']);
    expect(ids('/crm/objects/2026-09/companies/batch/update')).toEqual(['100007']);
    expect(after.filter((r) => r.path === '/crm/objects/2026-09/companies/search')).toEqual([]);
    expect(portal.objects.get('companies')!.get('100007')!.properties.crm_pulse_health_reasons).toContain('usage 3%');

    // The first deal of the fourth company belongs to company 100003.
    const before = portal.requests.length;
    expect(await (await deliver(base, [event(9002, 'deal.propertyChange', 0)].map((e) => ({ ...e, objectId: uniformRecordId('deals', 3, 0) })))).json()).toEqual({ queued: 1 });
    await jobsDone(rt.queue, rt.bull, 'webhook', 2);
    // Its company's values are cached and did not change: only its deals are read again.
    const dealCalls = portal.requests.slice(before).map((r) => r.path);
    expect(dealCalls.filter((p) => p === '/crm/objects/2026-09/companies/batch/read')).toEqual([]);
    expect(dealCalls.filter((p) => /meetings|calls|tickets/.test(p))).toEqual([]);
    expect(dealCalls.filter((p) => p.includes('deals')).length).toBeGreaterThan(0);
    await worker.close();
  });

  it('processes a repeated delivery once, and refuses a bad signature or an unknown shape', async () => {
    const { rt, worker, base } = await connected(5);
    const events = [event(9101, 'company.propertyChange', 100001)];
    expect(await (await deliver(base, events)).json()).toEqual({ queued: 1 });
    expect(await (await deliver(base, events)).json()).toEqual({ queued: 0 });

    const bad = await deliver(base, events, { ...hubspotSigned('POST', '/webhooks/hubspot', '[]') });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: { code: 'BAD_SIGNATURE', errors: ['the HubSpot request signature is mismatch'] } });
    const stale = await deliver(base, events, hubspotSigned('POST', '/webhooks/hubspot', JSON.stringify(events), Date.now() - 6 * 60_000));
    expect(stale.status).toBe(401);
    const shapeless = await deliver(base, [{ eventId: 1 }]);
    expect(shapeless.status).toBe(400);
    expect(((await shapeless.json()) as { error: { code: string } }).error.code).toBe('INVALID_BODY');
    await jobsDone(rt.queue, rt.bull, 'webhook', 1);
    await worker.close();
  });
});
