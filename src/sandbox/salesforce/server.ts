// Starts a sandbox Salesforce org on the loopback interface (../http-server.ts).
import { FaultsSchema, type FaultsInput } from '../faults.ts';
import { rng } from '../random.ts';
import { serve, type FaultedRequest } from '../http-server.ts';
import { createOrg, type Org, type OrgOptions } from './org.ts';

export interface SalesforceSandbox {
  url: string;
  org: Org;
  /** Requests the fault knobs struck. */
  faulted: FaultedRequest[];
  /** Records refused UNABLE_TO_LOCK_ROW (faults.shareLockRow), by id; a create's record has none. */
  lockedRows: (string | null)[];
  close(): Promise<void>;
}

export interface SalesforceSandboxOptions extends OrgOptions {
  port?: number;
  faults?: FaultsInput;
}

export async function startSalesforceSandbox(o: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  const { port, faults, ...options } = o;
  const { shareLockRow, seed } = FaultsSchema.parse(faults ?? {});
  const draw = rng(seed + 1);
  const lockedRows: (string | null)[] = [];
  const rowLocked = (id: string | null) => {
    const hit = shareLockRow > 0 && draw() < shareLockRow;
    if (hit) lockedRows.push(id);
    return hit;
  };
  const org = createOrg({ ...options, rowLocked });
  const served = await serve(org, { port, faults, now: options.now });
  return { url: served.url, org, faulted: served.faulted, lockedRows, close: served.close };
}
