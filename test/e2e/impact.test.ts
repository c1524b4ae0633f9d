// The impact preview tells the truth: after a first cycle against the sandbox, the preview of a
// changed weight (POST /api/connections/:id/impact, no CRM call) is compared with what saving
// that policy (PUT /policy) and the full run it queues then write to the CRM: the accounts in
// each band and tier, the tasks created by kind, and the moved accounts' why.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { httpDeps } from '../../src/cli/serve.ts';
import { Secret } from '../../src/config/secret.ts';
import { createApp } from '../../src/http/app.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { CRMS, type E2eCrm } from './crms.ts';
import { quiet, useE2e } from './harness.ts';

const e = useE2e();
const TOKEN = 'impact-e2e-admin-token-0123456789';
// Engagement counts for most and usage for little: many accounts change band.
const DRAFT = { health: { weights: { usage: 10, engagement: 60, tickets: 20, nps: 10 } } };

type Cell = { from: string; to: string; count: number; arr: number };
const sums = (cells: readonly Cell[], side: 'from' | 'to') => {
  const out: Record<string, number> = {};
  for (const c of cells) out[c[side]] = (out[c[side]] ?? 0) + c.count;
  return out;
};
const countBy = (values: readonly (string | null)[]) => {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
};

/** A first cycle over the sandbox, and the admin API over it. */
async function scored(crm: E2eCrm, accounts: number) {
  const sandbox = await e.sandbox(crm.kind, { accounts, seed: 11 });
  const { rt, connectionId } = await e.connected(sandbox, crm.kind);
  expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
  const server: Server = createApp({ ...httpDeps(rt), adminToken: new Secret(TOKEN) }).listen(0, '127.0.0.1');
  e.later(() => server.close());
  await new Promise((resolve) => server.once('listening', resolve));
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/connections/${connectionId}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return { sandbox, rt, connectionId, send };
}

describe.each(CRMS)('$kind sandbox: impact preview', (crm) => {
  it('counts what the full run under the draft then writes: bands, tiers, tasks by kind, the movers\' why', async () => {
    const { sandbox, rt, connectionId, send } = await scored(crm, 300);
    const ids = crm.accountIds(sandbox);
    const bandsBefore = countBy(ids.map((id) => crm.values(sandbox, id).band));
    const tasksBefore = crm.tasks(sandbox).length;
    const callsBefore = crm.writeCalls(sandbox);

    const preview = await send('POST', '/impact', { policy: DRAFT });
    expect(preview.status).toBe(200);
    const impact = preview.body;
    expect(impact.accounts).toBe(ids.length);
    expect(crm.writeCalls(sandbox)).toBe(callsBefore);
    // Before: what the CRM holds now.
    expect(sums(impact.bands, 'from')).toEqual(bandsBefore);
    // The draft moves accounts, or the comparison below proves nothing.
    const moved = (impact.bands as Cell[]).filter((c) => c.from !== c.to).reduce((n, c) => n + c.count, 0);
    expect(moved).toBeGreaterThan(10);
    expect(impact.movers.length).toBe(20);

    // Salesforce reads stop two minutes short of now: the full run must reach the first cycle's writes.
    e.advance(crm.settleMs);
    const saved = await send('PUT', '/policy', DRAFT);
    expect(saved.status).toBe(200);
    const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: e.prefix, concurrency: 2, lockMs: 2_000, outage: rt.outage });
    e.later(() => worker.close());
    await vi.waitFor(
      async () => {
        const runs = await rt.store.runs.list(connectionId, 5);
        expect(runs.map((r) => [r.mode, r.status, r.counts.accountsScored])).toEqual([
          ['full', 'succeeded', ids.length],
          [expect.any(String), 'succeeded', ids.length],
        ]);
      },
      { timeout: 60_000, interval: 200 },
    );

    const after = ids.map((id) => crm.values(sandbox, id));
    expect(countBy(after.map((v) => v.band))).toEqual(sums(impact.bands, 'to'));
    expect(countBy(after.map((v) => v.tier))).toEqual(sums(impact.tiers, 'to'));
    const made = crm.tasks(sandbox).slice(tasksBefore);
    const expectedTasks = Object.fromEntries((impact.tasks as { kind: string; count: number }[]).filter((t) => t.count > 0).map((t) => [t.kind, t.count]));
    expect(made.length).toBeGreaterThan(0);
    expect(countBy(made.map((t) => t.kind))).toEqual(expectedTasks);
    for (const m of impact.movers) expect(crm.values(sandbox, m.accountId).why).toBe(m.after.why);
  }, 120_000);
});

