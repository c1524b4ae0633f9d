// The admin console in a real browser: playwright-core driving Debian's Chromium (/usr/bin/chromium;
// `.ci/run` installs it) against the server, a worker and each sandbox CRM. Sign in; map a field
// and see the preview; save and see the full run queued and finished; change a weight in the policy
// editor and see the impact preview, whose counts a full run under that policy then writes to the
// sandbox; an invalid value shows its error and saves nothing; a write without the CSRF token is
// refused; a run asked for while paused leaves the pause in place; sign out. A missing Chromium fails the test: nothing here is skipped.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectSandbox } from '../../src/cli/demo-connect.ts';
import { runCycle } from '../../src/cli/run.ts';
import { openRuntime } from '../../src/cli/runtime.ts';
import { httpDeps } from '../../src/cli/serve.ts';
import { parseEnv } from '../../src/config/env.ts';
import { createApp } from '../../src/http/app.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import type { Sandbox, SandboxCrm } from '../../src/sandbox/sandbox.ts';
import { openPage, serve } from './browser.ts';
import { quiet, useE2e } from './harness.ts';

const ADMIN_TOKEN = 'console-e2e-admin-token-0123456789';
const ACCOUNTS = 80;
const RUN_MS = 60_000;

const e = useE2e();

/** What each sandbox CRM holds that the test reads: a field to map, and crm-pulse's values and tasks. */
interface Crm {
  kind: SandboxCrm;
  employeesField: string;
  /** Salesforce reads stop two minutes short of now: a run reads what was written before that (e2e/crms.ts). */
  settleMs: number;
  accounts(sandbox: Sandbox): { band: unknown; tier: unknown }[];
  taskKinds(sandbox: Sandbox): unknown[];
}

const CRMS: Crm[] = [
  {
    kind: 'hubspot',
    employeesField: 'numberofemployees',
    settleMs: 0,
    accounts: (s) => [...s.hubspot!.portal.objects.get('companies')!.values()].map((c) => ({ band: c.properties.crm_pulse_health_band, tier: c.properties.crm_pulse_tier })),
    taskKinds: (s) => [...s.hubspot!.portal.objects.get('tasks')!.values()].map((t) => t.properties.crm_pulse_task_kind),
  },
  {
    kind: 'salesforce',
    employeesField: 'NumberOfEmployees',
    settleMs: 3 * 60_000,
    accounts: (s) => s.salesforce!.org.tables.get('Account')!.map((a) => ({ band: a.Pulse_Health_Band__c, tier: a.Pulse_Tier__c })),
    taskKinds: (s) => s.salesforce!.org.tables.get('Task')!.map((t) => t.Pulse_Task_Kind__c),
  },
];

async function started(crm: Crm) {
  const sandbox = await e.sandbox(crm.kind, { accounts: ACCOUNTS, seed: 11 });
  let shift = 0;
  const rt = await openRuntime(parseEnv(e.env(sandbox, { CRM_PULSE_ADMIN_TOKEN: ADMIN_TOKEN })), { logLevel: 'silent', now: () => Date.now() + shift });
  e.later(() => rt.close());
  const { connectionId } = await connectSandbox(rt, sandbox, crm.kind);
  expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: e.prefix, concurrency: 2, lockMs: 2_000, outage: rt.outage });
  e.later(() => worker.close());
  const base = await serve(e, createApp(httpDeps(rt)));
  const { page, errors } = await openPage(e);
  /** Moves crm-pulse's clock past the CRM's settle time, so the next run reads what the last one wrote. */
  const settle = () => {
    shift += crm.settleMs;
  };
  return { sandbox, rt, connectionId, base, page, errors, settle };
}

/** Counts in an impact matrix by the band or tier accounts end in. */
async function afterCounts(page: Page, matrix: string): Promise<Record<string, number>> {
  const cells = await page.locator(`table[data-matrix="${matrix}"] td[data-count]`).evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-to')!, Number(td.getAttribute('data-count'))] as const));
  const out: Record<string, number> = {};
  for (const [to, n] of cells) out[to] = (out[to] ?? 0) + n;
  return out;
}

