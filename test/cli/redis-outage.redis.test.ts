// A Redis outage as `serve` and `worker` live it, through the real bin against a throw-away
// redis-server of the test's own (the shared one stays up): stopped, then started again on the same
// port, it gives each process exactly one `redis unavailable` and one `redis available again` log
// line, nothing but JSON lines on stdout and stderr, and no stack trace; both then stop cleanly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/crm-pulse.js');
// CI may reach a Redis it did not start (no redis-server binary): then there is nothing to kill.
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** A child's stdout and stderr as one text, and a wait for a pattern in it. */
function watch(child: ChildProcess) {
  let text = '';
  const waiters = new Set<() => void>();
  const take = (c: Buffer) => {
    text += c.toString('utf8');
    for (const check of waiters) check();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return {
    get text() {
      return text;
    },
    /** Resolves once `pattern` has matched `count` times; fails after `ms` with what was printed. */
    waitFor(pattern: RegExp, ms: number, count = 1): Promise<void> {
      const seen = () => (text.match(new RegExp(pattern.source, 'g')) ?? []).length >= count;
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!seen()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${ms} ms; output:\n${text}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await watch(redis).waitFor(/Ready to accept connections/, 10_000);
  return redis;
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

/** Stops a process with SIGTERM; one that has not exited after `ms` fails the test with what it printed. */
async function stopWithin(child: ChildProcess, out: { text: string }, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${child.spawnargs.slice(-1)[0]} did not stop within ${ms} ms of SIGTERM; output:\n${out.text}`)), ms);
  });
  try {
    return await Promise.race([stop(child), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a Redis outage', () => {
  it.skipIf(!hasRedisServer)('is one line when it starts and one when it ends, per process, and no stack trace', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REDIS_URL: `redis://127.0.0.1:${port}`, CRM_PULSE_REDIS_PREFIX: `crm-pulse-test-${randomUUID()}`, PORT: '0', LOG_LEVEL: 'info' };
    const processes = ['worker', 'serve'].map((command) => spawn(process.execPath, [bin, command], { cwd: root, env }));
    const [worker, server] = processes.map(watch) as [ReturnType<typeof watch>, ReturnType<typeof watch>];
    try {
      await Promise.all([worker.waitFor(/"msg":"worker ready"/, 15_000), server.waitFor(/"msg":"server ready"/, 15_000)]);

      await stop(redis);
      await Promise.all([worker, server].map((p) => p.waitFor(/"msg":"redis unavailable"/, 10_000)));
      // Down long enough for every client to fail several reconnect attempts (ioredis waits 50 ms
      // more after each): each attempt used to print a line, or a stack trace.
      await sleep(1_500);

      redis = await startRedis(port);
      await Promise.all([worker, server].map((p) => p.waitFor(/"msg":"redis available again"/, 15_000)));
      expect(await Promise.all([stopWithin(processes[0]!, worker, 20_000), stopWithin(processes[1]!, server, 20_000)])).toEqual([0, 0]);

      for (const { text } of [worker, server]) {
        expect(text).not.toMatch(/TCPConnectWrap|Error: connect|Unhandled error event/);
        expect(text.match(/"msg":"redis unavailable"/g)).toHaveLength(1);
        expect(text.match(/"msg":"redis available again"/g)).toHaveLength(1);
        for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
      }
    } finally {
      // After a failure a process may wait on Redis to stop gracefully: no waiting here.
      await Promise.all([...processes, redis].map((child) => stop(child, 'SIGKILL')));
    }
  }, 120_000);
});
