// The sandbox portal's API versions: it serves HubSpot's dated paths only (a retired /crm/v3,
// /crm/v4 or /oauth/v1 path is a 404 naming the dated API), answers per-record errors as each
// version does (207 on 2026-03, errors[] in a 200 on 2026-09), enforces an admin's validation
// rules from 2026-09 on, and holds property options to the dated specs (displayOrder required).
import { describe, expect, it } from 'vitest';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const url = (path: string) => new URL(`http://127.0.0.1${path}`);
const message = 'Strategic accounts stay on the enterprise tier';

function portalWithRule() {
  return createPortal(3, AS_OF, { validationRules: [{ objectType: 'companies', property: 'industry', refuses: ['RETAIL'], when: { name: 'Held' }, message }] });
}

const update = (ids: readonly string[]) => ({ inputs: ids.map((id) => ({ id, objectWriteTraceId: id, properties: { industry: 'RETAIL' } })) });

describe('sandbox HubSpot portal, API versions', () => {
  it.each(['GET /crm/v3/objects/companies', 'POST /crm/v4/associations/companies/deals/batch/read', 'GET /crm/v3/properties/companies', 'POST /oauth/v1/token'])('does not serve the retired %s', (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const [status, body] = createPortal(1, AS_OF).handle(method, url(path), method === 'POST' ? { inputs: [] } : null);
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 'error', message: expect.stringContaining('/crm/objects/2026-09/companies') });
  });

  it('serves 2026-09 and 2026-03 paths, and no other date', () => {
    const portal = createPortal(2, AS_OF);
    expect(portal.handle('GET', url('/crm/objects/2026-09/companies?limit=10'), null)[0]).toBe(200);
    expect(portal.handle('GET', url('/crm/properties/2026-03/companies'), null)[0]).toBe(200);
    expect(portal.handle('GET', url('/crm/pipelines/2026-09/deals'), null)[0]).toBe(200);
    expect(portal.handle('GET', url('/crm/objects/2025-09/companies'), null)[0]).toBe(404);
  });

  it("2026-09: a record a validation rule refuses is one of errors[] in a 200, with the rule's message; the rest is written", () => {
    const portal = portalWithRule();
    const [held, other] = [...portal.objects.get('companies')!.keys()] as [string, string];
    portal.edit('companies', held, { name: 'Held' });
    const [status, body] = portal.handle('POST', url('/crm/objects/2026-09/companies/batch/update'), update([held, other]));
    expect(status).toBe(200);
    expect(body).toMatchObject({ numErrors: 1, results: [{ id: other }], errors: [{ category: 'VALIDATION_ERROR', message, context: { ids: [held], objectWriteTraceId: [held], propertyName: ['industry'] } }] });
    expect(portal.objects.get('companies')!.get(other)!.properties.industry).toBe('RETAIL');
    expect(portal.objects.get('companies')!.get(held)!.properties.industry).not.toBe('RETAIL');
  });

  it('2026-03: validation rules do not apply to API writes, and per-record errors come in a 207', () => {
    const portal = portalWithRule();
    const [held] = [...portal.objects.get('companies')!.keys()] as [string];
    portal.edit('companies', held, { name: 'Held' });
    expect(portal.handle('POST', url('/crm/objects/2026-03/companies/batch/update'), update([held]))[0]).toBe(200);
    expect(portal.objects.get('companies')!.get(held)!.properties.industry).toBe('RETAIL');
    const [status, body] = portal.handle('POST', url('/crm/objects/2026-03/companies/batch/update'), update([held, '999']));
    expect(status).toBe(207);
    expect(body).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['999'] } }] });
  });

  it('refuses a property option without displayOrder, which the dated specs require', () => {
    const portal = createPortal(1, AS_OF);
    const input = { name: 'crm_pulse_x', label: 'X', type: 'enumeration', fieldType: 'select', groupName: 'companyinformation', options: [{ label: 'A', value: 'a', hidden: false }] };
    const [status, body] = portal.handle('POST', url('/crm/properties/2026-09/companies/batch/create'), { inputs: [input] });
    expect(status).toBe(400);
    expect(body).toMatchObject({ category: 'VALIDATION_ERROR', message: expect.stringContaining('displayOrder') });
  });
});
