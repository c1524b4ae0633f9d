// One clock: replaying past as-of dates against the HubSpot sandbox. Every time crm-pulse keeps for
// a rule (a task's creation for the rescue dedupe, a snapshot for the trend) is the run's as-of,
// so a rescue task made on 2026-09-01 and completed is 30 days old on 2026-10-01 (a new one is
// made), and one made on 2026-10-01 is 9 days old on 2026-10-10 (none is made, DOMAIN section 9).
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import type { Runtime } from '../../src/cli/runtime.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { quiet, useE2e } from './harness.ts';

const e = useE2e();
const SEPT_1 = Date.parse('2026-09-01T12:00:00.000Z');
const OCT_1 = Date.parse('2026-10-01T12:00:00.000Z');
const OCT_10 = Date.parse('2026-10-10T12:00:00.000Z');

function rescues(sandbox: Sandbox, day: string): Map<string, string> {
  const { portal } = sandbox.hubspot!;
  const out = new Map<string, string>();
  for (const t of portal.objects.get('tasks')!.values()) {
    const key = t.properties.crm_pulse_task_key ?? '';
    if (key.startsWith('rescue:') && key.endsWith(`:${day}`)) out.set(portal.linked('tasks', t.id, 'companies')[0]!, t.id);
  }
  return out;
}

function completeAll(sandbox: Sandbox, taskIds: Iterable<string>): void {
  for (const id of taskIds) sandbox.hubspot!.portal.edit('tasks', id, { hs_task_status: 'COMPLETED' });
}

async function run(rt: Runtime, asOf: number, full: boolean) {
  const result = await runCycle(rt, { full, dryRun: false, asOf }, quiet);
  expect(result.code).toBe(0);
  return result.summary!;
}

describe('replaying three as-of dates', () => {
  it('keeps task creation and snapshots on the run as-of: the rescue dedupe and the trend follow the replayed dates', async () => {
    const sandbox = await e.sandbox('hubspot', { accounts: 60, seed: 11 });
    const { rt, connectionId } = await e.connected(sandbox, 'hubspot');

    await run(rt, SEPT_1, false);
    const september = rescues(sandbox, '2026-09-01');
    expect(september.size).toBeGreaterThan(0);
    completeAll(sandbox, september.values());

    await run(rt, OCT_1, true);
    const october = rescues(sandbox, '2026-10-01');
    const scores = await rt.store.scores.getMany(connectionId, [...september.keys()]);
    // Every account rescued on 09-01 that is still at_risk on 10-01 gets a new task: its completed
    // task was made 30 days before, outside the 14-day window.
    const stillAtRisk = [...september.keys()].filter((id) => scores.get(id)?.health.band === 'at_risk');
    expect(stillAtRisk.length).toBeGreaterThan(0);
    for (const id of stillAtRisk) expect(october.has(id)).toBe(true);
    // The trend compares with the 09-01 snapshot, exactly 30 days back.
    for (const id of stillAtRisk) expect(scores.get(id)!.health.trend).not.toBeNull();

    completeAll(sandbox, october.values());
    const summary = await run(rt, OCT_10, true);
    // Made 9 days before 10-10: completed, but inside the 14 days, so no account gets another.
    const tenth = rescues(sandbox, '2026-10-10');
    for (const id of october.keys()) expect(tenth.has(id)).toBe(false);
    expect(summary.counts.accountsScored).toBe(60);
    // No snapshot between 09-03 and 09-10: the trend is empty, not 0.
    const later = await rt.store.scores.getMany(connectionId, [...october.keys()]);
    for (const id of october.keys()) expect(later.get(id)!.health.trend).toBeNull();
  });
});
