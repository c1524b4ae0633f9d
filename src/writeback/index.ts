// The public face of src/writeback: what other parts may use. Everything else can change without
// looking outside the folder.
export { createTasks, type TasksReport } from './create-tasks.ts';
export { reconcileTasks } from './reconcile-tasks.ts';
export { keepPlans, settleTasks } from './settle-tasks.ts';
export { taskStatusChanges } from './task-status.ts';
export { changedValues, writeBackValues, type ScoredValues } from './values.ts';
export { WRITE_BATCH, writeFields, type FieldWrite, type WriteReport } from './write-fields.ts';
