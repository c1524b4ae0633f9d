// Many tenants, one fleet: HubSpot connections, each its own sandbox portal (its own token, portal
// id and rate limit, all behind one loopback address as HubSpot is one host), synced by two
// `crm-pulse worker` processes sharing one Redis. The big portals and the small ones are served
// by two sandbox processes (bench/tenant-portals.ts) behind a router in this process: HubSpot
// serves each account on its own, and one sandbox event loop for all 50 made a small portal's
// requests queue behind the big ones', a cost of the bench rather than of crm-pulse. For each
// connection it measures, from the moment its sync is queued, the time to its first written
// account (the portal's first `companies/batch/update`) and to the end of its cycle. Three runs:
//   alone   a small connection (100 companies) syncs with nothing else queued, one after another;
//   fleet   50 connections of 1,000 companies start their first (full) sync at once;
//   loaded  49 connections of 1,000 companies start their full syncs, and while they run a small
//           connection's sync starts every second: the small ones' figures against `alone`.
// Every connection is new, so each cycle is a first one: a full load, fields created, every
// account written.
import { randomBytes, randomUUID } from 'node:crypto';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { QueueEvents } from 'bullmq';
import { openRuntime, type Runtime } from '../src/cli/runtime.ts';
import { parseEnv } from '../src/config/env.ts';
import { enqueueSync } from '../src/jobs/index.ts';
import { Keys } from '../src/store/keys.ts';
import { deleteMatching } from '../src/store/redis.ts';
import type { AddPortal, PortalsMessage } from './tenant-portals.ts';

const bin = fileURLToPath(new URL('../bin/crm-pulse.js', import.meta.url));
const mappingFile = fileURLToPath(new URL('../examples/mapping.hubspot.json', import.meta.url));
const portalsScript = fileURLToPath(new URL('./tenant-portals.ts', import.meta.url));
/** Small connections made ready for the loaded run: one a second for as long as the others run. */
const SMALL_SYNCS = 150;

export interface Figures {
  p50: number;
  p95: number;
  max: number;
}

export interface TenantRun {
  run: 'alone' | 'fleet' | 'loaded';
  connections: number;
  companies: number;
  /** Seconds from queued to the first written account, and to the end of the cycle. */
  firstWrite: Figures;
  end: Figures;
  /** Seconds from the first sync queued to the last one done. */
  wallSeconds: number;
}

export interface TenantFigures {
  requestsPer10s: number;
  workers: number;
  /** Jobs each worker processes at once (CRM_PULSE_CONCURRENCY). */
  concurrency: number;
  runs: TenantRun[];
}

interface Tenant {
  id: string;
  /** Set by the portal when it answers the connection's first write. */
  seen: { firstWriteAt: number | null };
}

/** Nearest-rank percentile, in seconds. */
function figures(ms: readonly number[]): Figures {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! / 1000;
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}

/** A sandbox process of portals (bench/tenant-portals.ts). */
class PortalProcess {
  readonly child: ChildProcess;
  url = '';
  readonly #added = new Map<string, () => void>();
  readonly #writes = new Map<string, (at: number) => void>();

