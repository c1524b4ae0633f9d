// Company properties and pipeline stages kept between runs: a second connector (the next run's
// process) reads neither, a day later both are read again, a mapping that fails against the kept
// list is checked against HubSpot's own, and a write HubSpot refuses makes the next run read again.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { Definitions, type DefinitionCache, type SavedDefinition } from '../../../src/connectors/definitions.ts';
import { DAY_MS } from '../../../src/model/dates.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { parseMapping } from '../../../src/connectors/mapping/schema.ts';
import { BASE, COMPANY_PROPERTIES, EXAMPLE_MAPPING, hsObject, mockCompanyProperties, NOW, testConnector, useNock } from './helpers.ts';

useNock();

/** The store's twin: what one connection keeps, shared by every connector built in a test. */
function memoryCache(): DefinitionCache {
  const kept = new Map<string, SavedDefinition>();
  return {
    get: (c, name) => Promise.resolve(kept.get(`${c}/${name}`) ?? null),
    set: (c, name, saved) => Promise.resolve(void kept.set(`${c}/${name}`, saved)),
    clear: (c) => Promise.resolve([...kept.keys()].filter((k) => k.startsWith(`${c}/`)).forEach((k) => kept.delete(k))),
  };
}

/** A run: a fresh connector (as each `crm-pulse run` builds one) over the shared cache. */
const run = (cache: DefinitionCache, at = NOW) => testConnector({ definitions: new Definitions(cache, 'c1', () => at), now: () => at });

function mockBatchRead(): void {
  nock(BASE).post('/crm/objects/2026-09/companies/batch/read').reply(200, { status: 'COMPLETE', results: [hsObject('1', { name: 'Acme' })], startedAt: 'x', completedAt: 'y' });
}

function mockPipelines(): void {
  // GET /crm/pipelines/2026-09/{objectType} (PublicApiSpecs/CRM/Pipelines/Rollouts/145896/2026-09/pipelines.json)
  nock(BASE)
    .get('/crm/pipelines/2026-09/tickets')
    .reply(200, { results: [{ id: 'p', stages: [{ id: '4', metadata: { ticketState: 'CLOSED' } }] }] })
    .get('/crm/pipelines/2026-09/deals')
    .reply(200, { results: [{ id: 'd', stages: [{ id: 'won', metadata: { isClosed: 'true', probability: '1.0' } }] }] });
}

describe('definitions kept between runs', () => {
  it('a second run checks the mapping and reads history without reading properties or pipelines', async () => {
    const cache = memoryCache();
    mockCompanyProperties();
    mockBatchRead();
    mockPipelines();
    const first = run(cache);
    await first.connector.readAccountsById(EXAMPLE_MAPPING, ['1']);
    await first.connector.readHistory([], NOW, DEFAULTS);

    mockBatchRead();
    const second = run(cache);
    expect((await second.connector.readAccountsById(EXAMPLE_MAPPING, ['1']))[0]?.account.name).toBe('Acme');
    await second.connector.readHistory([], NOW, DEFAULTS);
    expect(second.recorder.count('GET /crm/properties/2026-09/companies')).toBe(0);
    expect(second.recorder.count('GET /crm/pipelines/2026-09/deals')).toBe(0);
  });

  it('reads them again once a day old', async () => {
    const cache = memoryCache();
    mockCompanyProperties();
    mockBatchRead();
    await run(cache).connector.readAccountsById(EXAMPLE_MAPPING, ['1']);
    mockCompanyProperties();
    mockBatchRead();
    const later = run(cache, NOW + DAY_MS);
    await later.connector.readAccountsById(EXAMPLE_MAPPING, ['1']);
    expect(later.recorder.count('GET /crm/properties/2026-09/companies')).toBe(1);
  });

  it('checks a mapping the kept list refuses against HubSpot\'s own list (the property may be new)', async () => {
    const cache = memoryCache();
    mockCompanyProperties();
    mockBatchRead();
    await run(cache).connector.readAccountsById(EXAMPLE_MAPPING, ['1']);
    const created = { name: 'health_notes', label: 'Health notes', type: 'string', fieldType: 'text', groupName: 'companyinformation', options: [], description: '' };
    const mapping = parseMapping({ account: { ...EXAMPLE_MAPPING.account, industry: { field: 'health_notes', transform: 'string' } } }, 'test');
    mockCompanyProperties([...COMPANY_PROPERTIES, created]);
    nock(BASE).post('/crm/objects/2026-09/companies/batch/read').reply(200, { status: 'COMPLETE', results: [hsObject('1', { health_notes: 'fine' })], startedAt: 'x', completedAt: 'y' });
    const next = run(cache);
    expect((await next.connector.readAccountsById(mapping, ['1']))[0]?.account.industry).toBe('fine');
    expect(next.recorder.count('GET /crm/properties/2026-09/companies')).toBe(1);
  });

  it('a write HubSpot refuses makes the next run read them again', async () => {
    const cache = memoryCache();
    mockCompanyProperties();
    mockBatchRead();
    const first = run(cache);
    await first.connector.readAccountsById(EXAMPLE_MAPPING, ['1']);
    // POST /crm/objects/2026-09/companies/batch/update (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json):
    // the record refused in errors[] of a 200
    nock(BASE)
      .post('/crm/objects/2026-09/companies/batch/update')
      .reply(200, { status: 'COMPLETE', results: [], numErrors: 1, errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'Property "crm_pulse_tier" does not exist', context: { ids: ['1'] } }] });
    const [outcome] = await first.connector.writeAccounts([{ accountId: '1', values: { tier: 'growth' } }]);
    expect(outcome?.error?.code).toBe('HUBSPOT_WRITE_REJECTED');

    mockCompanyProperties();
    mockBatchRead();
    const next = run(cache);
    await next.connector.readAccountsById(EXAMPLE_MAPPING, ['1']);
    expect(next.recorder.count('GET /crm/properties/2026-09/companies')).toBe(1);
  });
});
