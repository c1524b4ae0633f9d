// Webhook events through the queue, on the real Redis: events of one window are re-scored by one
// job (one batch read, one batch write); a change of a company's values reads no history while
// the cached one is current; an activity event reads that kind of history alone; and changes
// saved before the answer survive a worker that dies, and a process that died before queuing.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { uniformRecordId } from '../../src/sandbox/hubspot/seed.ts';
import { runCycle } from '../../src/cli/run.ts';
import type { Runtime } from '../../src/cli/runtime.ts';
import { createConnector } from '../../src/connectors/factory.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import type { Portal } from '../../src/sandbox/hubspot/portal.ts';
import { never, withOverrides } from '../jobs/connector-wrapper.ts';
import { MAPPING_FILE, quietIO, TOKEN, useHarness } from '../jobs/harness.ts';
import { hubspotSigned, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();
const ENV = { ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' };
const LOCK_MS = 2_000;

async function connected(companies: number): Promise<{ portal: Portal; rt: Runtime; base: string }> {
  const { portal } = h.portal(companies);
  const rt = await h.runtime(ENV);
  await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: TOKEN } });
  await rt.store.mappings.put('hs-1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
  expect((await runCycle(rt, { full: false, dryRun: false }, quietIO())).code).toBe(0);
  return { portal, rt, base: await serve(rt) };
}

const worker = (rt: Runtime) => startWorker(rt.jobs, { connection: rt.bull, prefix: h.prefix, concurrency: 2, lockMs: LOCK_MS, outage: rt.outage });

let nextEvent = 1;
async function deliver(base: string, events: object[]): Promise<Response> {
  const body = JSON.stringify(events.map((e) => ({ eventId: nextEvent++, portalId: 12345, occurredAt: Date.now(), attemptNumber: 0, ...e })));
  return fetch(`${base}/webhooks/hubspot`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...hubspotSigned('POST', '/webhooks/hubspot', body) } });
}
const usage = (objectId: string) => ({ subscriptionType: 'company.propertyChange', objectId, propertyName: 'feature_usage_pct', propertyValue: '3' });

/** Waits until no change is pending and no webhook job waits or runs. */
async function settled(rt: Runtime, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await rt.queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
    if ((await rt.store.webhookEvents.count('hs-1')) === 0 && !jobs.some((j) => j.name === 'webhook')) return;
    if (Date.now() > until) throw new Error('webhook changes still pending');
    await sleep(100);
  }
}

function calls(portal: Portal, from: number) {
  const after = portal.requests.slice(from);
  const ids = (path: string) => after.filter((r) => r.path === path).map((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id).sort());
  return { after, ids, paths: after.map((r) => `${r.method} ${r.path}`) };
}

describe('webhook batches', () => {
  it('re-scores the companies of one window with one batch read and one write, and reads no history for a change of values', async () => {
    const { portal, rt, base } = await connected(30);
    const w = worker(rt);
    const seen = portal.requests.length;
    for (const id of ['100003', '100005', '100007']) portal.edit('companies', id, { feature_usage_pct: '3' });
    // Three deliveries inside the window.
    for (const id of ['100003', '100005', '100007']) expect(await (await deliver(base, [usage(id)])).json()).toEqual({ queued: 1 });
    await settled(rt);
    const c = calls(portal, seen);
    expect(c.ids('/crm/objects/2026-09/companies/batch/read')).toEqual([['100003', '100005', '100007']]);
    // One write, of those whose written values moved.
    expect(c.ids('/crm/objects/2026-09/companies/batch/update')).toHaveLength(1);
    expect(c.ids('/crm/objects/2026-09/companies/batch/update')[0]).toContain('100007');
    // No history: no association read, no meeting, call, ticket or deal read.
    expect(c.paths.filter((p) => /associations|meetings|calls|tickets|deals/.test(p))).toEqual([]);
    expect(portal.objects.get('companies')!.get('100007')!.properties.crm_pulse_health_reasons).toContain('usage 3%');
    await w.close();
  });

  it('reads only the kind of history an activity event names', async () => {
    const { portal, rt, base } = await connected(20);
    const w = worker(rt);
    const seen = portal.requests.length;
    await deliver(base, [{ subscriptionType: 'company.associationChange', fromObjectId: '100004', toObjectId: '1', associationType: 'COMPANY_TO_TICKET' }]);
    await settled(rt);
    const c = calls(portal, seen);
    const history = c.paths.filter((p) => /associations|meetings|calls|tickets|deals/.test(p));
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((p) => p.includes('tickets'))).toBe(true);
    // Its values did not change: taken from the cache, not read.
    expect(c.ids('/crm/objects/2026-09/companies/batch/read')).toEqual([]);
    expect((await rt.store.scores.get('hs-1', '100004'))?.asOf).toBeDefined();

    // A deal event: the deal's company through its associations, then that company's deals alone.
    const before = portal.requests.length;
    await deliver(base, [{ subscriptionType: 'deal.propertyChange', objectId: uniformRecordId('deals', 3, 0), propertyName: 'amount', propertyValue: '1' }]);
    await settled(rt);
    const d = calls(portal, before);
    expect(d.paths.filter((p) => /associations|meetings|calls|tickets|deals/.test(p)).every((p) => p.includes('deals'))).toBe(true);
    expect(d.paths.filter((p) => p.includes('deals')).length).toBeGreaterThan(0);
    await w.close();
  });

  it('loses no change: not to a worker that dies mid-job, nor to a process that died before queuing its job', async () => {
    const { portal, rt, base } = await connected(10);
    portal.edit('companies', '100002', { feature_usage_pct: '4' });
    // A worker whose writes never return: it dies there.
    let died: () => void = () => {};
    const death = new Promise<void>((resolve) => (died = resolve));
    const dying = await h.runtime(ENV, {
      createConnector: (target, deps) =>
        withOverrides(createConnector(target, deps), {
          writeAccounts: () => {
            died();
            return never();
          },
        }),
    });
    const doomed = startWorker(dying.jobs, { connection: dying.bull, prefix: h.prefix, concurrency: 1, lockMs: LOCK_MS, outage: dying.outage });
    expect(await (await deliver(base, [usage('100002')])).json()).toEqual({ queued: 1 });
    await death;
    await doomed.close(true);
    expect(await rt.store.webhookEvents.count('hs-1')).toBe(1);
    // Another worker takes the stalled job up again once its lock lapses.
    const w = worker(rt);
    await settled(rt);
    expect(portal.objects.get('companies')!.get('100002')!.properties.crm_pulse_health_reasons).toContain('usage 4%');

    // Saved, then the process died before queuing: the job is gone, the change is not.
    portal.edit('companies', '100006', { feature_usage_pct: '5' });
    await w.pause();
    await deliver(base, [usage('100006')]);
    await rt.queue.obliterate({ force: true });
    expect(await rt.store.webhookEvents.count('hs-1')).toBe(1);
    w.resume();
    // HubSpot delivers again (no answer reached it): a duplicate, yet the job is queued.
    const res = await fetch(`${base}/webhooks/hubspot`, { method: 'POST', body: JSON.stringify([{ eventId: nextEvent - 1, portalId: 12345, ...usage('100006') }]), headers: { 'content-type': 'application/json', ...hubspotSigned('POST', '/webhooks/hubspot', JSON.stringify([{ eventId: nextEvent - 1, portalId: 12345, ...usage('100006') }])) } });
    expect(await res.json()).toEqual({ queued: 0 });
    await settled(rt);
    expect(portal.objects.get('companies')!.get('100006')!.properties.crm_pulse_health_reasons).toContain('usage 5%');
    await w.close();
  });
});