describe('impact preview: drafts it refuses, and one record', () => {
  const crm = CRMS[0]!;

  it('an invalid draft answers 422 with the problems PUT gives, and nothing is saved', async () => {
    const { send } = await scored(crm, 40);
    const bad = { health: { weights: { usage: -5 }, bands: { healthy: 50, watch: 70 } } };
    const preview = await send('POST', '/impact', { policy: bad });
    expect(preview.status).toBe(422);
    expect(preview.body.error.code).toBe('BAD_POLICY');
    expect(preview.body.error.errors.some((p: string) => p.startsWith('health.weights.usage:'))).toBe(true);
    const policyBefore = await send('GET', '/policy');
    const put = await send('PUT', '/policy', bad);
    expect(put.status).toBe(422);
    expect(preview.body.error).toEqual(put.body.error);
    expect(await send('GET', '/policy')).toEqual(policyBefore);

    const badMapping = { account: { arr: { field: 'no_such_property', transform: 'number' } } };
    const [mappingPreview, mappingPut] = [await send('POST', '/impact', { mapping: badMapping }), await send('PUT', '/mapping', badMapping)];
    expect(mappingPreview.status).toBe(422);
    expect(mappingPreview.body.error).toEqual(mappingPut.body.error);
    expect(mappingPreview.body.error.errors.join()).toContain('no_such_property');
    expect((await send('POST', '/impact', { extra: 1 })).status).toBe(422);
  });

  it('a draft the cache cannot re-score answers 409 IMPACT_NEEDS_RUN naming why; the mapping in use is previewed', async () => {
    const { send } = await scored(crm, 40);
    const window = await send('POST', '/impact', { policy: { health: { engagement: { windowDays: 60 } } } });
    expect(window.status).toBe(409);
    expect(window.body.error).toMatchObject({ code: 'IMPACT_NEEDS_RUN', errors: [expect.stringMatching(/^health\.engagement\.windowDays: /)] });
    const { body: inUse } = await send('GET', '/mapping');
    const other = { account: { ...inUse.mapping.account, nps: undefined } };
    const changed = await send('POST', '/impact', { mapping: other });
    expect(changed.status).toBe(409);
    expect(changed.body.error.errors[0]).toMatch(/^mapping: /);
    const same = await send('POST', '/impact', { mapping: inUse.mapping });
    expect(same.status).toBe(200);
    // The policy in use changes nothing: every account stays in its cell, no task is new.
    expect(same.body.accounts).toBe(40);
    expect(same.body.bands.every((c: { from: string; to: string }) => c.from === c.to)).toBe(true);
    expect(same.body.movers).toEqual([]);
    expect(same.body.tasks.every((t: { count: number }) => t.count === 0)).toBe(true);
  });

  it('one record under the policy in use and the draft: measures with weights and points, signals, tasks it would create', async () => {
    const { sandbox, rt, connectionId, send } = await scored(crm, 40);
    // A healthy account without tasks: under the draft it is at_risk and gets its first rescue task.
    const ids = crm.accountIds(sandbox);
    const [scores, tasks] = await Promise.all([rt.store.scores.getMany(connectionId, ids), rt.store.tasks.forAccounts(connectionId, ids)]);
    const accountId = ids.find((id) => scores.get(id)?.health.band === 'healthy' && (tasks.get(id) ?? []).length === 0)!;
    const stored = scores.get(accountId)!;
    const draft = { health: { weights: { usage: 10, engagement: 60, tickets: 20, nps: 10 }, bands: { healthy: 100, watch: 99 } } };
    const res = await send('POST', `/accounts/${accountId}/preview`, { policy: draft });
    expect(res.status).toBe(200);
    const { before, after } = res.body;
    // Before is the account as last scored.
    expect(before).toMatchObject({ score: stored.health.score, band: stored.health.band, tier: stored.tier, explanation: { why: stored.why } });
    expect(before.tasks).toEqual([]);
    const engagement = after.explanation.measures.find((m: { name: string }) => m.name === 'engagement');
    expect(engagement).toMatchObject({ weight: 60, points: (60 * engagement.subScore) / 100 });
    // Below 99 is at_risk under the draft, and at_risk plans a rescue task.
    expect(after.score).not.toBeNull();
    expect(after.score).toBeLessThan(99);
    expect(after.band).toBe('at_risk');
    expect(after.tasks.map((t: { kind: string }) => t.kind)).toContain('rescue');
    expect(after.signals).toEqual(before.signals);
    expect((await send('POST', '/accounts/nope/preview', {})).status).toBe(404);
  });
});
