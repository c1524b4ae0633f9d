// End-to-end harness: the real Redis (each test under its own key prefix, removed afterwards), a
// sandbox CRM over loopback with the CRM's rate limits (their windows shrunk twenty times, so a
// limit is met in milliseconds), and runtimes opened as crm-pulse opens them, connected to the
// sandbox like an install (sealed token, example mapping, crm-pulse's fields). Everything a test
// starts is stopped after it.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { connectSandbox } from '../../src/cli/demo-connect.ts';
import { openRuntime, type Runtime, type RuntimeOptions } from '../../src/cli/runtime.ts';
import { parseEnv } from '../../src/config/env.ts';
import { startSandbox, type Sandbox, type SandboxCrm, type SandboxOptions } from '../../src/sandbox/sandbox.ts';
import { Keys } from '../../src/store/keys.ts';
import { deleteMatching } from '../../src/store/redis.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
export const CLIENT_SECRET = 'e2e-hubspot-client-secret';
export const PUBLIC_URL = 'http://127.0.0.1:9';
/** The portfolio's "now": runs score as of it, so results are the same whatever the day. */
export const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');

export interface E2e {
  readonly prefix: string;
  readonly redis: Redis;
  sandbox(crm: SandboxCrm, options: Partial<SandboxOptions> & { accounts: number }): Promise<Sandbox>;
  /** The environment of a crm-pulse process working on the sandbox (a worker's, a run's). */
  env(sandbox: Sandbox, overrides?: Record<string, string>): Record<string, string>;
  /** `env` overrides the environment (e.g. a prefix under the test's, for a second store in one test). */
  runtime(sandbox: Sandbox, options?: RuntimeOptions, env?: Record<string, string>): Promise<Runtime>;
  /** A runtime with the sandbox connected as an install connects it; the connection id. */
  connected(sandbox: Sandbox, crm: SandboxCrm, options?: RuntimeOptions, env?: Record<string, string>): Promise<{ rt: Runtime; connectionId: string }>;
  /** Stopped after the test (a child process, a server). */
  later(stop: () => unknown): void;
  /**
   * Moves the clock of the test's runtimes on: crm-pulse reads Salesforce up to two minutes
   * before now, so a change made in a test is read once that much time has passed.
   */
  advance(ms: number): void;
}

export function useE2e(): E2e {
  let redis: Redis | undefined;
  let prefix = '';
  let stops: (() => unknown)[] = [];
  let shift = 0;
  const clock = () => Date.now() + shift;
  const e: E2e = {
    get prefix() {
      return prefix;
    },
    get redis() {
      if (!redis) throw new Error('Redis opens in beforeAll');
      return redis;
    },
    async sandbox(crm, options) {
      const sandbox = await startSandbox({ crms: [crm], asOf: AS_OF, logRequests: true, hubspotLimits: { timeScale: 0.05 }, ...options });
      stops.push(() => sandbox.close());
      return sandbox;
    },
    env(sandbox, overrides = {}) {
      return {
        REDIS_URL,
        CRM_PULSE_REDIS_PREFIX: prefix,
        CRM_PULSE_ENCRYPTION_KEY: ENCRYPTION_KEY,
        CRM_PULSE_AS_OF: new Date(AS_OF).toISOString(),
        CRM_PULSE_LOCK_MS: '2000',
        CRM_PULSE_PUBLIC_URL: PUBLIC_URL,
        HUBSPOT_CLIENT_ID: 'e2e-client',
        HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
        // The sandbox enforces the real limit per window; the client's own pace is not under test here.
        HUBSPOT_REQUESTS_PER_10S: '1000',
        ...(sandbox.hubspot ? { HUBSPOT_BASE_URL: sandbox.hubspot.url } : {}),
        LOG_LEVEL: 'silent',
        ...overrides,
      };
    },
    async runtime(sandbox, options = {}, env = {}) {
      const rt = await openRuntime(parseEnv(e.env(sandbox, env)), { logLevel: 'silent', now: clock, ...options });
      stops.push(() => rt.close());
      return rt;
    },
    async connected(sandbox, crm, options, env) {
      const rt = await e.runtime(sandbox, options, env);
      const { connectionId } = await connectSandbox(rt, sandbox, crm);
      return { rt, connectionId };
    },
    later(stop) {
      stops.push(stop);
    },
    advance(ms) {
      shift += ms;
    },
  };
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  beforeEach(() => {
    prefix = `crm-pulse-e2e-${randomUUID()}`;
    shift = 0;
  });
  afterEach(async () => {
    // Last started, first stopped: runtimes before the sandbox they talk to.
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => {});
    stops = [];
    await deleteMatching(e.redis, new Keys(prefix).everything());
  });
  afterAll(async () => {
    await redis?.quit();
  });
  return e;
}

/** A run's I/O with nothing printed. */
export const quiet = { stdout: { write: () => true }, stderr: { write: () => true, isTTY: false } };
