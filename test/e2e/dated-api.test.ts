// HubSpot's dated APIs end to end: a cycle reaches the sandbox portal on 2026-09 routes only (its
// traffic log and request counts by route say so) with bodies its 2026-09 schemas take; a company a
// portal validation rule refuses is one problem of the run, with the rule's message, while the rest
// of its batch is written; HUBSPOT_API_VERSION=2026-03 moves every call to 2026-03, where the rule
// does not apply yet.
import { describe, expect, it } from 'vitest';
import { connectSandbox } from '../../src/cli/demo-connect.ts';
import { runCycle } from '../../src/cli/run.ts';
import { openRuntime } from '../../src/cli/runtime.ts';
import { parseEnv } from '../../src/config/env.ts';
import { HEALTH_BANDS } from '../../src/model/write-back.ts';
import { quiet, useE2e } from './harness.ts';

const e = useE2e();
const ACCOUNTS = 200;
const UPDATE = '/crm/objects/2026-09/companies/batch/update';
/** A route of HubSpot's 2026-09 APIs, as the portal labels it (`POST /crm/objects/2026-09/companies/search`). */
const DATED_ROUTE = /^(GET|POST|PATCH) \/crm\/(objects|associations|properties|pipelines|owners)\/2026-09(\/|$)/;

describe('HubSpot dated APIs, end to end', () => {
  it('a first and a second cycle call the sandbox on 2026-09 routes only', async () => {
    const sandbox = await e.sandbox('hubspot', { accounts: ACCOUNTS, seed: 7 });
    const { rt } = await e.connected(sandbox, 'hubspot');
    expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
    expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
    const { portal } = sandbox.hubspot!;
    // Every request the portal answered, whatever its status, and every call it served.
    expect([...portal.counts.keys()].filter((route) => !DATED_ROUTE.test(route))).toEqual([]);
    expect([...portal.traffic.routes.keys()].filter((route) => !DATED_ROUTE.test(route))).toEqual([]);
    expect(portal.traffic.routes.get(`POST ${UPDATE}`)?.calls).toBeGreaterThan(0);
    // The portal answers a body outside the 2026-09 request schemas 400 (sandbox/hubspot/requests.ts).
    expect(portal.requests.filter((r) => r.status === 400).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("a company a validation rule refuses is one problem with the rule's message; the rest of its batch is written", async () => {
    const sandbox = await e.sandbox('hubspot', { accounts: ACCOUNTS, seed: 7 });
    const { portal } = sandbox.hubspot!;
    const held = '100005';
    const message = 'Companies on legal hold keep their health band: ask RevOps before changing it';
    portal.edit('companies', held, { name: 'Legal Hold Co' });
    portal.validationRules.push({ objectType: 'companies', property: 'crm_pulse_health_band', refuses: HEALTH_BANDS, when: { name: 'Legal Hold Co' }, message });
    const { rt } = await e.connected(sandbox, 'hubspot');
    const run = await runCycle(rt, { full: false, dryRun: false }, quiet);

    const summary = run.summary!;
    expect(summary.counts).toMatchObject({ accountsRead: ACCOUNTS, errors: 1 });
    expect(summary.errors).toEqual([{ code: 'HUBSPOT_WRITE_REJECTED', accountId: held, message: `HubSpot did not update company ${held}: VALIDATION_ERROR: ${message}` }]);
    // The refused company shared its batch with others, which were written; it was not.
    const batch = portal.requests.find((r) => r.path === UPDATE && (r.body as { inputs: { id: string }[] }).inputs.some((i) => i.id === held))!;
    expect(batch.status).toBe(200);
    const companies = portal.objects.get('companies')!;
    const others = (batch.body as { inputs: { id: string }[] }).inputs.map((i) => i.id).filter((id) => id !== held);
    expect(others.length).toBeGreaterThan(50);
    expect(others.filter((id) => companies.get(id)!.properties.crm_pulse_health_band == null)).toEqual([]);
    expect(companies.get(held)!.properties.crm_pulse_health_band ?? null).toBeNull();
  });

  it('HUBSPOT_API_VERSION=2026-03: every call on 2026-03 routes, and the validation rule does not apply to them', async () => {
    const sandbox = await e.sandbox('hubspot', { accounts: ACCOUNTS, seed: 7 });
    const { portal } = sandbox.hubspot!;
    portal.edit('companies', '100005', { name: 'Legal Hold Co' });
    portal.validationRules.push({ objectType: 'companies', property: 'crm_pulse_health_band', refuses: HEALTH_BANDS, when: { name: 'Legal Hold Co' }, message: 'refused' });
    const rt = await openRuntime(parseEnv(e.env(sandbox, { HUBSPOT_API_VERSION: '2026-03' })), { logLevel: 'silent' });
    e.later(() => rt.close());
    await connectSandbox(rt, sandbox, 'hubspot');
    const run = await runCycle(rt, { full: false, dryRun: false }, quiet);
    expect(run.summary!.counts).toMatchObject({ accountsRead: ACCOUNTS, errors: 0 });
    expect([...portal.counts.keys()].filter((route) => !/ \/crm\/[a-z]+\/2026-03(\/|$)/.test(route))).toEqual([]);
    expect(HEALTH_BANDS).toContain(portal.objects.get('companies')!.get('100005')!.properties.crm_pulse_health_band);
  });
});
