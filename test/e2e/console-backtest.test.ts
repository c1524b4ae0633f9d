// The console's backtest page in a real browser (playwright-core driving Debian's Chromium, as
// console.test.ts) against the server, a worker and the HubSpot sandbox with a seeded past
// (src/sandbox/past.ts): the page says the report is queued, reloads with it once the worker has
// computed it, and shows the figures the cached report holds with their history source; the
// button opens the suggested weights in the policy editor as an unsaved draft with the impact
// preview; the portfolio page shows the retention figures; saving the suggestion queues the
// backtest under the new policy, whose report then compares the saved weights. Set
// SCREENSHOTS_DIR to keep screenshots of the pages (docs/images/console-backtest.png is one).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import type { Runtime } from '../../src/cli/runtime.ts';
import { httpDeps } from '../../src/cli/serve.ts';
import { Secret } from '../../src/config/secret.ts';
import { createApp } from '../../src/http/app.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import type { ConnectionBacktest } from '../../src/pipeline/backtest.ts';
import { openPage, serve } from './browser.ts';
import { quiet, useE2e } from './harness.ts';

const SCREENSHOTS = process.env.SCREENSHOTS_DIR;
const ADMIN_TOKEN = 'console-backtest-admin-token-0123456789';
const ACCOUNTS = 200;
const HIDDEN = { usage: 50, engagement: 30, tickets: 15, nps: 5 };
const MEASURES = ['usage', 'engagement', 'tickets', 'nps'] as const;
const REPORT_MS = 150_000;

const e = useE2e();

async function started() {
  const sandbox = await e.sandbox('hubspot', { accounts: ACCOUNTS, seed: 3, past: { weights: HIDDEN, noise: 6 } });
  const { rt, connectionId } = await e.connected(sandbox, 'hubspot');
  expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: e.prefix, concurrency: 2, lockMs: 5_000, outage: rt.outage });
  e.later(() => worker.close());
  const base = await serve(e, createApp({ ...httpDeps(rt), adminToken: new Secret(ADMIN_TOKEN) }));
  const { page, errors } = await openPage(e);
  await page.goto(`${base}/admin/sign-in`);
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('Connections');
  return { rt, connectionId, base, page, errors };
}

const shot = async (page: import('playwright-core').Page, name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
};
const num = (s: string | null) => (s === null || s === '' ? null : Number(s));

/**
 * Waits for the page to show the report, and fails at once, with the job's own account of it,
 * when the page stops waiting (the job failed, or finished without today's report) or the wait
 * runs out: a bare locator timeout said nothing of why (CI, once).
 */
async function reportShown(page: import('playwright-core').Page, rt: Runtime, connectionId: string, jobId: string): Promise<void> {
  const why = async () => {
    const job = await rt.queue.getJob(jobId);
    const cached = await rt.store.backtests.get(connectionId);
    return `job ${jobId}: ${job ? `${await job.getState()}, ${job.attemptsMade} attempts, failed reason ${JSON.stringify(job.failedReason ?? null)}, stalled ${job.stalledCounter}` : 'not in the queue'}; cached report ${cached ? `of ${cached.day} under ${cached.policyDigest}` : 'none'}`;
  };
  const ended = page.locator('[data-headline], [data-backtest-status]:not([data-backtest-status="ready"])').first();
  try {
    await ended.waitFor({ timeout: REPORT_MS });
  } catch (error) {
    throw new Error(`no report on the page within ${REPORT_MS} ms; ${await why()}`, { cause: error });
  }
  const stopped = await page.locator('[data-backtest-status]').textContent().catch(() => null);
  if ((await page.locator('[data-headline]').count()) === 0) throw new Error(`the page stopped waiting: "${stopped}"; ${await why()}`);
}

