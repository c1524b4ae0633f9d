// Loads jsforce once, when a process first talks to Salesforce. The factory builds connectors for
// both CRMs in every worker and server; importing jsforce up front would add about 40 MB and a
// third of a second to processes that only ever serve HubSpot.
import type * as Jsforce from 'jsforce';

let loading: Promise<typeof Jsforce.default> | null = null;

export function loadJsforce(): Promise<typeof Jsforce.default> {
  loading ??= import('jsforce').then((m) => m.default);
  return loading;
}
