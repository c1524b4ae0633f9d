// Creates the tasks the playbook asks for, never twice, and settles them within the run: each key
// is reserved in our store before the CRM call and confirmed with the CRM id after it
// (store/tasks.ts). A key someone already holds is skipped as a duplicate; a task the CRM refused
// is released so a later run retries it. A create whose outcome is unknown (5xx, reset, an answer
// that does not say which record is which) is looked up by key at once (Connector.findTasks reads
// what the CRM holds, not a search index that may lag): found, it is confirmed; missing, it is
// created again, up to CREATE_ROUNDS creates. Only a CRM that stays unreachable leaves a task
// reserved, and the next run settles it first (settle-tasks.ts).
import type { TaskToCreate } from '../connectors/index.ts';
import { PulseError, RecordError, RetryableError } from '../model/index.ts';
import { oldestByKey } from './reconcile-tasks.ts';
import type { WriteContext, WriteProblem } from './write-fields.ts';

/** Creates of one task within a run: the first, then again while a lookup shows it was not made. */
export const CREATE_ROUNDS = 3;

export interface CreateTasksInput extends WriteContext {
  tasks: readonly TaskToCreate[];
}

export interface TasksReport {
  created: number;
  /** Created tasks that are handoff checklists. */
  handoffs: number;
  /** Already reserved or made by another run: not created again. */
  skipped: number;
  /** Left reserved because the CRM stayed unreachable: the next run settles them first. */
  deferred: TaskToCreate[];
  problems: WriteProblem[];
}

export async function createTasks(input: CreateTasksInput): Promise<TasksReport> {
  const { connectionId, connector, store, metrics } = input;
  const report: TasksReport = { created: 0, handoffs: 0, skipped: 0, deferred: [], problems: [] };
  if (input.tasks.length === 0) return report;
  const owned = await store.tasks.reserve(
    connectionId,
    input.tasks.map((t) => ({ key: t.key, accountId: t.accountId, kind: t.kind, dealId: t.dealId, at: input.at, createdAt: t.plannedAt, subject: t.subject, dueAt: t.dueAt })),
  );
  const mine = input.tasks.filter((t) => owned.has(t.key));
  report.skipped = input.tasks.length - mine.length;

  const made = async (tasks: readonly { task: TaskToCreate; crmId: string }[]) => {
    await store.tasks.confirm(
      connectionId,
      tasks.map(({ task: t, crmId }) => ({ key: t.key, accountId: t.accountId, kind: t.kind, dealId: t.dealId, crmId, createdAt: t.plannedAt, subject: t.subject, dueAt: t.dueAt })),
    );
    await store.audit.append(
      connectionId,
      tasks.map(({ task: t, crmId }) => ({ kind: 'task', at: input.at, runId: input.runId, reason: input.reason, accountId: t.accountId, taskKey: t.key, taskKind: t.kind, crmId, subject: t.subject })),
    );
    report.created += tasks.length;
    report.handoffs += tasks.filter(({ task }) => task.kind === 'handoff').length;
    metrics.inc('writes', { crm: connector.kind, kind: 'task', outcome: 'ok' }, tasks.length);
  };
  const failed = (t: TaskToCreate, error: PulseError, later: string) => {
    metrics.inc('writes', { crm: connector.kind, kind: 'task', outcome: 'failed' });
    report.problems.push({ accountId: t.accountId, code: error.code, message: `${error.message}${later}` });
  };

  const defer = (tasks: readonly TaskToCreate[], lookup: PulseError | null) => {
    for (const t of tasks) {
      const reason = lookup ?? new RetryableError('TASK_UNSETTLED', `task ${t.key} was not created after ${CREATE_ROUNDS} attempts whose outcome the CRM did not give`);
      failed(t, reason, ' (kept reserved; settled at the start of the next run)');
    }
    report.deferred.push(...tasks);
  };

  let todo = mine;
  for (let round = 1; todo.length > 0; round++) {
    const results = new Map((await connector.createTasks(todo)).map((r) => [r.key, r]));
    await made(todo.flatMap((t) => (results.get(t.key)?.crmId ? [{ task: t, crmId: results.get(t.key)!.crmId! }] : [])));
    const refused = todo.filter((t) => results.get(t.key)?.error instanceof RecordError);
    await store.tasks.release(connectionId, refused);
    for (const t of refused) failed(t, results.get(t.key)!.error!, '');
    const unknown = todo.filter((t) => !results.get(t.key)?.crmId && !(results.get(t.key)?.error instanceof RecordError));
    if (unknown.length === 0) break;

    let found: Map<string, { crmId: string; createdAt: number }>;
    try {
      found = oldestByKey(await connector.findTasks(unknown));
    } catch (error) {
      // The lookup failed too (after the connector's own retries): the CRM is unreachable for now.
      if (!(error instanceof RetryableError)) throw error;
      defer(unknown, error);
      break;
    }
    await made(unknown.flatMap((t) => (found.has(t.key) ? [{ task: t, crmId: found.get(t.key)!.crmId }] : [])));
    todo = unknown.filter((t) => !found.has(t.key));
    if (round === CREATE_ROUNDS) {
      defer(todo, null);
      break;
    }
  }
  return report;
}
