// Salesforce orgs as a least-privilege integration user meets them, end to end on the real Redis
// and queue: with setup objects hidden from the connecting user (the Salesforce Integration
// license, the Minimum Access - API Only Integrations profile and only Crm_Pulse) in an org whose
// Task table is too large for a query no index serves, a first and a second run give the same
// values and tasks as in an org that shows them, and `salesforce check` exits 0 saying the
// permission set could not be checked; an org whose Pulse_Health_Reasons__c an admin made as a
// Long Text Area runs and writes the why.
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { CHECK_EXIT, salesforceCommand } from '../../src/cli/salesforce-check.ts';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.ts';
import { LONG_TEXT_AREA } from '../../src/sandbox/salesforce/schema.ts';
import { Keys } from '../../src/store/keys.ts';
import { deleteMatching } from '../../src/store/redis.ts';
import { expectTasksAsRules, expectValuesWritten } from './checks.ts';
import { CRMS } from './crms.ts';
import { quiet, useE2e } from './harness.ts';

const e = useE2e();
const ACCOUNTS = 150;
const SEED = 13;
const crm = CRMS.find((c) => c.kind === 'salesforce')!;

/** Our fields on every Account, but the time they were scored at. */
function pulseValues(sandbox: Sandbox): Record<string, unknown>[] {
  return sandbox.salesforce!.org.tables.get('Account')!.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('Pulse_') && k !== 'Pulse_Scored_At__c')));
}

const taskList = (sandbox: Sandbox) => crm.tasks(sandbox).map((t) => `${t.accountId} ${t.kind} ${t.key}`).sort();

/** An org and a store of its own, under a prefix beside the test's. */
async function orgRun(org: SandboxOptions['salesforce'], prefix: string) {
  const sandbox = await e.sandbox('salesforce', { accounts: ACCOUNTS, seed: SEED, salesforce: org });
  e.later(() => deleteMatching(e.redis, new Keys(prefix).everything()));
  const { rt, connectionId } = await e.connected(sandbox, 'salesforce', {}, { CRM_PULSE_REDIS_PREFIX: prefix });
  return {
    sandbox,
    /** One run; what the org holds after it. */
    async run() {
      const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quiet);
      expect(code).toBe(0);
      expect(summary!.errors).toEqual([]);
      await expectValuesWritten(crm, sandbox, rt, connectionId);
      return { written: summary!.counts.accountsWritten, values: pulseValues(sandbox), tasks: taskList(sandbox) };
    },
  };
}

async function check(sandbox: Sandbox): Promise<{ code: number | undefined; printed: string }> {
  let printed = '';
  await salesforceCommand({ env: e.env(sandbox, sandbox.env('salesforce')), stdout: (t) => void (printed += t), stderr: (t) => void (printed += t) }).parseAsync(['node', 'salesforce', 'check']);
  const code = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { code, printed };
}

describe('salesforce: a least-privilege integration user', () => {
  it('with setup objects hidden (in a large org), two runs give the same values and tasks as with them visible', async () => {
    const hidden = await orgRun({ hideSetup: true, largeOrg: true }, `${e.prefix}-hidden`);
    const visible = await orgRun({}, `${e.prefix}-visible`);
    const first = [await hidden.run(), await visible.run()];
    // The runs did something worth comparing: every account written with a tier, tasks made.
    expect(first[0]!.written).toBe(ACCOUNTS);
    expect(first[0]!.values.every((v) => typeof v.Pulse_Tier__c === 'string')).toBe(true);
    expect(first[0]!.tasks.length).toBeGreaterThan(0);
    expect(first[0]).toEqual(first[1]);
    expectTasksAsRules(crm, hidden.sandbox, { accounts: ACCOUNTS, seed: SEED });

    // Users lower ten accounts' usage; the second runs, past the settle time, re-score them alike.
    for (const org of [hidden, visible]) for (let i = 0; i < 10; i++) crm.lowerUsage(org.sandbox, crm.accountId(org.sandbox, i));
    e.advance(crm.settleMs);
    const second = [await hidden.run(), await visible.run()];
    expect(second[0]!.written).toBeGreaterThan(0);
    expect(second[0]!.values).not.toEqual(first[0]!.values);
    expect(second[0]).toEqual(second[1]);
    // Nothing in a run touched a setup object, and every Task query used an index.
    const requests = hidden.sandbox.salesforce!.org.requests;
    expect(requests.filter((r) => (r.status ?? 0) >= 400)).toEqual([]);
    expect(requests.some((r) => /PermissionSet/.test(decodeURIComponent(r.search)))).toBe(false);

    const seen = await check(hidden.sandbox);
    expect(seen.code).toBe(CHECK_EXIT.ready);
    expect(seen.printed.split('\n')).toContain('  permission set: could not check (no setup access)');
    expect(seen.printed.split('\n')[0]).toBe('The org is ready for crm-pulse.');
    const shown = await check(visible.sandbox);
    expect(shown.code).toBe(CHECK_EXIT.ready);
    expect(shown.printed.split('\n')).toContain('  permission set: Crm_Pulse deployed');
  }, 120_000);

  it('an org whose Pulse_Health_Reasons__c is a Long Text Area runs and writes the why', async () => {
    const sandbox = await e.sandbox('salesforce', { accounts: ACCOUNTS, seed: SEED, salesforce: { fieldTypes: { 'Account.Pulse_Health_Reasons__c': LONG_TEXT_AREA } } });
    const { rt, connectionId } = await e.connected(sandbox, 'salesforce');
    const describe = await fetch(`${sandbox.salesforce!.url}/services/data/v62.0/sobjects/Account/describe`, { headers: { authorization: `Bearer ${sandbox.salesforce!.accessToken}` } });
    const fields = ((await describe.json()) as { fields: { name: string; type: string; length: number }[] }).fields;
    expect(fields.find((f) => f.name === 'Pulse_Health_Reasons__c')).toMatchObject({ type: 'textarea', length: 131_072 });

    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quiet);
    expect(code).toBe(0);
    expect(summary!.errors).toEqual([]);
    expect(summary!.counts.accountsWritten).toBe(ACCOUNTS);
    await expectValuesWritten(crm, sandbox, rt, connectionId);
    const whys = crm.accountIds(sandbox).map((id) => crm.values(sandbox, id).why);
    expect(whys.every((w) => typeof w === 'string' && w.length > 0)).toBe(true);
    expectTasksAsRules(crm, sandbox, { accounts: ACCOUNTS, seed: SEED });

    const { printed } = await check(sandbox);
    expect(printed).toContain('Pulse_Health_Reasons__c is a Long Text Area(131072), crm-pulse ships Text(255): every value it writes fits');
  }, 90_000);
});
