// Starts a sandbox HubSpot portal on the loopback interface (../http-server.ts), with HubSpot's
// rate limits unless told otherwise.
import type { FaultsInput } from '../faults.ts';
import { serve, type FaultedRequest } from '../http-server.ts';
import { createPortal, type Portal, type PortalOptions } from './portal.ts';

export interface HubSpotSandbox {
  url: string;
  portal: Portal;
  /** Requests the fault knobs struck. */
  faulted: FaultedRequest[];
  close(): Promise<void>;
}

export interface HubSpotSandboxOptions extends PortalOptions {
  accounts: number;
  asOf: number;
  port?: number;
  faults?: FaultsInput;
}

export async function startHubSpotSandbox(o: HubSpotSandboxOptions): Promise<HubSpotSandbox> {
  const { accounts, asOf, port, faults, ...options } = o;
  const portal = createPortal(accounts, asOf, options);
  const served = await serve(portal, { port, faults, now: options.now });
  return { url: served.url, portal, faulted: served.faulted, close: served.close };
}
