// Where each connection's reads resume: one checkpoint per stream, JSON the connector alone
// understands (it validates its own and falls back to a full load).
//
// Contract: save, then checkpoint. The pipeline calls set() only after everything a page brought
// (accounts, values, snapshots, tasks) is saved, so a process killed at any point resumes from
// the last saved page and replays at most one page, whose saves are upserts.
import { z } from 'zod';
import type { Checkpoint } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

export const CHECKPOINT_STREAMS = ['accounts', 'activities'] as const;
export type CheckpointStream = (typeof CHECKPOINT_STREAMS)[number];

const CheckpointSchema = z.record(z.string(), z.unknown());

export interface CheckpointStore {
  /**
   * The stream's checkpoint, or null (start over: a full load, or "from now" for activities).
   * A stored value that is not a JSON object also gives null: starting over is always safe.
   */
  get(connectionId: string, stream: CheckpointStream): Promise<Checkpoint | null>;
  /** Only after the page it follows is saved (see the contract above). */
  set(connectionId: string, stream: CheckpointStream, checkpoint: Checkpoint): Promise<void>;
  /** Forgets one stream's checkpoint, or all of them (`--full`): the next read starts over. */
  clear(connectionId: string, stream?: CheckpointStream): Promise<void>;
}

export class RedisCheckpointStore implements CheckpointStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async get(connectionId: string, stream: CheckpointStream): Promise<Checkpoint | null> {
    const raw = await this.#redis.hget(this.#keys.checkpoints(connectionId), stream);
    if (raw === null) return null;
    const parsed = parseStored(CheckpointSchema, raw);
    return parsed.ok ? parsed.value : null;
  }

  async set(connectionId: string, stream: CheckpointStream, checkpoint: Checkpoint): Promise<void> {
    await this.#redis.hset(this.#keys.checkpoints(connectionId), stream, JSON.stringify(CheckpointSchema.parse(checkpoint)));
  }

  async clear(connectionId: string, stream?: CheckpointStream): Promise<void> {
    if (stream) await this.#redis.hdel(this.#keys.checkpoints(connectionId), stream);
    else await this.#redis.del(this.#keys.checkpoints(connectionId));
  }
}
