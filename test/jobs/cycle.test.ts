// A whole cycle through the queue on the real Redis, with the HubSpot connector talking to a fake
// portal over nock: the first run loads every company, creates our fields, writes values and
// tasks; a second run over unchanged data writes nothing; two runs started together on one
// connection process it once.
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { AS_OF_MS, quietIO, requestsTo, useHarness } from './harness.ts';

const h = useHarness();
const COMPANIES = 250;
const UPDATE = '/crm/v3/objects/companies/batch/update';
const TASK_CREATE = '/crm/v3/objects/tasks/batch/create';

describe('crm-pulse run (one cycle through the queue)', () => {
  it('loads every company, creates our fields, writes values and tasks, and records the run', async () => {
    const { portal } = h.portal(COMPANIES);
    const rt = await h.runtime();
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());

    expect(code).toBe(0);
    const connection = summary!.connections[0]!;
    expect(connection).toMatchObject({ connectionId: 'env-hubspot', mode: 'full', status: 'succeeded', joined: false });
    expect(summary!.counts).toMatchObject({ accountsRead: COMPANIES, accountsScored: COMPANIES, accountsUnchanged: 0, errors: 0 });
    expect(summary!.counts.tasksCreated).toBeGreaterThan(0);
    expect(summary!.counts.handoffs).toBe(COMPANIES / 10);
    expect(summary!.apiCalls['GET /crm/v3/objects/companies']).toBe(3);

    // Our properties exist, and every company holds the values the store says were written.
    const companyProps = portal.objects.get('companies')!;
    const written = await rt.store.written.getMany('env-hubspot', [...companyProps.keys()]);
    expect(written.size).toBe(COMPANIES);
    for (const [id, company] of companyProps) {
      expect(company.properties.crm_pulse_tier).toBe(written.get(id)!.tier);
      expect(company.properties.crm_pulse_scored_at).toBe(String(AS_OF_MS));
    }
    // Each task once, each with its key.
    const keys = [...portal.objects.get('tasks')!.values()].map((t) => t.properties.crm_pulse_task_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(summary!.counts.tasksCreated);

    const [run] = await rt.store.runs.list('env-hubspot');
    expect(run).toMatchObject({ id: connection.runId, status: 'succeeded', mode: 'full', counts: summary!.counts });
    expect((await rt.store.audit.list('env-hubspot', { limit: 1000 })).length).toBeGreaterThan(COMPANIES);
    expect(await rt.store.checkpoints.get('env-hubspot', 'accounts')).toMatchObject({ phase: 'incremental' });
  });

  it('makes no write call on a second cycle over unchanged data', async () => {
    const { portal } = h.portal(COMPANIES);
    const rt = await h.runtime();
    const first = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(first.summary!.counts.accountsWritten).toBeGreaterThan(0);
    const writesBefore = requestsTo(portal, 'POST', UPDATE).length + requestsTo(portal, 'POST', TASK_CREATE).length;

    const second = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    // The write-back moved every company's modification time, so the incremental search reads them all again.
    expect(second.summary!.counts).toMatchObject({ accountsRead: COMPANIES, accountsScored: COMPANIES, accountsWritten: 0, accountsUnchanged: COMPANIES, tasksCreated: 0 });
    expect(requestsTo(portal, 'POST', UPDATE).length + requestsTo(portal, 'POST', TASK_CREATE).length).toBe(writesBefore);

    const full = await runCycle(rt, { full: true, dryRun: false }, quietIO());
    expect(full.summary!.counts).toMatchObject({ accountsRead: COMPANIES, accountsWritten: 0, tasksCreated: 0 });
    expect(requestsTo(portal, 'POST', UPDATE).length + requestsTo(portal, 'POST', TASK_CREATE).length).toBe(writesBefore);
  });

  it('writes nothing on a dry run and says what it would write', async () => {
    const { portal } = h.portal(20);
    const rt = await h.runtime();
    const { code, summary } = await runCycle(rt, { full: false, dryRun: true }, quietIO());
    expect(code).toBe(0);
    expect(requestsTo(portal, 'POST', UPDATE)).toHaveLength(0);
    expect(requestsTo(portal, 'POST', TASK_CREATE)).toHaveLength(0);
    expect(portal.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/batch/read') && !r.path.endsWith('/search'))).toEqual([]);
    expect(summary!.planned).toHaveLength(20);
    expect(summary!.planned![0]).toMatchObject({ values: { tier: expect.any(String), scoredAt: new Date(AS_OF_MS).toISOString() } });
    expect(await rt.store.written.getMany('env-hubspot', ['100000'])).toEqual(new Map());
    expect(await rt.store.checkpoints.get('env-hubspot', 'accounts')).toBeNull();
  });

  it('processes a connection once when two runs start together', async () => {
    const { portal } = h.portal(COMPANIES);
    const [a, b] = [await h.runtime(), await h.runtime()];
    const [ra, rb] = await Promise.all([runCycle(a, { full: false, dryRun: false }, quietIO()), runCycle(b, { full: false, dryRun: false }, quietIO())]);

    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    const [ca, cb] = [ra.summary!.connections[0]!, rb.summary!.connections[0]!];
    expect(ca.runId).toBe(cb.runId);
    expect([ca.joined, cb.joined].sort()).toEqual([false, true]);
    // Every page read once, every company written once.
    expect(requestsTo(portal, 'GET', '/crm/v3/objects/companies')).toHaveLength(3);
    const sends = new Map<string, number>();
    for (const r of requestsTo(portal, 'POST', UPDATE)) for (const i of (r.body as { inputs: { id: string }[] }).inputs) sends.set(i.id, (sends.get(i.id) ?? 0) + 1);
    expect(sends.size).toBe(COMPANIES);
    // Once with its values, and the tenth of companies with a recent win once more for their RFM segment.
    expect([...sends.values()].filter((n) => n === 2)).toHaveLength(COMPANIES / 10);
    expect(Math.max(...sends.values())).toBe(2);
    expect(await a.store.runs.list('env-hubspot')).toHaveLength(1);
  });
});
