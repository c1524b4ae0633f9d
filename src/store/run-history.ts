// What a run reads once for all its batches (connectors' RunHistory): HubSpot's windowed search of
// a history type finds the whole portal's records in the window, 500,000 at 100,000 companies.
// Held in a worker they outgrew its heap, and each worker process searched again; kept here, one
// batch of the run (in any process) reads a part while the others wait, and each batch takes only
// its companies' records. A part's records are one hash, key (a company id, or a record id when the
// batches resolve their companies themselves) -> records joined by newlines (the connector's JSON,
// which holds none). The claim lives while appends keep it alive, so a reader that died leaves the
// part to the next batch that asks; everything expires a day after its last write, and the run's
// end deletes it (a set per run names its parts: no key scan).
import { randomBytes } from 'node:crypto';
import type { RunHistory } from '../connectors/index.ts';
import { RetryableError } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { exec, Script, type RedisClient } from './redis.ts';

/** A claim not renewed for this long is a reader that died. */
export const CLAIM_MS = 60_000;
const KEEP_MS = 24 * 3_600_000;

// KEYS: data, claim, done, the run's parts. ARGV: owner, claim ms, part, keep ms.
const CLAIM = new Script(
  'runHistoryClaim',
  `if redis.call('EXISTS', KEYS[3]) == 1 then return 'done' end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[1])
  redis.call('SADD', KEYS[4], ARGV[3])
  redis.call('PEXPIRE', KEYS[4], ARGV[4])
  return 'read'
end
return 'busy'`,
);

// KEYS: data, claim. ARGV: owner, claim ms, keep ms, then key, records pairs. Refused
// (0) when the claim is no longer the owner's: another reader started the part again.
const APPEND = new Script(
  'runHistoryAppend',
  `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
for i = 4, #ARGV, 2 do
  local known = redis.call('HGET', KEYS[1], ARGV[i])
  if known then redis.call('HSET', KEYS[1], ARGV[i], known .. '\\n' .. ARGV[i + 1])
  else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`,
);

// KEYS: data, claim, done. ARGV: owner, keep ms.
const FINISH = new Script(
  'runHistoryFinish',
  `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
return 1`,
);

// KEYS: claim. ARGV: owner.
const RELEASE = new Script(
  'runHistoryRelease',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/** Key -> records pairs per script call: a few hundred kilobytes, not one call for a whole search page's worth. */
const APPEND_CHUNK = 500;
/**
 * Keys asked per round trip of `get`, APPEND_CHUNK a command: a batch that resolves a part kept by
 * record asks for every record of the type its companies have, of any age (tens of thousands for
 * 1,000 companies), most of them absent; one pipeline of them all would hold the shared Redis and
 * the worker's memory for the whole answer.
 */
const GET_ROUND = 10_000;

class ClaimLostError extends RetryableError {
  constructor(part: string) {
    super('HISTORY_READ_TAKEN_OVER', `The run's shared read of ${part} was taken over by another batch: this one stalled for more than ${CLAIM_MS / 1000} s.`);
  }
}

export interface RunHistoryStore {
  /** The shared history of one run of a connection. */
  forRun(connectionId: string, runId: string): RunHistory;
  /** Deletes what a run kept (its end, or a backtest's). */
  clear(connectionId: string, runId: string): Promise<void>;
}

export class RedisRunHistoryStore implements RunHistoryStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  /** Whose claim it is: this process's (the connector keeps one read of a part per process). */
  readonly #owner = randomBytes(8).toString('hex');

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  forRun(connectionId: string, runId: string): RunHistory {
    const redis = this.#redis;
    const owner = this.#owner;
    const key = (part: string) => this.#keys.runHistory(connectionId, runId, part);
    const parts = this.#keys.runHistoryParts(connectionId, runId);
    return {
      async claim(part) {
        const answer = await CLAIM.run(redis, [key(part), `${key(part)}:claim`, `${key(part)}:done`, parts], [owner, CLAIM_MS, part, KEEP_MS]);
        return answer === 'done' || answer === 'read' ? answer : 'busy';
      },
      async append(part, byKey) {
        const pairs = [...byKey].flatMap(([k, records]) => [k, records.join('\n')]);
        for (let i = 0; i < pairs.length; i += 2 * APPEND_CHUNK) {
          const ok = await APPEND.run(redis, [key(part), `${key(part)}:claim`], [owner, CLAIM_MS, KEEP_MS, ...pairs.slice(i, i + 2 * APPEND_CHUNK)]);
          if (ok !== 1) throw new ClaimLostError(part);
        }
      },
      async finish(part) {
        if ((await FINISH.run(redis, [key(part), `${key(part)}:claim`, `${key(part)}:done`], [owner, KEEP_MS])) !== 1) throw new ClaimLostError(part);
      },
      async release(part) {
        await RELEASE.run(redis, [`${key(part)}:claim`], [owner]);
      },
      async get(part, ids) {
        const out = new Map<string, string[]>();
        for (let start = 0; start < ids.length; start += GET_ROUND) {
          const round = ids.slice(start, start + GET_ROUND);
          const pipeline = redis.pipeline();
          for (let i = 0; i < round.length; i += APPEND_CHUNK) pipeline.hmget(key(part), ...round.slice(i, i + APPEND_CHUNK));
          const raws = (await exec(pipeline)).flat() as (string | null)[];
          round.forEach((id, i) => {
            const raw = raws[i];
            if (raw) out.set(id, raw.split('\n'));
          });
        }
        return out;
      },
    };
  }

  async clear(connectionId: string, runId: string): Promise<void> {
    const index = this.#keys.runHistoryParts(connectionId, runId);
    const parts = await this.#redis.smembers(index);
    const keys = parts.flatMap((part) => {
      const key = this.#keys.runHistory(connectionId, runId, part);
      return [key, `${key}:claim`, `${key}:done`];
    });
    await this.#redis.unlink(index, ...keys);
  }
}
