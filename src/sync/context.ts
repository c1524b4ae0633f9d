// One connection as the read and the pipeline see it: its connector, the admin's
// mapping and the scoring policy. jobs/contexts.ts finds it for a connection id.
import type { Connector } from '../connectors/connector.ts';
import type { Mapping } from '../connectors/mapping/schema.ts';
import type { CrmKind } from '../model/crm.ts';
import type { Policy } from '../model/policy.ts';

export interface ConnectionContext {
  id: string;
  kind: CrmKind;
  /** Described by the environment, not stored: it has no status to pause or stop. */
  isEnv: boolean;
  connector: Connector;
  mapping: Mapping;
  policy: Policy;
}
