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
import { CRMS } from './crms.ts';
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

describe.each(CRMS)('$kind sandbox: impact preview', (crm) => {
  it('counts what the full run under the draft then writes: bands, tiers, tasks by kind, the movers\' why', async () => {
    const sandbox = await e.sandbox(crm.kind, { accounts: 300, seed: 11 });
    const { rt, connectionId } = await e.connected(sandbox, crm.kind);
    expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
    const server: Server = createApp({ ...httpDeps(rt), adminToken: new Secret(TOKEN) }).listen(0, '127.0.0.1');
    e.later(() => server.close());
    await new Promise((resolve) => server.once('listening', resolve));
    const send = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/connections/${connectionId}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
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
  });
});