function tally(values: readonly unknown[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) if (typeof v === 'string' && v) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe.each(CRMS)('admin console in Chromium on the $kind sandbox', (crm) => {
  it('signs in, maps a field with its preview, changes the policy with its impact that the next full run writes, refuses bad values and writes without CSRF, pauses and resumes, signs out', { timeout: 240_000 }, async () => {
    const { sandbox, rt, connectionId, base, page, errors, settle } = await started(crm);

    // Sign in: the token goes in a password field, once; the browser keeps an HttpOnly cookie.
    await page.goto(`${base}/admin`);
    expect(page.url()).toBe(`${base}/admin/sign-in`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Connections');
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'crm_pulse_session', httpOnly: true, sameSite: 'Strict' });
    expect(await page.content()).not.toContain(ADMIN_TOKEN);

    // Map a field, preview it on five records, save: the full run is queued, then finishes.
    await page.goto(`${base}/admin/c/${connectionId}/mapping`);
    await page.getByLabel('employees', { exact: true }).selectOption(crm.employeesField);
    await page.getByRole('button', { name: 'Preview on five records' }).click();
    const preview = page.locator('#mapping-preview table');
    await preview.waitFor();
    expect(await preview.locator('tbody tr').count()).toBe(5);
    expect(await preview.locator('thead').textContent()).toContain(crm.employeesField);
    settle();
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/Mapping saved; a full run \(.+\) is queued to apply it/);
    await page.locator('[data-run-status]').waitFor({ timeout: RUN_MS });
    expect(await page.locator('[data-run-status]').getAttribute('data-run-status')).toBe('succeeded');
    expect((await rt.store.mappings.get(connectionId))?.account.employees).toEqual({ field: crm.employeesField, transform: 'number' });

    // Change a weight: the sum follows, and the impact preview shows what a full run would write.
    settle();
    await page.goto(`${base}/admin/c/${connectionId}/policy`);
    const usage = page.getByLabel('Usage', { exact: true });
    await usage.fill('5');
    await expect.poll(() => page.locator('[data-weight-sum]').textContent()).toBe('65');
    await page.getByRole('button', { name: 'Preview impact' }).click();
    await page.locator('[data-impact-accounts]').waitFor();
    expect(await page.locator('[data-impact-accounts]').getAttribute('data-impact-accounts')).toBe(String(ACCOUNTS));
    const bands = await afterCounts(page, 'impact-bands');
    const tiers = await afterCounts(page, 'impact-tiers');
    const moved = await page.locator('table[data-matrix="impact-bands"] td[data-count]').evaluateAll((tds) => tds.filter((td) => td.getAttribute('data-from') !== td.getAttribute('data-to')).length);
    expect(moved).toBeGreaterThan(0);
    const tasksBefore = tally(crm.taskKinds(sandbox));
    const taskCells = await page.locator('table[data-tasks] td[data-kind]').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-kind')!, Number(td.textContent!.replace(/,/g, ''))] as const));

    // An invalid value: its error on its input, nothing saved, no run queued.
    const partialBefore = (await rt.store.policies.get(connectionId))?.partial ?? null;
    const runsBefore = (await rt.store.runs.list(connectionId, 100)).length;
    await page.getByLabel('Engagement', { exact: true }).fill('lots');
    await page.getByRole('button', { name: 'Save policy' }).click();
    const engagementError = page.locator('#p-health-weights-engagement-err');
    await engagementError.waitFor();
    expect(await engagementError.textContent()).toContain('health.weights.engagement: must be a number from 0 to 1,000,000');
    expect(await page.getByLabel('Engagement', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await rt.store.policies.get(connectionId))?.partial ?? null).toEqual(partialBefore);
    expect((await rt.store.runs.list(connectionId, 100)).length).toBe(runsBefore);

    // Fixed, saved: the full run under the new policy writes what the preview said.
    await page.getByLabel('Engagement', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/Policy saved; a full run \(.+\) is queued to apply it/);
    await page.locator('[data-run-status]').waitFor({ timeout: RUN_MS });
    expect(await page.locator('[data-run-status]').getAttribute('data-run-status')).toBe('succeeded');
    expect((await rt.contexts.get(connectionId)).policy.health.weights.usage).toBe(5);
    expect(tally(crm.accounts(sandbox).map((a) => a.band))).toEqual(bands);
    expect(tally(crm.accounts(sandbox).map((a) => a.tier))).toEqual(tiers);
    const tasksAfter = tally(crm.taskKinds(sandbox));
    const created = Object.fromEntries(Object.entries(tasksAfter).map(([k, n]) => [k, n - (tasksBefore[k] ?? 0)]).filter(([, n]) => n !== 0));
    // The preview lists every task kind, zeros included; the run created only the non-zero ones.
    expect(created).toEqual(Object.fromEntries(taskCells.filter(([, n]) => n !== 0)));

    // A write without the CSRF token is refused, with the session cookie and all.
    const refused = await page.evaluate(async (url) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'mode=full' })).status, `${base}/admin/c/${connectionId}/pause`);
    expect(refused).toBe(403);
    expect((await rt.store.connections.get(connectionId))?.status).toEqual({ state: 'active' });

    // Pause: a run asked for still runs and leaves the connection paused until Resume.
    await page.goto(`${base}/admin`);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('paused: scheduled runs wait until it is resumed');
    settle();
    const pausedAt = rt.jobs.now();
    await page.getByLabel('Run mode').selectOption('full');
    await page.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/full run \S+ queued/);
    await expect.poll(async () => (await rt.store.runs.list(connectionId, 1)).find((r) => r.startedAt >= pausedAt)?.status, { timeout: RUN_MS }).toBe('succeeded');
    expect((await rt.store.connections.get(connectionId))?.status).toEqual({ state: 'paused', reason: 'paused by an admin', until: null });
    await page.goto(`${base}/admin`);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(async () => (await rt.store.connections.get(connectionId))?.status).toEqual({ state: 'active' });

    // Sign out: the session is gone, the console asks for the token again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/admin/sign-in`);
    await page.goto(`${base}/admin/c/${connectionId}/portfolio`);
    expect(page.url()).toBe(`${base}/admin/sign-in`);
    expect(errors).toEqual([]);
  });
});
