// Reads the per-record errors of a batch answer: a 207 up to 2026-03, the errors[] of a 200 / 201
// since 2026-09 (a validation rule's refusal is one of them, with the rule's message). Each input
// carries our own `objectWriteTraceId` (company id, task key, property name), which HubSpot
// echoes in the error's context; some errors name HubSpot ids (`ids`) or property names instead.
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
