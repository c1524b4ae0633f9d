// The own-write fence's search, answered by the sandbox portal (HubSpot's filter semantics and
// search limits): a run's own writes are left out, every other edit is found, and the largest
// query stays within 5 filter groups and 18 filters.
import { describe, expect, it } from 'vitest';
import { fencedGroups, liveFences, MAX_FENCES } from '../../../src/connectors/hubspot/own-writes.ts';
import { WRITE_RUN_PROPERTY } from '../../../src/connectors/hubspot/pulse-properties.ts';
import { createPortal } from '../../../src/sandbox/hubspot/portal.ts';

const BASE = 'https://api.hubapi.test';
const T = Date.UTC(2026, 10, 20, 12, 0, 0);

function portal() {
  let now = T;
  const p = createPortal(6, T, { seed: 3, now: () => now });
  const [status] = p.handle('POST', new URL(`${BASE}/crm/properties/2026-09/companies/batch/create`), {
    inputs: [{ name: WRITE_RUN_PROPERTY, label: 'Pulse write run', description: 'x', type: 'string', fieldType: 'text', groupName: 'companyinformation' }],
  });
  expect(status).toBeLessThan(300);
  const ids = [...p.objects.get('companies')!.keys()];
  const write = (id: string, at: number, run: string) => {
    now = at;
    const [s] = p.handle('POST', new URL(`${BASE}/crm/objects/2026-09/companies/batch/update`), { inputs: [{ id, properties: { [WRITE_RUN_PROPERTY]: run } }] });
    expect(s).toBe(200);
  };
  const edit = (id: string, at: number) => {
    now = at;
    p.edit('companies', id, { account_nps: '12' });
  };
  const search = (groups: ReturnType<typeof fencedGroups>, since: number) =>
    p.handle('POST', new URL(`${BASE}/crm/objects/2026-09/companies/search`), {
      filterGroups: groups.map((g) => ({ filters: [...g, { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since) }] })),
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties: [],
      limit: 200,
    }) as [number, { results?: { id: string }[]; message?: string }];
  return { ids, write, edit, search };
}

describe('own-write fence', () => {
  it("leaves out the run's writes and finds every other edit since the cursor", () => {
    const { ids, write, edit, search } = portal();
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    write(e, T + 1_000, 'run-0'); // an earlier run's write
    write(a, T + 10_000, 'run-1'); // ours, left alone since
    edit(b, T + 10_500); // someone else's edit of a company the run does not write, during its writes
    write(c, T + 11_000, 'run-1'); // ours, then edited before the fence's until: the run's check read it
    edit(c, T + 11_500);
    write(d, T + 12_000, 'run-1'); // ours, edited after until: must be found
    edit(e, T + 12_500); // an edit of a company an earlier run wrote: still carries run-0
    const until = T + 12_000;
    edit(d, T + 13_000);
    const [status, body] = search(fencedGroups([{ token: 'run-1', until }]), T + 1);
    expect(status).toBe(200);
    expect(body.results!.map((r) => r.id).sort()).toEqual([b, d, e].sort());
    // Without a fence every modified company is found.
    expect(search([], T + 1)[1].results!.map((r) => r.id)).toEqual(expect.arrayContaining([a, b, c, d, e]));
  });

  it('finds a company with no stamp at all inside a fence, and keeps at most 3 fences', () => {
    const { ids, edit, search } = portal();
    edit(ids[0]!, T + 500);
    expect(search(fencedGroups([{ token: 'run-1', until: T + 1_000 }]), T + 1)[1].results!.map((r) => r.id)).toEqual([ids[0]]);
    const fences = liveFences([1, 2, 3, 4].map((i) => ({ token: `run-${i}`, until: T + i * 1_000 })), T + 1_500);
    expect(fences.map((f) => f.token)).toEqual(['run-2', 'run-3', 'run-4']);
    expect(fences.length).toBe(MAX_FENCES);
    const groups = fencedGroups(fences);
    expect(groups.length).toBe(5);
    const [status] = search(groups, T + 1);
    expect(status).toBe(200);
    // The cursor's bound comes on every group: 18 filters is HubSpot's cap, and a 6th group is refused.
    expect(groups.reduce((n, g) => n + g.length + 1, 0)).toBeLessThanOrEqual(18);
    const [refused, answer] = search([...groups, [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: '0' }]], T + 1);
    expect(refused).toBe(400);
    expect(answer.message).toMatch(/filterGroups/);
  });
});
