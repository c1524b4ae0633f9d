// Connects crm-pulse to a sandbox CRM the way an install does: a stored connection whose
// credentials are sealed with the runtime's encryption key, the example field mapping (checked
// against the CRM's fields on first use), and crm-pulse's own fields created in the CRM.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SchemaChange } from '../connectors/index.ts';
import type { Sandbox, SandboxCrm } from '../sandbox/index.ts';
import type { Runtime } from './runtime.ts';

export const demoConnectionId = (crm: SandboxCrm): string => `demo-${crm}`;

export const exampleMappingFile = (crm: SandboxCrm): string => fileURLToPath(new URL(`../../examples/mapping.${crm}.json`, import.meta.url));

export interface Connected {
  connectionId: string;
  /** The CRM account: HubSpot portal id, Salesforce org id. */
  crmAccountId: string;
  /** What ensureSchema created in the CRM. */
  changes: SchemaChange[];
}

export async function connectSandbox(rt: Runtime, sandbox: Sandbox, crm: SandboxCrm): Promise<Connected> {
  const connectionId = demoConnectionId(crm);
  let crmAccountId: string;
  if (crm === 'hubspot' && sandbox.hubspot) {
    crmAccountId = String(sandbox.hubspot.portal.portalId);
    await rt.store.connections.put({ id: connectionId, kind: 'hubspot', label: 'HubSpot sandbox', crmAccountId, credentials: { accessToken: sandbox.hubspot.accessToken } });
  } else if (crm === 'salesforce' && sandbox.salesforce) {
    crmAccountId = sandbox.salesforce.org.orgId;
    await rt.store.connections.put({ id: connectionId, kind: 'salesforce', label: 'Salesforce sandbox', crmAccountId, credentials: { accessToken: sandbox.salesforce.accessToken, instanceUrl: sandbox.salesforce.url } });
  } else {
    throw new Error(`the sandbox runs no ${crm}`);
  }
  await rt.store.mappings.put(connectionId, JSON.parse(await readFile(exampleMappingFile(crm), 'utf8')));
  const ctx = await rt.contexts.get(connectionId);
  return { connectionId, crmAccountId, changes: await ctx.connector.ensureSchema(ctx.policy) };
}
