// The console's backtest page and the policy editor opened from it, on the real Redis and queue
// with reports made by the pure backtest (backtest-reports.ts): a report not yet computed says its
// job is queued, and the page's poll answers with a reload once the report is cached; as-of dates
// the history does not reach are named "not enough history" and nothing is scored at them, and a
// history that reaches none gives no table, chart or suggestion; the retention figures of a
// window the history does not cover are "not enough history" rows with no figure. The editor
// takes the suggested weights from its link as an unsaved draft and previews their impact; a bad
// value in the link is named on its input, and nothing is previewed or saved.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { retentionSection } from '../../src/http/console/retention-table.ts';
import { policyDigest } from '../../src/jobs/backtest-job.ts';
import { formatDay } from '../../src/model/dates.ts';
import { MAPPING_FILE, useHarness } from '../jobs/harness.ts';
import { cachedReport } from './backtest-reports.ts';
import { ADMIN_TOKEN, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();
const MAY = Date.parse('2026-05-01T00:00:00.000Z');

async function signedIn() {
  const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' });
  await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: 'pat-x' } });
  await rt.store.mappings.put('hs-1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
  const base = await serve(rt);
  const res = await fetch(`${base}/admin/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(), redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}/admin/c/hs-1${path}`, { headers: { cookie, ...headers } });
  /** Caches a report as the job would, for today under the connection's policy. */
  const cache = async (report: Record<string, unknown>) => {
    const { policy } = await rt.contexts.get('hs-1');
    await rt.store.backtests.set('hs-1', { computedAt: rt.jobs.now(), day: formatDay(rt.jobs.now()), policyDigest: policyDigest(policy), report });
  };
  return { rt, get, cache };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ').replace(/ ([.,:;)])/g, '$1').replace(/\( /g, '(');

describe('console backtest page', () => {
  it('says the job is queued, and its poll reloads the page once the report is cached', async () => {
    const { rt, get, cache } = await signedIn();
    const page = await (await get('/backtest')).text();
    expect(page).toContain('Score backtest');
    expect(page).toMatch(/data-backtest-queued="backtest\.hs-1\.[0-9a-f]{16}\.\d{4}-\d{2}-\d{2}"/);
    expect(page).toContain('No report has been computed for this connection yet.');
    expect((await rt.queue.getJobs(['waiting'])).filter((j) => j.name === 'backtest')).toHaveLength(1);

    const waiting = await get('/backtest/watch');
    expect(waiting.headers.get('hx-refresh')).toBeNull();
    expect(await waiting.text()).toContain('hx-trigger="every 2s"');

    await cache(cachedReport(MAY));
    const ready = await get('/backtest/watch');
    expect(ready.headers.get('hx-refresh')).toBe('true');
    expect(await ready.text()).toContain('data-backtest-status="ready"');
    const shown = await (await get('/backtest')).text();
    expect(shown).not.toContain('data-backtest-queued');
    expect(shown).toContain('data-headline>at_risk caught 100 % of the accounts that churned within 90 days, 2.0x the base rate');
  });

  it('names the as-of dates the history does not reach and scores nothing at them; every table names its source', async () => {
    const { get, cache } = await signedIn();
    await cache({ ...cachedReport(MAY), fieldHistoryCalls: { made: 4, minimum: 4 }, historyCalls: { made: 31, minimum: 27 } });
    const page = await (await get('/backtest')).text();
    // Six of the ten dates (2025-11-28 to 2026-04-27) are before 2026-05-01.
    expect(text(page)).toContain('not enough history for 6 of the as-of dates (2025-11-28 to 2026-04-27): the history reaches back to 2026-05-01, so nothing is scored at them.');
    expect(page).toContain('data-band="insufficient_data" data-accounts="36" data-churned="0"');
    expect(page).toContain('data-band="at_risk" data-accounts="12" data-churned="3"');
    for (const table of ['data-bands', 'data-catch', 'data-tier-bands']) expect(page).toMatch(new RegExp(`<table[^>]*${table}[^>]*><caption[^>]*>[^]*?data-source="crm_pulse_snapshots"[^]*?</caption>`));
    expect(page).toContain('<canvas data-chart=');
    expect(text(page)).toContain('Field history: 4 calls against a minimum of 4. Activities, tickets and deals: 31 calls against a minimum of 27.');
    // No churn among the fitting dates' scored accounts: nothing to suggest, so no button.
    expect(page).toContain('data-no-suggestion');
    expect(page).not.toContain('Open suggested weights');
  });

  it('reports nothing when the history reaches none of the as-of dates', async () => {
    const { get, cache } = await signedIn();
    await cache(cachedReport(Date.parse('2026-10-01T00:00:00.000Z')));
    const page = await (await get('/backtest')).text();
    expect(page).not.toContain('data-not-enough-history>not enough history for');
    expect(text(page)).toContain('Not enough history Nothing is reported: the history (crm-pulse’s daily snapshots) reaches back to 2026-10-01, after every as-of date (2025-11-28 to 2026-08-25).');
    for (const absent of ['data-bands', 'data-catch', '<canvas', 'data-weights', 'Open suggested weights']) expect(page).not.toContain(absent);
  });
});

describe('console retention figures', () => {
  it('gives every group of a window the history does not cover as "not enough history", with no figure', async () => {
    const report = cachedReport(MAY);
    const html = retentionSection({ status: 'ready', cached: { computedAt: 0, day: '2026-11-23', policyDigest: 'x', report } }, '/admin/c/hs-1');
    const rows = [...html.matchAll(/<tr data-retention="([^"]+)" data-status="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every(([, status]) => status === 'not_enough_history')).toBe(true);
    expect(text(html)).toContain("not enough history: the history reaches back to 2026-05-01, after the window's start 2025-11-23");
    expect(html).not.toContain('data-gross-dollar-churn');
    expect(html).toContain('data-source="crm_pulse_snapshots"');
  });
});

describe('policy editor opened with the suggested weights', () => {
  const link = (weights: Record<string, string>) => `/policy?${new URLSearchParams({ from: 'backtest', day: '2026-11-23', ...Object.fromEntries(Object.entries(weights).map(([k, v]) => [`health.weights.${k}`, v])) }).toString()}`;

  it('puts them in the form as a draft with the impact preview, and saves nothing', async () => {
    const { rt, get } = await signedIn();
    const res = await get(link({ usage: '60', engagement: '30', tickets: '10', nps: '0' }));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('data-suggested-draft');
    for (const [name, value] of [['usage', '60'], ['engagement', '30'], ['tickets', '10'], ['nps', '0']]) expect(page).toContain(`name="health.weights.${name}" value="${value}"`);
    expect(page).toContain('data-impact-accounts="0"');
    expect(await rt.store.policies.get('hs-1')).toBeNull();
  });

  it('names a bad value on its input and previews nothing; a link without the weights is refused', async () => {
    const { rt, get } = await signedIn();
    const page = await (await get(link({ usage: 'lots', engagement: '30', tickets: '10', nps: '0' }))).text();
    expect(page).toContain('health.weights.usage: must be a number from 0 to 1,000,000');
    expect(page).toContain('aria-invalid="true"');
    expect(page).not.toContain('data-impact-accounts');
    expect(await rt.store.policies.get('hs-1')).toBeNull();
    const partial = await get('/policy?from=backtest&day=2026-11-23');
    expect(partial.status).toBe(400);
  });
});
