// The Salesforce org of the benchmarks and the pipeline tests: the sandbox org
// (src/sandbox/salesforce) holding the uniform portfolio (every Account alike, so calls and
// results can be counted exactly). `createOrg` is the model tests answer through nock;
// `startFakeOrg` serves it on 127.0.0.1.
import { createOrg as createSandboxOrg, type Org, type OrgOptions } from '../src/sandbox/salesforce/org.ts';
import { startSalesforceSandbox } from '../src/sandbox/salesforce/server.ts';

export { DAILY_ALLOCATION } from '../src/sandbox/salesforce/limits.ts';
export { READY_DESCRIBES, type Describes } from '../src/sandbox/salesforce/schema.ts';
export type { Org, OrgRequest } from '../src/sandbox/salesforce/org.ts';

export type FakeOrgOptions = OrgOptions;

export interface FakeOrg {
  url: string;
  org: Org;
  /** API calls answered so far (what Sforce-Limit-Info reports). */
  calls(): number;
  /** Changes `n` Accounts (a user edit) and logs a call on `n` others, at `at`. */
  touch(n: number, at: number): void;
  close(): Promise<void>;
}

export function createOrg(o: FakeOrgOptions): Org {
  return createSandboxOrg({ shape: 'uniform', ...o });
}

export async function startFakeOrg(o: FakeOrgOptions): Promise<FakeOrg> {
  const s = await startSalesforceSandbox({ shape: 'uniform', ...o });
  return { url: s.url, org: s.org, calls: () => s.org.calls(), touch: (n, at) => s.org.touch(n, at), close: s.close };
}
