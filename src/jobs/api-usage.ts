// After each job, the API-budget reading its connector saw is stored for the connection, so the
// run summary and the connection status show the org's usage (and why a connection paused) even
// when the job ran in another worker process. A reading that cannot be stored is logged: it never
// changes the job's own outcome.
import type { JobDeps } from './deps.ts';

export async function keepApiUsage(deps: JobDeps, connectionId: string): Promise<void> {
  const usage = deps.contexts.apiUsage(connectionId);
  if (!usage) return;
  await deps.store.apiUsage.record(connectionId, usage).catch((e: unknown) => deps.logger.warn({ connectionId, err: (e as Error).message }, 'could not store the API usage reading'));
}
