// `crm-pulse demo` leaves nothing in Redis: after a demo that succeeds (the metrics hash included,
// which its last flush used to recreate after the data was removed) and after one that fails
// midway, once the cycle has written to the CRM and counted its calls. Real Redis, the real
// sandbox; each test's demo keys sit under a prefix of its own. A demo kept running prints the
// console's URL and a one-time sign-in link that opens a session once.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runDemo } from '../../src/cli/demo.ts';

const cycle = vi.hoisted(() => ({ failAfter: false }));
// The demo kept running is stopped by the test, not by a signal to the test process.
const stop = vi.hoisted(() => ({ now: (): void => {} }));
vi.mock('../../src/cli/signals.ts', () => ({ untilStopSignal: () => new Promise((resolve) => (stop.now = () => resolve('SIGINT'))) }));

// The real cycle, then (when asked) a failure: the demo has stored its connection, created its
// fields, run the queue and counted API calls when it breaks.
vi.mock('../../src/cli/run.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/cli/run.ts')>();
  return {
    ...real,
    runCycle: async (...args: Parameters<typeof real.runCycle>) => {
      const result = await real.runCycle(...args);
      if (cycle.failAfter) throw new Error('demo broke after its cycle');
      return result;
    },
  };
});

let redis: Redis;
let prefix = '';
const savedPrefix = process.env.CRM_PULSE_REDIS_PREFIX;

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = `test-demo-${randomUUID().slice(0, 8)}`;
  process.env.CRM_PULSE_REDIS_PREFIX = prefix;
  cycle.failAfter = false;
});
afterEach(() => {
  if (savedPrefix === undefined) delete process.env.CRM_PULSE_REDIS_PREFIX;
  else process.env.CRM_PULSE_REDIS_PREFIX = savedPrefix;
});

async function keysLeft(): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

function io() {
  const text = { out: '', err: '' };
  return { text, io: { out: { write: (t: string) => (text.out += t) }, err: { write: (t: string) => (text.err += t) } } };
}

describe('crm-pulse demo --exit', () => {
  it.each(['hubspot', 'salesforce'] as const)('removes every key it made, metrics included (%s)', async (crm) => {
    const { text, io: streams } = io();
    expect(await runDemo({ crm, accounts: 30, seed: 1, exit: true }, streams)).toBe(0);
    expect(text.out).toContain(`Redis prefix ${prefix}-demo-`);
    expect(text.out).toContain('Accounts by tier and health band');
    if (crm === 'hubspot') expect(text.out).toMatch(/Backtest over 10 dates .*(at_risk caught|nothing to predict)/);
    expect(await keysLeft()).toEqual([]);
  });

  it('removes every key it made when it fails midway', async () => {
    cycle.failAfter = true;
    const { text, io: streams } = io();
    await expect(runDemo({ crm: 'hubspot', accounts: 30, seed: 1, exit: true }, streams)).rejects.toThrow('demo broke after its cycle');
    expect(text.out).toContain('Connected like an install');
    expect(await keysLeft()).toEqual([]);
  });
});

describe('crm-pulse demo kept running', () => {
  it('prints the console URL and a sign-in link that works once, without the admin token in it', async () => {
    const { text, io: streams } = io();
    const running = runDemo({ crm: 'hubspot', accounts: 30, seed: 1, exit: false }, streams);
    await vi.waitFor(() => expect(text.out).toContain('sign in '), { timeout: 30_000 });
    const link = /sign in +(http\S+)/.exec(text.out)![1]!;
    const token = /Bearer ([0-9a-f]+)/.exec(text.out)![1]!;
    expect(text.out).toMatch(/console +http:\/\/127\.0\.0\.1:\d+\/admin\n/);
    expect(link).not.toContain(token);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const home = await fetch(new URL('/admin', link), { headers: { cookie } });
    expect(await home.text()).toContain('<h1>Connections</h1>');
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(400);
    stop.now();
    expect(await running).toBe(0);
    expect(await keysLeft()).toEqual([]);
  });
});
