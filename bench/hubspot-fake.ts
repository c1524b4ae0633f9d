// The HubSpot portal of the benchmarks and the pipeline tests: the sandbox portal
// (src/sandbox/hubspot) holding the uniform portfolio (every company alike, so calls and results
// can be counted exactly), with no rate limit of its own (tests pace the client themselves).
import { createPortal as createSandboxPortal, type Portal, type PortalOptions } from '../src/sandbox/hubspot/portal.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../src/sandbox/hubspot/server.ts';

export type { Portal, PortalOptions, PortalRequest } from '../src/sandbox/hubspot/portal.ts';
export type { Obj } from '../src/sandbox/hubspot/state.ts';
export type FakePortal = HubSpotSandbox;

/** What crm-pulse reads of each company, per object type: 2 meetings, calls and tickets, 1 deal (its emails and notes are not read). */
export const HISTORY_TYPES = ['meetings', 'calls', 'tickets', 'deals'] as const;

export function createPortal(companies: number, asOf: number, options: PortalOptions = {}): Portal {
  return createSandboxPortal(companies, asOf, { shape: 'uniform', ...options });
}

export function startFakePortal(companies: number, asOf: number, options: PortalOptions = {}): Promise<FakePortal> {
  return startHubSpotSandbox({ accounts: companies, asOf, shape: 'uniform', ...options });
}
