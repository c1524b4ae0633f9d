// A Redis outage, told once per process: every ioredis client and BullMQ object reports its errors
// here, and an outage gives one warn line when it starts and one info line when it ends, where each
// client's every reconnect attempt used to give one. Each of those objects needs an 'error'
// listener anyway: without one, BullMQ prints the raw stack trace (console.error) and ioredis its
// "Unhandled error event", beside the JSON log lines.
import type { Logger } from './logger.ts';

/** The 'error' event of a BullMQ Queue, QueueEvents or Worker. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** What the outage needs of an ioredis client. */
export interface WatchedClient {
  readonly status: string;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

// A lost connection: socket errors, and ioredis's own for commands it gave up on.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_CODES.has(code)) || error.name === 'MaxRetriesPerRequestError' || /Connection is closed|Stream isn't writeable/.test(error.message);
}

/** Redis cannot answer now but will: a lost connection, or a reply that says to wait (a script running past its time limit, a load from disk). */
export function isPassingRedisError(error: unknown): boolean {
  return error instanceof Error && (isConnectionError(error) || /^(BUSY|LOADING|TRYAGAIN|MASTERDOWN)\b/.test(error.message));
}

export class RedisOutage {
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #clients: WatchedClient[] = [];
  /** When the outage began; null while Redis answers. */
  #since: number | null = null;

  constructor(logger: Logger, now: () => number = Date.now) {
    this.#logger = logger;
    this.#now = now;
  }

  /** An ioredis client: its errors start an outage, which ends once every client is ready again. */
  client(redis: WatchedClient): void {
    this.#clients.push(redis);
    redis.on('error', (error) => this.#down(error));
    redis.on('ready', () => this.#ready());
  }

  /**
   * A BullMQ object. Its connection errors count only while one of our clients is down too: only
   * a client's 'ready' can end an outage, so a blip of BullMQ's own blocking connection must not
   * start one. Other errors are its own, logged as such.
   */
  bull(emitter: ErrorEmitter, what: string): void {
    emitter.on('error', (error) => {
      if (!isConnectionError(error)) this.#logger.error({ err: error.message }, `${what} error`);
      else if (this.#since === null && this.#clients.every((c) => c.status === 'ready')) this.#logger.warn({ err: error.message }, `${what}: Redis connection lost; reconnecting`);
      else this.#down(error);
    });
  }

  #down(error: Error): void {
    if (this.#since !== null) return;
    this.#since = this.#now();
    this.#logger.warn({ err: error.message }, 'redis unavailable');
  }

  #ready(): void {
    if (this.#since === null || this.#clients.some((c) => c.status !== 'ready')) return;
    this.#logger.info({ downMs: this.#now() - this.#since }, 'redis available again');
    this.#since = null;
  }
}
