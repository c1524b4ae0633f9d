// The public face of src/sync: what other parts may use. Everything else can change without
// looking outside the folder.
export type { ConnectionContext } from './context.ts';
export { readChanges } from './read-changes.ts';
export { fenceOwnWrites, type FenceReport } from './fence-own-writes.ts';
