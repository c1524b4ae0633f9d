// Sends our changed values to the CRM, a full call at a time (100 accounts for HubSpot, 200 for
// Salesforce: Connector.writeBatchSize), and records each accepted write
// (last written values, audit entry) right after its call: a process killed between calls sends
// at most the one unrecorded call's writes again. A record the CRM refuses is reported and skipped.
import type { Connector } from '../connectors/index.ts';
import type { Metrics } from '../observe/index.ts';
import type { AuditEntry, Store } from '../store/index.ts';
import type { WriteBackValues, WriteField } from '../model/index.ts';

/** One account's write: the values it holds now and those that change. */
export interface FieldWrite {
  accountId: string;
  last: Partial<WriteBackValues> | null;
  changes: Partial<WriteBackValues>;
}

/** Where and why a write-back happens: the connection, its CRM, the store, and what the audit log says. */
export interface WriteContext {
  connectionId: string;
  connector: Connector;
  store: Store;
  metrics: Metrics;
  runId: string;
  /** Why, for the audit log, e.g. "nightly full sync". */
  reason: string;
  at: number;
}

export interface WriteFieldsInput extends WriteContext {
  writes: readonly FieldWrite[];
}

/** A write the CRM refused, by record: reported, and the rest of its call is written. */
export interface WriteProblem {
  accountId: string;
  code: string;
  message: string;
}

export interface WriteReport {
  /** Accounts whose values reached the CRM and were recorded. */
  written: number;
  problems: WriteProblem[];
}

/** A CRM's batch cap when its connector names none: one call's worth of writes is what a crash can send twice. */
export const WRITE_BATCH = 100;

export async function writeFields(input: WriteFieldsInput): Promise<WriteReport> {
  const { connectionId, connector, store, metrics } = input;
  const report: WriteReport = { written: 0, problems: [] };
  const size = connector.writeBatchSize ?? WRITE_BATCH;
  for (let i = 0; i < input.writes.length; i += size) {
    const chunk = input.writes.slice(i, i + size);
    // A CRM whose next read can leave our own writes out (HubSpot): each account is recorded
    // before the call, so the run's check reads it again even if the answer never comes.
    const fenced = connector.fenceOwnWrites !== undefined;
    if (fenced) await store.ownWrites.intend(connectionId, input.runId, chunk.map((w) => w.accountId));
    const results = await connector.writeAccounts(
      chunk.map((w) => ({ accountId: w.accountId, values: w.changes })),
      fenced ? input.runId : undefined,
    );
    if (fenced) await store.ownWrites.written(connectionId, input.runId, results.flatMap((r) => (r.writtenAt === undefined ? [] : [{ accountId: r.accountId, at: r.writtenAt }])));
    const failed = new Map(results.filter((r) => r.error).map((r) => [r.accountId, r.error!]));
    const done = chunk.filter((w) => !failed.has(w.accountId));
    await store.written.setMany(
      connectionId,
      done.map((w) => ({ accountId: w.accountId, values: { ...w.last, ...w.changes } })),
    );
    await store.audit.append(connectionId, done.map((w) => auditEntry(input, w)));
    report.written += done.length;
    metrics.inc('writes', { crm: connector.kind, kind: 'fields', outcome: 'ok' }, done.length);
    for (const [accountId, error] of failed) {
      metrics.inc('writes', { crm: connector.kind, kind: 'fields', outcome: 'failed' });
      report.problems.push({ accountId, code: error.code, message: error.message });
    }
  }
  return report;
}

function auditEntry(input: WriteFieldsInput, w: FieldWrite): AuditEntry {
  const changes: Partial<Record<WriteField, { from: WriteBackValues[WriteField]; to: WriteBackValues[WriteField] }>> = {};
  for (const [field, to] of Object.entries(w.changes) as [WriteField, WriteBackValues[WriteField]][]) {
    changes[field] = { from: w.last?.[field] ?? null, to };
  }
  return { kind: 'fields', at: input.at, runId: input.runId, reason: input.reason, accountId: w.accountId, changes };
}
