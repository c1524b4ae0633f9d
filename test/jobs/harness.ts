// Integration harness for the pipeline on the real Redis: each test gets its own key prefix (the
// store's keys, BullMQ's and the rate-limit windows all live under it) removed afterwards, a fake
// HubSpot portal (bench/hubspot-fake.ts) answered through nock, and runtimes opened from an
// environment as `crm-pulse` would parse it. Every runtime a test opens is closed after it.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createPortal, type Portal } from '../../bench/hubspot-fake.ts';
import { openRuntime, type Runtime, type RuntimeOptions } from '../../src/cli/runtime.ts';
import { parseEnv } from '../../src/config/env.ts';
import { Keys } from '../../src/store/keys.ts';
import { deleteMatching } from '../../src/store/redis.ts';

export const BASE = 'https://api.hubapi.test';
export const AS_OF = '2026-11-23';
export const AS_OF_MS = Date.parse('2026-11-23T23:59:59.999Z');
export const TOKEN = 'pat-na1-test-token-0123456789';
export const MAPPING_FILE = fileURLToPath(new URL('../../examples/mapping.hubspot.json', import.meta.url));

export interface Harness {
  readonly prefix: string;
  readonly redis: Redis;
  /** The environment a test's runtimes start from. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** A fake portal of `companies` companies behind nock on BASE; `auth` collects each call's Authorization header. */
  portal(companies: number): { portal: Portal; auth: string[] };
  /** A runtime like `crm-pulse run`'s, closed after the test. */
  runtime(overrides?: Record<string, string>, options?: RuntimeOptions): Promise<Runtime>;
}

export function useHarness(): Harness {
  let redis: Redis | undefined;
  let prefix = '';
  let runtimes: Runtime[] = [];
  const h: Harness = {
    get prefix() {
      return prefix;
    },
    get redis() {
      if (!redis) throw new Error('Redis opens in beforeAll');
      return redis;
    },
    env(overrides = {}) {
      return {
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        CRM_PULSE_REDIS_PREFIX: prefix,
        CRM_PULSE_CRM: 'hubspot',
        HUBSPOT_ACCESS_TOKEN: TOKEN,
        HUBSPOT_BASE_URL: BASE,
        HUBSPOT_REQUESTS_PER_10S: '1000',
        CRM_PULSE_MAPPING: MAPPING_FILE,
        CRM_PULSE_AS_OF: AS_OF,
        CRM_PULSE_LOCK_MS: '2000',
        ...overrides,
      };
    },
    portal(companies) {
      const portal = createPortal(companies, AS_OF_MS);
      const auth: string[] = [];
      const answer = async (req: Request): Promise<[number, unknown]> => {
        auth.push(req.headers.get('authorization') ?? '');
        const text = await req.text();
        return portal.handle(req.method, new URL(req.url), text ? JSON.parse(text) : null);
      };
      for (const method of ['GET', 'POST', 'PATCH']) nock(BASE).persist().intercept(/.*/, method).reply(answer);
      return { portal, auth };
    },
    async runtime(overrides = {}, options = {}) {
      const rt = await openRuntime(parseEnv(h.env(overrides)), { logLevel: 'silent', ...options });
      runtimes.push(rt);
      return rt;
    },
  };
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  });
  beforeEach(() => {
    prefix = `crm-pulse-test-${randomUUID()}`;
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(async () => {
    for (const rt of runtimes) await rt.close().catch(() => {});
    runtimes = [];
    nock.cleanAll();
    await deleteMatching(h.redis, new Keys(prefix).everything());
  });
  afterAll(async () => {
    await redis?.quit();
  });
  return h;
}

/** The run's JSON-free I/O: stdout collected, stderr (progress) dropped. */
export function quietIO(): { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean; isTTY: false }; out: string[] } {
  const out: string[] = [];
  return { out, stdout: { write: (t) => out.push(t) > 0 }, stderr: { write: () => true, isTTY: false } };
}

/** The requests the portal answered for a route, e.g. count(portal, 'POST', '/crm/objects/2026-09/companies/batch/update'). */
export function requestsTo(portal: Portal, method: string, path: string) {
  return portal.requests.filter((r) => r.method === method && r.path === path);
}
