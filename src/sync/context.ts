// One connection as the read and the pipeline see it: its connector, the admin's
// mapping and the scoring policy. jobs/contexts.ts finds it for a connection id.
import type { Connector, Mapping } from '../connectors/index.ts';
import type { CrmKind, Policy } from '../model/index.ts';

export interface ConnectionContext {
  id: string;
  kind: CrmKind;
  /** Described by the environment, not stored: it has no status to pause or stop. */
  isEnv: boolean;
  connector: Connector;
  mapping: Mapping;
  policy: Policy;
}
