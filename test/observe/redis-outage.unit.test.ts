// The outage log of one process, with stand-ins for its Redis clients and BullMQ objects: however
// many errors they report, an outage is one warn line when it starts and one info line once every
// client is ready again; a connection blip of BullMQ's own while our clients answer starts none
// (no client 'ready' would end it); BullMQ's other errors are logged as themselves.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observe/logger.ts';
import { isPassingRedisError, RedisOutage } from '../../src/observe/redis-outage.ts';

class FakeClient extends EventEmitter {
  status = 'ready';
  drop(): void {
    this.status = 'reconnecting';
    this.emit('error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
  }
  back(): void {
    this.status = 'ready';
    this.emit('ready');
  }
}

function setup() {
  const lines: { level: number; msg: string; err?: string; downMs?: number }[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  let now = 1000;
  const outage = new RedisOutage(logger, () => now);
  const store = new FakeClient();
  const bull = new FakeClient();
  const worker = new EventEmitter();
  outage.client(store);
  outage.client(bull);
  outage.bull(worker, 'queue worker');
  return { lines, outage, store, bull, worker, tick: (ms: number) => (now += ms) };
}

describe('RedisOutage', () => {
  it('logs one line when an outage starts and one when every client is ready again', () => {
    const { lines, store, bull, worker, tick } = setup();
    for (let i = 0; i < 12; i++) {
      store.drop();
      bull.drop();
      worker.emit('error', new Error('Connection is closed.'));
    }
    tick(5000);
    store.back();
    expect(lines.map((l) => l.msg)).toEqual(['redis unavailable']);
    bull.back();
    store.back();
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'redis unavailable', err: 'connect ECONNREFUSED 127.0.0.1:6379' }),
      expect.objectContaining({ level: 30, msg: 'redis available again', downMs: 5000 }),
    ]);
    // A second outage is told again.
    bull.drop();
    bull.back();
    expect(lines.map((l) => l.msg)).toEqual(['redis unavailable', 'redis available again', 'redis unavailable', 'redis available again']);
  });

  it("a BullMQ connection blip while our clients answer starts no outage; BullMQ's other errors are its own", () => {
    const { lines, worker } = setup();
    worker.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    worker.emit('error', new Error('Missing lock for job 7'));
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'queue worker: Redis connection lost; reconnecting', err: 'read ECONNRESET' }),
      expect.objectContaining({ level: 50, msg: 'queue worker error', err: 'Missing lock for job 7' }),
    ]);
  });
});

describe('isPassingRedisError', () => {
  it("tells Redis's replies that say to wait, and lost connections, from errors that stay", () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    for (const e of [new Error('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'), new Error('LOADING Redis is loading the dataset in memory'), reset]) expect(isPassingRedisError(e)).toBe(true);
    for (const e of [new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), new Error('NOSCRIPT No matching script'), 'BUSY']) expect(isPassingRedisError(e)).toBe(false);
  });
});
