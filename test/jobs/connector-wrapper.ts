// A connector that delegates to a real one except where a test overrides a method: how the crash
// tests make a worker die at an exact point of its work.
import type { Connector } from '../../src/connectors/connector.ts';

export function withOverrides(real: Connector, overrides: Partial<Connector>): Connector {
  return {
    kind: real.kind,
    accountFields: () => real.accountFields(),
    ensureSchema: (policy) => real.ensureSchema(policy),
    readAccounts: (mapping, checkpoint) => real.readAccounts(mapping, checkpoint),
    readAccountsById: (mapping, ids) => real.readAccountsById(mapping, ids),
    sampleAccounts: (mapping, ids) => real.sampleAccounts(mapping, ids),
    readActivityChanges: (checkpoint) => real.readActivityChanges(checkpoint),
    accountsOf: (kind, ids) => real.accountsOf(kind, ids),
    readHistory: (ids, asOf, policy, scope, kinds) => real.readHistory(ids, asOf, policy, scope, kinds),
    writeAccounts: (updates) => real.writeAccounts(updates),
    findTasks: (keys) => real.findTasks(keys),
    taskStatus: (ids) => real.taskStatus(ids),
    createTasks: (tasks) => real.createTasks(tasks),
    ...(real.activityStreamAt ? { activityStreamAt: (checkpoint) => real.activityStreamAt?.(checkpoint) ?? null } : {}),
    ...(real.apiUsage ? { apiUsage: () => real.apiUsage?.() ?? null } : {}),
    ...overrides,
  };
}

/** A promise that never settles: the work after it never happens, as in a killed process. */
export const never = <T>(): Promise<T> => new Promise<T>(() => {});