describe('the console backtest page in Chromium on the HubSpot sandbox with a seeded past', () => {
  it('shows the queued job, then the report; opens the suggested weights in the policy editor with their impact; retention on the portfolio; a saved policy is backtested', { timeout: 420_000 }, async () => {
    const { rt, connectionId, base, page, errors } = await started();

    // Nothing computed yet: the page says a job is queued, and reloads by itself once the report is in.
    await page.goto(`${base}/admin/c/${connectionId}/portfolio`);
    await page.getByRole('link', { name: 'Backtest', exact: true }).click();
    const jobId = await page.locator('[data-backtest-queued]').getAttribute('data-backtest-queued');
    expect(jobId).toMatch(new RegExp(`^backtest\\.${connectionId}\\.`));
    expect(await page.locator('h1').textContent()).toBe('Score backtest');
    await shot(page, 'console-backtest-queued.png');
    await reportShown(page, rt, connectionId, jobId!);
    expect(await page.locator('[data-backtest-queued]').count()).toBe(0);

    // The figures are the cached report's, each table naming the history it stands on.
    const report = (await rt.store.backtests.get(connectionId))!.report as unknown as ConnectionBacktest;
    expect(await page.locator('[data-headline]').textContent()).toBe(report.headline);
    expect(report.report.overall.atRisk.lift).toBeGreaterThan(1);
    const bands = await page.locator('table[data-bands] tbody tr').evaluateAll((trs) => trs.map((tr) => ({ band: tr.getAttribute('data-band'), accounts: Number(tr.getAttribute('data-accounts')), churned: Number(tr.getAttribute('data-churned')) })));
    expect(bands).toEqual(report.report.overall.bands.map((b) => ({ band: b.band, accounts: b.accounts, churned: b.churned })));
    const overall = page.locator('table[data-catch] tr[data-part="overall"]');
    expect(num(await overall.getAttribute('data-recall'))).toBe(report.report.overall.atRisk.recall);
    expect(num(await overall.getAttribute('data-lift'))).toBe(report.report.overall.atRisk.lift);
    expect(num(await overall.getAttribute('data-auc'))).toBe(report.report.overall.auc);
    expect(await page.locator('table[data-catch] tbody tr').count()).toBe(1 + Object.keys(report.report.byTier).length);
    for (const table of ['data-bands', 'data-catch', 'data-tier-bands']) expect(await page.locator(`table[${table}] caption [data-source]`).getAttribute('data-source')).toBe('hubspot_property_history');
    expect(await page.locator('[data-history-source]').textContent()).toBe('HubSpot property history');
    // The seeded past reaches back before every as-of date: no date lacks history.
    expect(await page.locator('[data-not-enough-history]').count()).toBe(0);
    await expect.poll(() => page.locator('canvas[data-chart]').getAttribute('data-drawn')).toBe('1');
    const suggested = report.suggested.fit.weights;
    for (const m of MEASURES) expect(num(await page.locator(`[data-suggested="${m}"]`).evaluate((td) => td.firstChild!.textContent))).toBe(suggested[m]);
    expect(await page.locator('table[data-held-out-table] tr[data-held-out="auc"] td').allTextContents()).toEqual([report.suggested.heldOut.current.auc!.toFixed(2), report.suggested.heldOut.suggested.auc!.toFixed(2)]);
    await shot(page, 'console-backtest.png');

    // The button: the policy editor with the suggested weights as a draft, and the impact of saving them.
    await page.getByRole('button', { name: 'Open suggested weights in the policy editor' }).click();
    await page.locator('[data-suggested-draft]').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/c/${connectionId}/policy`);
    for (const m of MEASURES) expect(await page.getByLabel(m === 'nps' ? 'NPS' : m[0]!.toUpperCase() + m.slice(1), { exact: true }).inputValue()).toBe(String(suggested[m]));
    await expect.poll(() => page.locator('[data-weight-sum]').textContent()).toBe('100');
    expect(await page.locator('[data-impact-accounts]').getAttribute('data-impact-accounts')).toBe(String(ACCOUNTS));
    expect(await page.locator('table[data-matrix="impact-bands"] td[data-count]').count()).toBeGreaterThan(0);
    expect(await rt.store.policies.get(connectionId)).toBeNull();
    await shot(page, 'console-backtest-policy.png');

    // The portfolio's retention figures come from the same report, with their source.
    await page.goto(`${base}/admin/c/${connectionId}/portfolio`);
    const retention = report.retention.overall;
    expect(retention.status).toBe('ok');
    const row = page.locator('table[data-retention-table] tr[data-retention="overall"]');
    expect(await row.getAttribute('data-status')).toBe('ok');
    if (retention.status === 'ok') {
      expect(num(await row.getAttribute('data-gross-dollar-churn'))).toBe(retention.figures.grossDollarChurn);
      expect(num(await row.getAttribute('data-nrr'))).toBe(retention.figures.netRevenueRetention);
    }
    expect(await page.locator('table[data-retention-table] caption [data-source]').getAttribute('data-source')).toBe('hubspot_property_history');
    expect(await page.locator('table[data-retention-table] tr[data-retention^="tier:"]').count()).toBe(Object.keys(report.retention.byTier).length);
    await shot(page, 'console-portfolio-retention.png');

    // Saving the suggestion queues the backtest under the new policy: its report compares the saved weights.
    await page.goBack();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.locator('#policy-result .notice').textContent()).toMatch(/Policy saved; a full run \(.+\) is queued to apply it, and the backtest under it is recomputed/);
    await expect.poll(async () => ((await rt.store.backtests.get(connectionId))?.report as unknown as ConnectionBacktest | undefined)?.suggested.current, { timeout: REPORT_MS }).toEqual(suggested);
    await page.goto(`${base}/admin/c/${connectionId}/backtest`);
    await page.locator('[data-headline]').waitFor();
    expect(await page.locator('[data-backtest-queued]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
