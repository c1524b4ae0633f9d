// The admin JSON API behind the bearer token, the record card's endpoint behind HubSpot's
// signature, and health, readiness and metrics, on a connection that has run one cycle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { MAPPING_FILE, quietIO, TOKEN, useHarness } from '../jobs/harness.ts';
import { admin, hubspotSigned, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();

async function scored() {
  const { portal } = h.portal(20);
  const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' });
  await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: TOKEN } });
  await rt.store.mappings.put('hs-1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
  expect((await runCycle(rt, { full: false, dryRun: false }, quietIO())).code).toBe(0);
  return { portal, rt, base: await serve(rt) };
}

const json = async (res: Response) => (await res.json()) as Record<string, any>;
const send = (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = admin) =>
  fetch(`${base}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('admin API', () => {
  it('answers only to the admin token, and is off without one', async () => {
    const { rt, base } = await scored();
    expect((await fetch(`${base}/api/connections`)).status).toBe(401);
    const wrong = await fetch(`${base}/api/connections`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(await json(wrong)).toEqual({ error: { code: 'UNAUTHORIZED', errors: [expect.stringContaining('Authorization: Bearer')] } });
    const off = await serve(rt, { adminToken: null });
    expect((await fetch(`${off}/api/connections`, { headers: admin })).status).toBe(503);
  });

  it('lists connections without credentials, shows runs, an account with its explanation, and the audit log', async () => {
    const { base } = await scored();
    const list = await send(base, 'GET', '/api/connections');
    const text = await list.text();
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text).connections).toEqual([expect.objectContaining({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', status: { state: 'active' } })]);

    const runs = await json(await send(base, 'GET', '/api/connections/hs-1/runs'));
    expect(runs.runs).toEqual([expect.objectContaining({ status: 'succeeded', mode: 'full', counts: expect.objectContaining({ accountsRead: 20 }) })]);

    const account = await json(await send(base, 'GET', '/api/connections/hs-1/accounts/100003'));
    expect(account.score).toMatchObject({ accountId: '100003', tier: expect.any(String), why: expect.stringMatching(/^Health /), health: { measures: expect.any(Array) } });
    expect(account.written).toMatchObject({ healthReasons: account.score.why });
    expect((await send(base, 'GET', '/api/connections/hs-1/accounts/999')).status).toBe(404);
    expect((await send(base, 'GET', '/api/connections/nope/runs')).status).toBe(404);

    const audit = await json(await send(base, 'GET', '/api/connections/hs-1/audit?limit=5'));
    expect(audit.entries).toHaveLength(5);
    expect((await send(base, 'GET', '/api/connections/hs-1/audit?limit=5&before=yesterday')).status).toBe(400);
  });

  it('validates a policy, naming every problem, and queues a full run for a valid one', async () => {
    const { rt, base } = await scored();
    const bad = await send(base, 'PUT', '/api/connections/hs-1/policy', { health: { weights: { usage: 0, engagement: 0, tickets: 0, nps: 0 } }, colour: 'blue' });
    expect(bad.status).toBe(422);
    const body = await json(bad);
    expect(body.error.code).toBe('BAD_POLICY');
    expect(body.error.errors).toEqual(expect.arrayContaining(['health.weights: must sum to more than 0', expect.stringContaining('colour')]));

    const good = await send(base, 'PUT', '/api/connections/hs-1/policy', { health: { bands: { healthy: 85, watch: 65 } } });
    expect(good.status).toBe(200);
    expect((await json(good)).policy.health.bands).toEqual({ healthy: 85, watch: 65 });
    expect((await rt.store.policies.get('hs-1'))?.partial).toEqual({ health: { bands: { healthy: 85, watch: 65 } } });
    expect((await rt.queue.getJobs(['waiting'])).map((j) => j.data.reason)).toContain('scoring policy changed');
    expect((await json(await send(base, 'GET', '/api/connections/hs-1/policy'))).policy.health.bands.healthy).toBe(85);
  });

  it('checks a mapping against the CRM live fields before storing it', async () => {
    const { base } = await scored();
    const unknown = await send(base, 'PUT', '/api/connections/hs-1/mapping', { account: { arr: { field: 'contract_value', transform: 'number' } } });
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).error).toEqual({ code: 'BAD_MAPPING', errors: [expect.stringContaining('"contract_value" is not a field of')] });
    const shape = await send(base, 'PUT', '/api/connections/hs-1/mapping', { account: { arr: { field: 'annual_contract_value', transform: 'date' } }, extra: 1 });
    expect((await json(shape)).error.errors).toEqual(expect.arrayContaining([expect.stringContaining('extra')]));
    const good = await send(base, 'PUT', '/api/connections/hs-1/mapping', { account: { arr: { field: 'annual_contract_value', transform: 'number' } } });
    expect(good.status).toBe(200);
    expect((await json(await send(base, 'GET', '/api/connections/hs-1/mapping'))).mapping).toEqual({ account: { arr: { field: 'annual_contract_value', transform: 'number' } } });
  });

  it('queues a run on request and refuses unknown fields', async () => {
    const { base } = await scored();
    const queued = await send(base, 'POST', '/api/connections/hs-1/runs', { mode: 'full' });
    expect(queued.status).toBe(202);
    expect((await json(queued)).run).toMatchObject({ connectionId: 'hs-1', mode: 'full', joined: false });
    const odd = await send(base, 'POST', '/api/connections/hs-1/runs', { mode: 'full', when: 'now' });
    expect(odd.status).toBe(422);
  });
});

describe('GET /hubspot/card', () => {
  it('answers a signed request with tier, health, why, renewal and open tasks', async () => {
    const { base } = await scored();
    const path = '/hubspot/card?companyId=100000&portalId=12345&userId=7&userEmail=a%40b.test';
    const res = await fetch(`${base}${path}`, { headers: hubspotSigned('GET', path) });
    expect(res.status).toBe(200);
    const card = await json(res);
    expect(card).toMatchObject({ tier: expect.any(String), healthBand: expect.any(String), why: expect.stringMatching(/^Health /), renewalStage: expect.any(String), scoredAt: '2026-11-23T23:59:59.999Z' });
    // Company 100000 won a deal ten days ago: its handoff checklist and validation task are open.
    expect(card.openTasks.map((t: { kind: string }) => t.kind)).toEqual(expect.arrayContaining(['handoff', 'validation']));
    expect((await fetch(`${base}${path}`)).status).toBe(401);
    const other = '/hubspot/card?companyId=555&portalId=12345';
    expect((await fetch(`${base}${other}`, { headers: hubspotSigned('GET', other) })).status).toBe(404);
  });
});

describe('health, readiness, metrics', () => {
  it('answers /healthz and /readyz, and counts API calls, writes and jobs in /metrics', async () => {
    const { rt, base } = await scored();
    expect(await json(await fetch(`${base}/healthz`))).toEqual({ ok: true });
    expect(await json(await fetch(`${base}/readyz`))).toEqual({ ok: true });
    await rt.metrics.flush();
    const text = await (await fetch(`${base}/metrics`)).text();
    // Routes are labelled as called, on the dated API (HUBSPOT_API_VERSION, default 2026-09).
    // The full load reads companies by search in id order; the run writes once.
    expect(text).toMatch(/crm_pulse_api_calls_total\{crm="hubspot",route="POST \/crm\/objects\/2026-09\/companies\/search",status="200"\} \d/);
    expect(text).toMatch(/crm_pulse_api_calls_total\{crm="hubspot",route="POST \/crm\/objects\/2026-09\/companies\/batch\/update",status="200"\} 1/);
    expect(text).toMatch(/crm_pulse_writes_total\{crm="hubspot",kind="fields",outcome="ok"\} \d+/);
    expect(text).toMatch(/crm_pulse_jobs_total\{name="score",outcome="completed"\} 1/);
    expect(text).toMatch(/crm_pulse_jobs_total\{name="write",outcome="completed"\} 1/);
    expect(text).toMatch(/crm_pulse_jobs\{state="completed"\} \d+/);
    expect(text).toContain('crm_pulse_process_');
  });
});
