// The audit log: one entry for every write crm-pulse makes in a CRM (which account, which fields
// from what to what, or which task) and why (the run and the reason). One capped Redis stream per
// connection: appends are cheap, the newest entries come first, the oldest fall off the end.
import { z } from 'zod';
import { TASK_KINDS, WRITE_FIELDS } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { exec, parseStored, type RedisClient } from './redis.ts';

const writeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const common = {
  /** When the write was made (epoch ms). */
  at: z.number(),
  runId: z.string().min(1),
  /** Why, for an admin: e.g. "nightly full sync", "webhook: company changed", "renewal due". */
  reason: z.string(),
  accountId: z.string().min(1),
};

export const AuditEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fields'), ...common, changes: z.partialRecord(z.enum(WRITE_FIELDS), z.object({ from: writeValue, to: writeValue })) }),
  z.object({ kind: z.literal('task'), ...common, taskKey: z.string().min(1), taskKind: z.enum(TASK_KINDS), crmId: z.string().nullable(), subject: z.string() }),
]);
export type AuditEntry = z.output<typeof AuditEntrySchema>;

/** An entry as read back, with its stream id (pass it as `before` for the next page). */
export type AuditRecord = AuditEntry & { id: string };

export interface AuditQuery {
  /** Default 50, at most 1000. */
  limit?: number;
  /** Only entries older than this id (paging). */
  before?: string;
}

export interface AuditLog {
  append(connectionId: string, entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first; an unreadable entry is left out. */
  list(connectionId: string, query?: AuditQuery): Promise<AuditRecord[]>;
}

export interface AuditLogOptions {
  /** Entries kept per connection. Default 100,000 (a few hundred bytes each). */
  keep?: number;
}

export class RedisAuditLog implements AuditLog {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #keep: number;

  constructor(redis: RedisClient, keys: Keys, options: AuditLogOptions = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#keep = options.keep ?? 100_000;
  }

  async append(connectionId: string, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const key = this.#keys.audit(connectionId);
    const pipeline = this.#redis.pipeline();
    // An exact MAXLEN, not `~`: the cap an admin configures is the cap they get.
    for (const entry of entries) pipeline.xadd(key, 'MAXLEN', this.#keep, '*', 'e', JSON.stringify(AuditEntrySchema.parse(entry)));
    await exec(pipeline);
  }

  async list(connectionId: string, query: AuditQuery = {}): Promise<AuditRecord[]> {
    const limit = Math.min(Math.max(1, query.limit ?? 50), 1000);
    if (query.before !== undefined && !/^\d+-\d+$/.test(query.before)) throw new RangeError(`"before" must be an audit entry id like 1767225600000-0`);
    const end = query.before ? `(${query.before}` : '+';
    const rows = await this.#redis.xrevrange(this.#keys.audit(connectionId), end, '-', 'COUNT', limit);
    return rows.flatMap(([id, fields]) => {
      const at = fields.indexOf('e');
      const raw = at === -1 ? undefined : fields[at + 1];
      const parsed = raw === undefined ? null : parseStored(AuditEntrySchema, raw);
      return parsed?.ok ? [{ ...parsed.value, id }] : [];
    });
  }
}
