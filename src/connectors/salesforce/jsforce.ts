// Loads jsforce once, when a process first talks to Salesforce. The factory builds connectors for
// both CRMs in every worker and server; importing jsforce up front would add about 40 MB and a
// fifth of a second to processes that only ever serve HubSpot. It is `@jsforce/jsforce-node`, the
// same library built for Node: the `jsforce` package also carries browser polyfills and a CLI
// (core-js, rxjs, inquirer: about 60 MB installed) that a server never loads.
import type * as Jsforce from '@jsforce/jsforce-node';

let loading: Promise<typeof Jsforce.default> | null = null;

export function loadJsforce(): Promise<typeof Jsforce.default> {
  loading ??= import('@jsforce/jsforce-node').then((m) => m.default);
  return loading;
}
