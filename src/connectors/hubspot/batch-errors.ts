// Reads the per-record errors of a 207 multi-status answer. Each input carries our own
// `objectWriteTraceId` (company id, task key, property name), which HubSpot echoes in the error's
// context; some errors name HubSpot ids (`ids`) or property names instead.
import type { BatchError } from './schemas/objects.ts';

export interface BatchErrors {
  /** trace id / record id / name -> why it failed. */
  byId: Map<string, string>;
  /** Reasons HubSpot did not tie to an input. */
  other: string[];
}

export function errorsByInput(errors: readonly BatchError[] | null | undefined): BatchErrors {
  const byId = new Map<string, string>();
  const other: string[] = [];
  for (const e of errors ?? []) {
    const reason = [e.category, e.message].filter(Boolean).join(': ') || 'rejected without a reason';
    const ids = [...(e.context?.objectWriteTraceId ?? []), ...(e.context?.ids ?? []), ...(e.context?.name ?? [])];
    if (ids.length === 0) other.push(reason);
    for (const id of ids) byId.set(id, reason);
  }
  return { byId, other };
}