  constructor() {
    this.child = fork(portalsScript, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child.on('message', (m: PortalsMessage) => {
      if (m.type === 'added') this.#added.get(m.token)?.();
      if (m.type === 'write') this.#writes.get(m.token)?.(m.at);
    });
  }

  ready(): Promise<void> {
    return new Promise((resolve) =>
      this.child.on('message', (m: PortalsMessage) => {
        if (m.type !== 'ready') return;
        this.url = m.url;
        resolve();
      }),
    );
  }

  /** A new portal; `onWrite` hears of its first companies write (epoch ms). */
  add(p: Omit<AddPortal, 'type'>, onWrite: (at: number) => void): Promise<void> {
    this.#writes.set(p.token, onWrite);
    return new Promise((resolve) => {
      this.#added.set(p.token, resolve);
      this.child.send({ type: 'add', ...p } satisfies AddPortal);
    });
  }
}

/** One loopback address for every portal, as HubSpot is one host: each request goes on to the process holding its token's portal. */
async function route(owner: (token: string) => PortalProcess | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const server = createServer((req, res) => {
    const target = owner(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
    if (!target) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', category: 'INVALID_AUTHENTICATION', message: 'unknown token' }));
      return;
    }
    const up = httpRequest(`${target.url}${req.url}`, { method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface FleetOptions {
  rt: Runtime;
  /** Where big (1,000-company) and small portals are served. */
  big: PortalProcess;
  small: PortalProcess;
  owners: Map<string, PortalProcess>;
  events: QueueEvents;
  requestsPer10s: number;
  mapping: unknown;
  /** Print each cycle's job timeline (--trace). */
  trace: boolean;
}

class Fleet {
  #next = 0;
  readonly #o: FleetOptions;
  readonly #finished = new Map<string, (error: Error | null) => void>();

  constructor(o: FleetOptions) {
    this.#o = o;
    o.events.on('completed', ({ jobId }) => this.#finished.get(jobId)?.(null));
    o.events.on('failed', ({ jobId, failedReason }) => this.#finished.get(jobId)?.(new Error(`sync ${jobId} failed: ${failedReason}`)));
  }

  /** A new connection with a portal of its own (its own seed, so portfolios differ). */
  async connect(companies: number): Promise<Tenant> {
    const n = ++this.#next;
    const token = `pat-bench-${randomBytes(12).toString('hex')}`;
    const seen: { firstWriteAt: number | null } = { firstWriteAt: null };
    const where = companies > 100 ? this.#o.big : this.#o.small;
    const portalId = 5_000_000 + n;
    await where.add({ companies, seed: n, portalId, token, requestsPer10s: this.#o.requestsPer10s }, (at) => (seen.firstWriteAt = at));
    this.#o.owners.set(token, where);
    const id = `tenant-${n}`;
    await this.#o.rt.store.connections.put({ id, kind: 'hubspot', crmAccountId: String(portalId), credentials: { accessToken: token } });
    await this.#o.rt.store.mappings.put(id, this.#o.mapping);
    return { id, seen };
  }

  /** Queues the tenant's sync; resolves with its seconds to first write and to end. */
  async sync(tenant: Tenant): Promise<{ firstWriteMs: number; endMs: number }> {
    const now = () => performance.timeOrigin + performance.now();
    const queuedAt = now();
    const { jobId } = await enqueueSync(this.#o.rt.queue, { connectionId: tenant.id, mode: 'full', reason: 'bench' });
    await new Promise<void>((resolve, reject) => this.#finished.set(jobId, (error) => (error ? reject(error) : resolve())));
    this.#finished.delete(jobId);
    const endMs = now() - queuedAt;
    // The portal's process reports the write a message later than the job's end may be heard.
    for (let i = 0; i < 50 && tenant.seen.firstWriteAt === null; i++) await sleep(20);
    if (tenant.seen.firstWriteAt === null) throw new Error(`${tenant.id} wrote nothing`);
    if (this.#o.trace) await this.#trace(tenant, jobId, queuedAt, endMs);
    return { firstWriteMs: tenant.seen.firstWriteAt - queuedAt, endMs };
  }

  /**
   * One line per cycle: each child job's seconds from the sync being queued to its being queued
   * (q), taken by a worker (s) and done (e), then the first write and the end. The read phase is
   * the time to the score job's q; a queue hop is an s minus its q.
   */
  async #trace(tenant: Tenant, jobId: string, queuedAt: number, endMs: number): Promise<void> {
    const at = (t: number | null | undefined) => (t == null ? '-' : ((t - queuedAt) / 1000).toFixed(2));
    const sync = await this.#o.rt.queue.getJob(jobId);
    const children = await Promise.all(Object.keys((await sync!.getDependencies()).processed ?? {}).map((key) => this.#o.rt.queue.getJob(key.split(':').pop()!)));
    const jobs = children.flatMap((j) => (j ? [j] : [])).sort((a, b) => a.timestamp - b.timestamp);
    console.log(`    ${tenant.id}: ${jobs.map((j) => `${j.name} q${at(j.timestamp)} s${at(j.processedOn)} e${at(j.finishedOn)}`).join(', ')}; first write ${at(tenant.seen.firstWriteAt)}, end ${(endMs / 1000).toFixed(2)}`);
  }
}

function summarize(run: TenantRun['run'], companies: number, results: { firstWriteMs: number; endMs: number }[], wallMs: number): TenantRun {
  return { run, connections: results.length, companies, firstWrite: figures(results.map((r) => r.firstWriteMs)), end: figures(results.map((r) => r.endMs)), wallSeconds: wallMs / 1000 };
}

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [bin, 'worker'], { env: { PATH: process.env.PATH ?? '', ...env, ...(process.env.BENCH_WORKER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS } : {}) }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`a worker exited ${code ?? signal}`);
  });
  return child;
}

export async function benchTenants(o: { requestsPer10s?: number; concurrency?: number; trace?: boolean; onRun?: (r: TenantRun) => void } = {}): Promise<TenantFigures> {
  const requestsPer10s = o.requestsPer10s ?? 110;
  const concurrency = o.concurrency ?? 4;
  const bigPortals = new PortalProcess();
  const smallPortals = new PortalProcess();
  await Promise.all([bigPortals.ready(), smallPortals.ready()]);
  const owners = new Map<string, PortalProcess>();
  const server = await route((token) => owners.get(token));
  const prefix = `crm-pulse-bench-${randomUUID()}`;
  const env = {
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CRM_PULSE_REDIS_PREFIX: prefix,
    CRM_PULSE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUBSPOT_BASE_URL: server.url,
    HUBSPOT_REQUESTS_PER_10S: String(requestsPer10s),
    LOG_LEVEL: 'warn',
    CRM_PULSE_CONCURRENCY: String(concurrency),
  };
  const rt = await openRuntime(parseEnv(env), { logLevel: 'silent' });
  const events = new QueueEvents(rt.queue.name, { connection: rt.bull.duplicate(), prefix });
  // Workers start before any connection exists, so they schedule none: only the bench queues syncs.
  const workers = [startWorker(env), startWorker(env)];
  const runs: TenantRun[] = [];
  const record = (r: TenantRun) => {
    runs.push(r);
    o.onRun?.(r);
  };
  try {
    await events.waitUntilReady();
    while ((await rt.queue.getWorkersCount()) < workers.length) await sleep(100);
    const fleet = new Fleet({ rt, big: bigPortals, small: smallPortals, owners, events, requestsPer10s, mapping: JSON.parse(await readFile(mappingFile, 'utf8')), trace: o.trace ?? false });

    let started = performance.now();
    const alone: { firstWriteMs: number; endMs: number }[] = [];
    for (let i = 0; i < 10; i++) alone.push(await fleet.sync(await fleet.connect(100)));
    record(summarize('alone', 100, alone, performance.now() - started));

    const big = await Promise.all(Array.from({ length: 50 }, () => fleet.connect(1_000)));
    started = performance.now();
    record(summarize('fleet', 1_000, await Promise.all(big.map((t) => fleet.sync(t))), performance.now() - started));
    // A window for the rate limits of the last syncs' portals to matter no more to the next run.
    await sleep(1_000);

    const others = await Promise.all(Array.from({ length: 49 }, () => fleet.connect(1_000)));
    const smalls = await Promise.all(Array.from({ length: SMALL_SYNCS }, () => fleet.connect(100)));
    started = performance.now();
    let running = true;
    const full = Promise.all(others.map((t) => fleet.sync(t))).finally(() => (running = false));
    // Small syncs arrive once a second, from half a second after the others start until they
    // end, whether or not the last small one is done (as separate customers' syncs would), so
    // the samples cover the whole time the others run, their start included.
    const loadedRuns: Promise<{ firstWriteMs: number; endMs: number }>[] = [];
    for (const small of smalls) {
      await sleep(small === smalls[0] ? 500 : 1_000);
      if (!running) break;
      loadedRuns.push(fleet.sync(small));
    }
    const loaded = await Promise.all(loadedRuns);
    await full;
    record(summarize('loaded', 100, loaded, performance.now() - started));
    return { requestsPer10s, workers: workers.length, concurrency, runs };
  } finally {
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve).kill('SIGTERM'))));
    await events.close();
    await server.close();
    for (const p of [bigPortals, smallPortals]) p.child.disconnect();
    await deleteMatching(rt.redis, new Keys(prefix).everything());
    await rt.close();
  }
}

const s = (x: number) => `${x.toFixed(1)} s`;

export function line(r: TenantRun): string {
  const what = { alone: 'small connection alone', fleet: 'every connection of the fleet', loaded: 'small connection while 49 others run full syncs' }[r.run];
  return `  ${what} (${r.connections} connection${r.connections === 1 ? '' : 's'} of ${r.companies.toLocaleString('en-US')} companies): first write p50 ${s(r.firstWrite.p50)}, p95 ${s(r.firstWrite.p95)}, max ${s(r.firstWrite.max)}; end of cycle p50 ${s(r.end.p50)}, p95 ${s(r.end.p95)}, max ${s(r.end.max)}; ${s(r.wallSeconds)} in all`;
}

const header = (requestsPer10s: number, concurrency: number) => `tenants: 2 workers of ${concurrency} jobs at once, HubSpot limit ${requestsPer10s} requests / 10 s per portal`;

function ratio(runs: readonly TenantRun[]): string {
  const alone = runs.find((r) => r.run === 'alone')!;
  const loaded = runs.find((r) => r.run === 'loaded')!;
  return `  small connection's p95 time to first write, loaded / alone: ${(loaded.firstWrite.p95 / alone.firstWrite.p95).toFixed(2)}x (target <= 2x)`;
}

export function printTenants(f: TenantFigures): void {
  console.log(header(f.requestsPer10s, f.concurrency));
  for (const r of f.runs) console.log(line(r));
  console.log(ratio(f.runs));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // node bench/tenants.ts [--limit requests-per-10-s] [--concurrency jobs-per-worker] [--trace]
  // BENCH_WORKER_NODE_OPTIONS: Node options for the two worker processes (e.g. --cpu-prof).
  const option = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const requestsPer10s = option('--limit', 110);
  const concurrency = option('--concurrency', 4);
  console.log(header(requestsPer10s, concurrency));
  const f = await benchTenants({ requestsPer10s, concurrency, trace: process.argv.includes('--trace'), onRun: (r) => console.log(line(r)) });
  console.log(ratio(f.runs));
}
