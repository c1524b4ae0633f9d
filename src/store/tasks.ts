// Task dedupe and task state. A task's dedupe key (TaskIntent.key) is reserved BEFORE the CRM
// call that creates it and confirmed with the CRM id after, so two workers, or one replaying a page
// after a crash, never both create it:
//   1. reserve(): HSETNX on the key; only the caller that gets it creates the task.
//   2. create in the CRM, then confirm() with the CRM id. release() only when the CRM refused the
//      task (a RecordError outcome), so a later run retries; an unknown outcome (a retryable
//      error: 5xx, lost answer, HUBSPOT_TASK_UNCONFIRMED) stays pending for step 3.
//   3. After a crash between 1 and 2 the key stays pending. Reconcile before creating anything:
//      pending(olderThan) -> connector.findTasks(keys) -> confirm() those found, release() the
//      rest (the engine plans them again). `olderThan` must exceed a job's lock time, so a live
//      worker's reservation is never taken for a crashed one.
// The records double as the engine's TaskState (rescue dedupe, handoff status).
import { z } from 'zod';
import { TASK_KINDS, type TaskKind, type TaskState } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { exec, parseStored, Script, type RedisClient } from './redis.ts';

const TaskRecordSchema = z.object({
  key: z.string().min(1),
  accountId: z.string().min(1),
  kind: z.enum(TASK_KINDS),
  status: z.enum(['open', 'completed']),
  /**
   * The as-of of the run that planned it: the creation time every rule reads (rescue dedupe), so
   * replaying past dates sees the tasks made on them. Operational times stay on the wall clock.
   */
  createdAt: z.number(),
  dealId: z.string().nullable(),
  /** Null while pending (reserved, not confirmed). */
  crmId: z.string().nullable(),
  /** Wall clock at the reservation: how old a pending key is, for reconciliation. */
  reservedAt: z.number(),
  /** What the task says and when it is due, for the record card's list of open tasks. */
  subject: z.string().optional(),
  dueAt: z.number().optional(),
});

/** A TaskState plus where the task lives; pending tasks count as open so none is planned twice. */
export type TaskRecord = z.output<typeof TaskRecordSchema> & TaskState;

export interface TaskReservation {
  key: string;
  accountId: string;
  kind: TaskKind;
  dealId: string | null;
  /** When the reservation is made (wall clock). */
  at: number;
  /** The as-of the task was planned for (TaskIntent.plannedAt). */
  createdAt: number;
  subject?: string;
  dueAt?: number;
}

export interface TaskConfirmation {
  key: string;
  accountId: string;
  kind: TaskKind;
  dealId: string | null;
  crmId: string;
  createdAt: number;
  /** Default open; a task found in the CRM during reconciliation may already be completed. */
  status?: 'open' | 'completed';
  subject?: string;
  dueAt?: number;
}

export interface TaskStore {
  /** Reserves dedupe keys; returns those this caller now owns (create them, skip the rest as duplicates). */
  reserve(connectionId: string, tasks: readonly TaskReservation[]): Promise<Set<string>>;
  /** Records tasks created in (or found in) the CRM. An upsert, so a lost reservation cannot lose the task. */
  confirm(connectionId: string, tasks: readonly TaskConfirmation[]): Promise<void>;
  /** Frees pending keys whose task was not created; confirmed keys are kept. */
  release(connectionId: string, tasks: readonly Pick<TaskReservation, 'key' | 'accountId'>[]): Promise<void>;
  /** Pending keys reserved at or before `reservedBefore`, oldest first, for reconciliation. */
  pending(connectionId: string, reservedBefore: number): Promise<TaskRecord[]>;
  /**
   * Each account's tasks, confirmed and pending, oldest first, as the engine takes them. An
   * unreadable record is left out; its key still blocks a duplicate in reserve().
   */
  forAccounts(connectionId: string, accountIds: readonly string[]): Promise<Map<string, TaskRecord[]>>;
  /** Every task record of the connection, about a thousand a page (unreadable ones are left out). */
  scan(connectionId: string): AsyncIterable<TaskRecord[]>;
  /** Status read back from the CRM; unknown keys are ignored. */
  setStatus(connectionId: string, updates: readonly { key: string; status: 'open' | 'completed' }[]): Promise<void>;
}

// KEYS: tasks hash, pending zset, account set. ARGV: key, record JSON, reservedAt.
const RESERVE = new Script(
  'task_reserve',
  `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
`,
);

// KEYS: tasks hash, pending zset, account set. ARGV: key, record JSON. Keeps the first reservedAt.
const CONFIRM = new Script(
  'task_confirm',
  `
local record = cjson.decode(ARGV[2])
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local ok, prev = pcall(cjson.decode, old)
  if ok and type(prev) == 'table' and type(prev.reservedAt) == 'number' then record.reservedAt = prev.reservedAt end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
`,
);

// KEYS: tasks hash, pending zset, account set. ARGV: key. A confirmed task is never released: its
// key is what stops a duplicate.
const RELEASE = new Script(
  'task_release',
  `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local ok, rec = pcall(cjson.decode, raw)
  if ok and type(rec) == 'table' and type(rec.crmId) == 'string' then return 0 end
  redis.call('HDEL', KEYS[1], ARGV[1])
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
`,
);

