// Creates the tasks the playbook asks for, never twice: each key is reserved in our store before
// the CRM call and confirmed with the CRM id after it (store/tasks.ts). A key someone already
// holds is skipped as a duplicate; a task the CRM refused is released so a later run retries it;
// one whose outcome is unknown stays reserved until reconcile-tasks.ts settles it.
import type { TaskToCreate } from '../connectors/index.ts';
import { RecordError } from '../model/index.ts';
import type { WriteContext, WriteProblem } from './write-fields.ts';

export interface CreateTasksInput extends WriteContext {
  tasks: readonly TaskToCreate[];
}

export interface TasksReport {
  created: number;
  /** Created tasks that are handoff checklists. */
  handoffs: number;
  /** Already reserved or made by another run: not created again. */
  skipped: number;
  problems: WriteProblem[];
}

export async function createTasks(input: CreateTasksInput): Promise<TasksReport> {
  const { connectionId, connector, store, metrics } = input;
  const report: TasksReport = { created: 0, handoffs: 0, skipped: 0, problems: [] };
  if (input.tasks.length === 0) return report;
  const owned = await store.tasks.reserve(
    connectionId,
    input.tasks.map((t) => ({ key: t.key, accountId: t.accountId, kind: t.kind, dealId: t.dealId, at: input.at, subject: t.subject, dueAt: t.dueAt })),
  );
  const mine = input.tasks.filter((t) => owned.has(t.key));
  report.skipped = input.tasks.length - mine.length;
  if (mine.length === 0) return report;
  const results = new Map((await connector.createTasks(mine)).map((r) => [r.key, r]));
  const created = mine.filter((t) => results.get(t.key)?.crmId);
  await store.tasks.confirm(
    connectionId,
    created.map((t) => ({ key: t.key, accountId: t.accountId, kind: t.kind, dealId: t.dealId, crmId: results.get(t.key)!.crmId!, createdAt: input.at, subject: t.subject, dueAt: t.dueAt })),
  );
  await store.audit.append(
    connectionId,
    created.map((t) => ({ kind: 'task', at: input.at, runId: input.runId, reason: input.reason, accountId: t.accountId, taskKey: t.key, taskKind: t.kind, crmId: results.get(t.key)!.crmId, subject: t.subject })),
  );
  report.created = created.length;
  report.handoffs = created.filter((t) => t.kind === 'handoff').length;
  metrics.inc('writes', { crm: connector.kind, kind: 'task', outcome: 'ok' }, created.length);

  const refused = mine.filter((t) => results.get(t.key)?.error instanceof RecordError);
  await store.tasks.release(connectionId, refused);
  for (const t of mine) {
    const error = results.get(t.key)?.error;
    if (!error) continue;
    metrics.inc('writes', { crm: connector.kind, kind: 'task', outcome: 'failed' });
    const later = error instanceof RecordError ? '' : ' (kept reserved; settled against the CRM on a later run)';
    report.problems.push({ accountId: t.accountId, code: error.code, message: `${error.message}${later}` });
  }
  return report;
}
