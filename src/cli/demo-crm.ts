// What the demo says differently per CRM: the sandbox's name and address, its accounts, and the
// API limits the cycle's calls are set against (HubSpot: 110 requests per 10 s, searches 5 per s,
// a daily budget; Salesforce: no short-term limit, a 24-hour allocation).
import type { Sandbox, SandboxCrm } from '../sandbox/index.ts';
import type { ApiLimits } from './demo-format.ts';

export interface DemoCrm {
  name: string;
  url: string;
  accountIds(): string[];
  limits(apiCalls: Readonly<Record<string, number>>): ApiLimits;
}

/** (ceil(n / limit) - 1) windows: the first `limit` calls go at once, each later window admits `limit` more. */
const windows = (calls: number, limit: number, windowMs: number) => Math.max(0, Math.ceil(calls / limit) - 1) * windowMs;

export function demoCrm(sandbox: Sandbox, crm: SandboxCrm): DemoCrm {
  if (crm === 'hubspot' && sandbox.hubspot) {
    const { url, portal } = sandbox.hubspot;
    return {
      name: 'HubSpot',
      url,
      accountIds: () => [...portal.objects.get('companies')!.keys()],
      limits(apiCalls) {
        const calls = Object.entries(apiCalls);
        const searches = calls.filter(([route]) => route.endsWith('/search')).reduce((t, [, c]) => t + c, 0);
        const api = calls.reduce((t, [, c]) => t + c, 0) - searches;
        return { shortTerm: "HubSpot's 110 requests per 10 s (searches 5 per s)", daily: 500_000, minimumMs: Math.max(windows(api, 110, 10_000), windows(searches, 5, 1_000)) };
      },
    };
  }
  if (crm === 'salesforce' && sandbox.salesforce) {
    const { url, org } = sandbox.salesforce;
    return {
      name: 'Salesforce',
      url,
      accountIds: () => org.tables.get('Account')!.map((r) => String(r.Id)),
      limits: () => ({ shortTerm: "the org's Salesforce allocation", daily: 100_000, minimumMs: null }),
    };
  }
  throw new Error(`the sandbox runs no ${crm}`);
}
