// The local CRM sandbox as one unit: a HubSpot portal and (or) a Salesforce org on loopback,
// holding the same seeded portfolio, with the CRMs' real limits unless told otherwise, and the
// environment that points crm-pulse at each.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FaultsInput } from './faults.ts';
import type { PortfolioOptions } from './portfolio.ts';
import type { HubSpotLimitsInput } from './hubspot/limits.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './hubspot/server.ts';
import type { OrgOptions } from './salesforce/org.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from './salesforce/server.ts';

export type SandboxCrm = 'hubspot' | 'salesforce';

export interface SandboxOptions {
  crms: readonly SandboxCrm[];
  /** Accounts in each CRM. */
  accounts: number;
  /** Default 1. */
  seed?: number;
  /** "Now" of the portfolio. Default: the time of start. */
  asOf?: number;
  /** HubSpot's port; Salesforce takes the next one. Default 0: any free ports. */
  port?: number;
  /** Engagements and tickets per account, on average. Default 10. */
  activitiesPerAccount?: number;
  /** Years of older history per account (portfolio.ts `historyYears`). Default 0. */
  historyYears?: number;
  /** Two years of past with churn following hidden weights (past.ts): HubSpot property history, Salesforce AccountHistory. */
  past?: PortfolioOptions['past'];
  faults?: FaultsInput;
  /** HubSpot's limits. Default: HubSpot's own (110 / 10 s, search 5 / s, 500,000 a day). */
  hubspotLimits?: HubSpotLimitsInput;
  /** Keep every request (tests read them). Default false. */
  logRequests?: boolean;
  /** Called with each request before it is answered (a test may kill its caller right then). */
  onRequest?: (crm: SandboxCrm, request: { method: string; path: string; body: unknown }) => void;
  /** What the Salesforce org is like for the connecting user: setup objects hidden, hand-made field types, a large org. */
  salesforce?: Pick<OrgOptions, 'hideSetup' | 'fieldTypes' | 'largeOrg'>;
}

export interface Sandbox {
  hubspot: (HubSpotSandbox & { accessToken: string }) | null;
  salesforce: (SalesforceSandbox & { accessToken: string }) | null;
  /** The variables that make `crm-pulse run` use this sandbox as the environment's connection. */
  env(crm: SandboxCrm): Record<string, string>;
  close(): Promise<void>;
}

const exampleMapping = (crm: SandboxCrm) => fileURLToPath(new URL(`../../examples/mapping.${crm}.json`, import.meta.url));

export async function startSandbox(o: SandboxOptions): Promise<Sandbox> {
  const asOf = o.asOf ?? Date.now();
  const seed = o.seed ?? 1;
  let hubspot: Sandbox['hubspot'] = null;
  if (o.crms.includes('hubspot')) {
    const accessToken = `pat-sandbox-${randomBytes(12).toString('hex')}`;
    const started = await startHubSpotSandbox({
      accounts: o.accounts,
      asOf,
      seed,
      activitiesPerAccount: o.activitiesPerAccount,
      historyYears: o.historyYears,
      past: o.past,
      port: o.port,
      faults: o.faults,
      limits: o.hubspotLimits ?? {},
      accessToken,
      logRequests: o.logRequests ?? false,
      onRequest: o.onRequest && ((r) => o.onRequest!('hubspot', r)),
    });
    hubspot = { ...started, accessToken };
  }
  let salesforce: Sandbox['salesforce'] = null;
  if (o.crms.includes('salesforce')) {
    const accessToken = `00DSB0000000001!sandbox.${randomBytes(12).toString('hex')}`;
    const started = await startSalesforceSandbox({
      accounts: o.accounts,
      asOf,
      seed,
      activitiesPerAccount: o.activitiesPerAccount,
      historyYears: o.historyYears,
      past: o.past,
      port: o.port ? o.port + 1 : 0,
      faults: o.faults,
      accessToken,
      logRequests: o.logRequests ?? false,
      onRequest: o.onRequest && ((r) => o.onRequest!('salesforce', r)),
      ...o.salesforce,
    });
    salesforce = { ...started, accessToken };
  }
  return {
    hubspot,
    salesforce,
    env(crm): Record<string, string> {
      if (crm === 'hubspot' && hubspot) {
        return { CRM_PULSE_CRM: 'hubspot', HUBSPOT_BASE_URL: hubspot.url, HUBSPOT_ACCESS_TOKEN: hubspot.accessToken, CRM_PULSE_MAPPING: exampleMapping('hubspot') };
      }
      if (crm === 'salesforce' && salesforce) {
        return { CRM_PULSE_CRM: 'salesforce', SALESFORCE_INSTANCE_URL: salesforce.url, SALESFORCE_ACCESS_TOKEN: salesforce.accessToken, CRM_PULSE_MAPPING: exampleMapping('salesforce') };
      }
      throw new Error(`the sandbox runs no ${crm}`);
    },
    async close() {
      await Promise.all([hubspot?.close(), salesforce?.close()]);
    },
  };
}
