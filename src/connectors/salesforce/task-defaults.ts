// The Status and Priority a new crm-pulse task gets, read from the org's describe of Task: each
// org has its own picklists (e.g. "Not Started" / "Open", "Normal" / "Medium"), and the default
// value is the org's own open status and normal priority. Completion is read from Task.IsClosed,
// so no status name is assumed anywhere.
import { ConnectionError } from '../../model/index.ts';
import type { Describe } from './schemas/describe.ts';

export interface TaskDefaults {
  status: string;
  priority: string;
}

function defaultOf(task: Describe, name: 'Status' | 'Priority'): string | null {
  const values = (task.fields.find((f) => f.name === name)?.picklistValues ?? []).filter((v) => v.active !== false);
  return (values.find((v) => v.defaultValue) ?? values[0])?.value ?? null;
}

export function taskDefaults(task: Describe): TaskDefaults {
  const status = defaultOf(task, 'Status');
  const priority = defaultOf(task, 'Priority');
  if (!status || !priority) {
    throw new ConnectionError(
      'SALESFORCE_TASK_PICKLISTS',
      `the org's Task ${status ? 'Priority' : 'Status'} picklist has no active value crm-pulse can use; give it a default value in Setup > Object Manager > Task > Fields`,
    );
  }
  return { status, priority };
}
