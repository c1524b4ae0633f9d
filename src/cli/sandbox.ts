// `crm-pulse sandbox`: the local CRM sandbox (src/sandbox) until Ctrl-C, with its URLs and the
// environment that points crm-pulse at it.
import type { SandboxCrm } from '../sandbox/index.ts';
import { untilStopSignal } from './signals.ts';

export interface SandboxCommandOptions {
  crm: SandboxCrm | 'both';
  accounts: number;
  port: number;
  seed: number;
  fault5xx: number;
  faultReset: number;
  faultSlowMs: number;
  fault429Storm: boolean;
  salesforceHideSetup?: boolean;
  salesforceLongTextWhy?: boolean;
  salesforceLargeOrg?: boolean;
  /** Two years of past whose churn follows these hidden weights (usage, engagement, tickets, NPS), for `crm-pulse backtest`. */
  past?: [number, number, number, number];
}

/** The noise added to the hidden health of a sandbox past (points of score). */
export const PAST_NOISE = 6;

const q = (v: string) => (/^[\w./:@-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

export async function runSandbox(o: SandboxCommandOptions, out: { write(text: string): unknown }): Promise<void> {
  const crms: SandboxCrm[] = o.crm === 'both' ? ['hubspot', 'salesforce'] : [o.crm];
  const { startSandbox, LONG_TEXT_AREA } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({
    crms,
    accounts: o.accounts,
    seed: o.seed,
    port: o.port,
    faults: { share5xx: o.fault5xx, shareReset: o.faultReset, slowMs: o.faultSlowMs, storm: o.fault429Storm, seed: o.seed },
    salesforce: {
      hideSetup: o.salesforceHideSetup === true,
      largeOrg: o.salesforceLargeOrg === true,
      ...(o.salesforceLongTextWhy ? { fieldTypes: { 'Account.Pulse_Health_Reasons__c': LONG_TEXT_AREA } } : {}),
    },
    ...(o.past ? { past: { weights: { usage: o.past[0], engagement: o.past[1], tickets: o.past[2], nps: o.past[3] }, noise: PAST_NOISE } } : {}),
  });
  const lines = [`crm-pulse sandbox: ${o.accounts.toLocaleString('en')} accounts (seed ${o.seed}), on 127.0.0.1 only`];
  if (sandbox.hubspot) {
    lines.push(`  HubSpot portal ${sandbox.hubspot.portal.portalId}: ${sandbox.hubspot.url}  (110 requests / 10 s, search 5 / s, 500,000 a day)`);
  }
  if (sandbox.salesforce) {
    lines.push(`  Salesforce org ${sandbox.salesforce.org.orgId}: ${sandbox.salesforce.url}  (API v62.0, 100,000 calls / 24 h, reported in Sforce-Limit-Info)`);
  }
  if (o.past) lines.push(`  with two years of past: churn follows hidden weights usage ${o.past[0]}, engagement ${o.past[1]}, tickets ${o.past[2]}, NPS ${o.past[3]} plus noise (as HubSpot property history and Salesforce AccountHistory)`);
  const faults = [o.fault5xx > 0 && `${o.fault5xx * 100} % 5xx`, o.faultReset > 0 && `${o.faultReset * 100} % resets`, o.faultSlowMs > 0 && `${o.faultSlowMs} ms slower`, o.fault429Storm && '429 storms (5 s of every 30 s)'].filter(Boolean);
  if (faults.length) lines.push(`  faults: ${faults.join(', ')}`);
  const org = [o.salesforceHideSetup && 'setup objects hidden', o.salesforceLongTextWhy && 'Pulse_Health_Reasons__c a Long Text Area', o.salesforceLargeOrg && 'non-selective Task queries time out'].filter(Boolean);
  if (sandbox.salesforce && org.length) lines.push(`  Salesforce org: ${org.join(', ')}`);
  lines.push('', 'Point crm-pulse at it (in another shell, with Redis running):');
  for (const crm of crms) {
    const env = Object.entries(sandbox.env(crm)).map(([k, v]) => `${k}=${q(v)}`).join(' ');
    lines.push(`  ${env} npx crm-pulse run`);
  }
  lines.push('', 'Ctrl-C stops it.');
  out.write(`${lines.join('\n')}\n`);
  await untilStopSignal();
  await sandbox.close();
}