// KEYS: tasks hash. ARGV: key, status.
const SET_STATUS = new Script(
  'task_status',
  `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local ok, rec = pcall(cjson.decode, raw)
if not ok or type(rec) ~= 'table' then return 0 end
rec.status = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
return 1
`,
);

export class RedisTaskStore implements TaskStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
    for (const script of [RESERVE, CONFIRM, RELEASE, SET_STATUS]) script.register(redis);
  }

  async reserve(connectionId: string, tasks: readonly TaskReservation[]): Promise<Set<string>> {
    if (tasks.length === 0) return new Set();
    const pipeline = this.#redis.pipeline();
    for (const t of tasks) {
      const record: z.input<typeof TaskRecordSchema> = { key: t.key, accountId: t.accountId, kind: t.kind, status: 'open', createdAt: t.createdAt, dealId: t.dealId, crmId: null, reservedAt: t.at, subject: t.subject, dueAt: t.dueAt };
      RESERVE.queue(pipeline, this.#scriptKeys(connectionId, t.accountId), [t.key, JSON.stringify(TaskRecordSchema.parse(record)), t.at]);
    }
    const results = await exec(pipeline);
    // The same key twice in one call: the first wins, as it would across calls.
    return new Set(tasks.filter((_, i) => results[i] === 1).map((t) => t.key));
  }

  async confirm(connectionId: string, tasks: readonly TaskConfirmation[]): Promise<void> {
    if (tasks.length === 0) return;
    const pipeline = this.#redis.pipeline();
    for (const t of tasks) {
      const record = TaskRecordSchema.parse({
        key: t.key,
        accountId: t.accountId,
        kind: t.kind,
        status: t.status ?? 'open',
        createdAt: t.createdAt,
        dealId: t.dealId,
        crmId: t.crmId,
        reservedAt: t.createdAt,
        subject: t.subject,
        dueAt: t.dueAt,
      });
      CONFIRM.queue(pipeline, this.#scriptKeys(connectionId, t.accountId), [t.key, JSON.stringify(record)]);
    }
    await exec(pipeline);
  }

  async release(connectionId: string, tasks: readonly Pick<TaskReservation, 'key' | 'accountId'>[]): Promise<void> {
    if (tasks.length === 0) return;
    const pipeline = this.#redis.pipeline();
    for (const t of tasks) RELEASE.queue(pipeline, this.#scriptKeys(connectionId, t.accountId), [t.key]);
    await exec(pipeline);
  }

  async pending(connectionId: string, reservedBefore: number): Promise<TaskRecord[]> {
    const keys = await this.#redis.zrangebyscore(this.#keys.pendingTasks(connectionId), '-inf', Number.isFinite(reservedBefore) ? String(reservedBefore) : '+inf');
    return this.#records(connectionId, keys);
  }

  async forAccounts(connectionId: string, accountIds: readonly string[]): Promise<Map<string, TaskRecord[]>> {
    const out = new Map<string, TaskRecord[]>();
    if (accountIds.length === 0) return out;
    const pipeline = this.#redis.pipeline();
    for (const id of accountIds) pipeline.smembers(this.#keys.accountTasks(connectionId, id));
    const members = (await exec(pipeline)) as string[][];
    const byKey = new Map((await this.#records(connectionId, [...new Set(members.flat())])).map((r) => [r.key, r]));
    accountIds.forEach((id, i) => {
      const records = (members[i] ?? []).flatMap((key) => byKey.get(key) ?? []);
      out.set(id, records.sort((a, b) => a.createdAt - b.createdAt));
    });
    return out;
  }

  async setStatus(connectionId: string, updates: readonly { key: string; status: 'open' | 'completed' }[]): Promise<void> {
    if (updates.length === 0) return;
    const pipeline = this.#redis.pipeline();
    for (const u of updates) SET_STATUS.queue(pipeline, [this.#keys.tasks(connectionId)], [u.key, u.status]);
    await exec(pipeline);
  }

  async *scan(connectionId: string): AsyncIterable<TaskRecord[]> {
    const key = this.#keys.tasks(connectionId);
    let cursor = '0';
    do {
      const [next, flat] = await this.#redis.hscan(key, cursor, 'COUNT', 1000);
      cursor = next;
      const page: TaskRecord[] = [];
      for (let i = 1; i < flat.length; i += 2) {
        const parsed = parseStored(TaskRecordSchema, flat[i]!);
        if (parsed.ok) page.push(parsed.value);
      }
      if (page.length > 0) yield page;
    } while (cursor !== '0');
  }

  async #records(connectionId: string, keys: readonly string[]): Promise<TaskRecord[]> {
    if (keys.length === 0) return [];
    const raws = await this.#redis.hmget(this.#keys.tasks(connectionId), ...keys);
    const out: TaskRecord[] = [];
    for (const raw of raws) {
      const parsed = raw == null ? null : parseStored(TaskRecordSchema, raw);
      if (parsed?.ok) out.push(parsed.value);
    }
    return out;
  }

  #scriptKeys(connectionId: string, accountId: string): string[] {
    return [this.#keys.tasks(connectionId), this.#keys.pendingTasks(connectionId), this.#keys.accountTasks(connectionId, accountId)];
  }
}
