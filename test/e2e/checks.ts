// What "every account written once, no task twice" means in the CRM, checked the same way by every
// end-to-end test: our values on each account are the ones crm-pulse recorded as written (and, where
// a test asks, the ones the pure engine gives over the account's whole history), each
// account's first write reached the CRM once (or once more for each write call a fault struck
// after the CRM took it), and the CRM holds exactly the tasks the rules ask for, each once.
import { expect } from 'vitest';
import type { Runtime } from '../../src/cli/runtime.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { E2eCrm } from './crms.ts';
import { describeTask, expectedTasks, expectedValues, type ShownValues } from './expected.ts';
import { AS_OF } from './harness.ts';

export async function expectValuesWritten(crm: E2eCrm, sandbox: Sandbox, rt: Runtime, connectionId: string): Promise<void> {
  const ids = crm.accountIds(sandbox);
  const written = await rt.store.written.getMany(connectionId, ids);
  expect(written.size).toBe(ids.length);
  for (const id of ids) expect(crm.values(sandbox, id)).toMatchObject({ tier: written.get(id)!.tier, why: written.get(id)!.healthReasons });
}

/** Accounts sent more often than once plus the faults that struck them after the CRM took them. */
export function sentTooOften(crm: E2eCrm, sandbox: Sandbox): [string, number][] {
  const again = crm.resendable(sandbox);
  return [...crm.valueSends(sandbox, true)].filter(([id, n]) => n > 1 + (again.get(id) ?? 0));
}

/** The portfolio a sandbox was started with, as far as the rules' results depend on it. */
export interface PortfolioSeen {
  accounts: number;
  seed: number;
  historyYears?: number;
}

/** A map by portfolio index keyed by the CRM's ids of those accounts instead. */
function byAccountId<T>(crm: E2eCrm, sandbox: Sandbox, byIndex: Map<number, T>): Map<string, T> {
  return new Map([...byIndex].map(([index, v]) => [crm.accountId(sandbox, index), v]));
}

/** Our values on every account against the pure engine's over the same portfolio. */
export function expectValuesAsRules(crm: E2eCrm, sandbox: Sandbox, portfolio: PortfolioSeen): void {
  const actual = new Map<string, ShownValues>();
  for (const id of crm.accountIds(sandbox)) actual.set(id, crm.values(sandbox, id));
  expect(actual).toEqual(byAccountId(crm, sandbox, expectedValues({ ...portfolio, asOf: AS_OF }, crm.mapped)));
}

/** The CRM's tasks against the rules: exactly the expected ones, each once. */
export function expectTasksAsRules(crm: E2eCrm, sandbox: Sandbox, portfolio: PortfolioSeen): void {
  const keys = crm.tasks(sandbox).map((t) => t.key);
  expect(new Set(keys).size).toBe(keys.length);
  const actual = new Map<string, string[]>();
  for (const t of crm.tasks(sandbox)) actual.set(t.accountId, [...(actual.get(t.accountId) ?? []), describeTask(t.kind, t.key)]);
  for (const list of actual.values()) list.sort();
  expect(actual).toEqual(byAccountId(crm, sandbox, expectedTasks({ ...portfolio, asOf: AS_OF }, crm.mapped)));
}
