// Starts a sandbox Salesforce org on the loopback interface (../http-server.ts).
import type { FaultsInput } from '../faults.ts';
import { serve, type FaultedRequest } from '../http-server.ts';
import { createOrg, type Org, type OrgOptions } from './org.ts';

export interface SalesforceSandbox {
  url: string;
  org: Org;
  /** Requests the fault knobs struck. */
  faulted: FaultedRequest[];
  close(): Promise<void>;
}

export interface SalesforceSandboxOptions extends OrgOptions {
  port?: number;
  faults?: FaultsInput;
}

export async function startSalesforceSandbox(o: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  const { port, faults, ...options } = o;
  const org = createOrg(options);
  const served = await serve(org, { port, faults, now: options.now });
  return { url: served.url, org, faulted: served.faulted, close: served.close };
}
