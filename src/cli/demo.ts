// `crm-pulse demo`: the whole product against the local sandbox, with nothing to configure. It
// starts the sandbox, opens a runtime on its own Redis key prefix with a throw-away encryption
// key and admin token, connects the sandbox like an install, runs a full cycle through the real
// queue with workers in this process, prints what it found, then keeps `serve` (and the workers)
// running with the URLs to look at until Ctrl-C, or exits after the summary with --exit. Its
// keys are removed on the way out, whether it succeeded or failed.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { EnvError, parseEnv, type Env } from '../config/index.ts';
import { PULSE_GROUP } from '../connectors/index.ts';
import { ConnectionError, tierNames } from '../model/index.ts';
import { createApp } from '../http/index.ts';
import { startWorker } from '../jobs/index.ts';
import type { Sandbox, SandboxCrm } from '../sandbox/index.ts';
import { deleteMatching } from '../store/index.ts';
import { connectSandbox } from './demo-connect.ts';
import { demoCrm } from './demo-crm.ts';
import { runBacktests } from './backtest.ts';
import { formatDemoSummary } from './demo-format.ts';
import { demoSummary } from './demo-summary.ts';
import { demoUrls } from './demo-urls.ts';
import { runCycle } from './run.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { httpDeps } from './serve.ts';
import { untilStopSignal } from './signals.ts';

export interface DemoOptions {
  crm: SandboxCrm;
  accounts: number;
  seed: number;
  /** Stop after the summary. */
  exit: boolean;
}

export interface DemoIO {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown; isTTY?: boolean };
}

const NO_REDIS = (where: string, why: string) => `crm-pulse demo: Redis does not answer at ${where} (${why}).
crm-pulse keeps its queue and state in Redis. Start one, then run the demo again:
  redis-server --daemonize yes                      (Redis installed: apt install redis-server / brew install redis)
  docker run -d --name crm-pulse-redis -p 6379:6379 redis:7
or point the demo at yours: REDIS_URL=redis://host:6379 npx crm-pulse demo
`;

/** The server's port: PORT or 3000, or any free one when that is taken. */
async function listen(preferred: number): Promise<Server> {
  const server = createServer();
  for (const port of [preferred, 0]) {
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return server;
  }
  throw new Error('no port to serve on');
}

/** The hidden weights churn follows in the demo's past (src/sandbox/past.ts). */
const DEMO_PAST = { weights: { usage: 50, engagement: 30, tickets: 15, nps: 5 }, noise: 6 };

export async function runDemo(o: DemoOptions, io: DemoIO): Promise<number> {
  const server = await listen(Number(process.env.PORT ?? 3000) || 3000);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const asOf = Date.now();
  let sandbox: Sandbox | null = null;
  let rt: Runtime | null = null;
  try {
    // Loaded here, not at the top: only the demo and sandbox commands may pay for the sandbox.
    const { startSandbox } = await import('../sandbox/index.ts');
    // The HubSpot sandbox gets two years of past, so the demo can show the backtest's headline.
    sandbox = await startSandbox({ crms: [o.crm], accounts: o.accounts, seed: o.seed, asOf, ...(o.crm === 'hubspot' ? { past: DEMO_PAST } : {}) });
    let env: Env;
    try {
      env = parseEnv({
        REDIS_URL: process.env.REDIS_URL,
        // Under CRM_PULSE_REDIS_PREFIX when given, so a shared Redis can tell whose demo keys are whose.
        CRM_PULSE_REDIS_PREFIX: `${process.env.CRM_PULSE_REDIS_PREFIX || 'crm-pulse'}-demo-${randomBytes(4).toString('hex')}`,
        CRM_PULSE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        CRM_PULSE_ADMIN_TOKEN: randomBytes(16).toString('hex'),
        CRM_PULSE_PUBLIC_URL: `http://127.0.0.1:${port}`,
        HUBSPOT_BASE_URL: sandbox.hubspot?.url,
        // HubSpot's app secret signs its webhooks and record-card requests; the demo makes one up.
        HUBSPOT_CLIENT_ID: 'crm-pulse-demo',
        HUBSPOT_CLIENT_SECRET: randomBytes(16).toString('hex'),
        PORT: String(port),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      });
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      io.err.write(`crm-pulse demo: ${error.message}\n`);
      return 2;
    }
    try {
      rt = await openRuntime(env, { logFd: 2 });
    } catch (error) {
      if (!(error instanceof ConnectionError) || error.code !== 'REDIS_UNAVAILABLE') throw error;
      io.err.write(NO_REDIS(new URL(env.REDIS_URL).host, error.message.replace(/^.*does not answer \((.*)\);.*$/s, '$1')));
      return 2;
    }
    return await demo(rt, sandbox, server, o, io, asOf);
  } finally {
    server.close();
    if (rt) {
      // Removed once the runtime is closed, through a client of its own: closing writes (the
      // metrics' last flush; BullMQ's queue meta when the demo failed right after start-up), and
      // such a write landing after the removal would outlive the demo.
      const cleaner = rt.redis.duplicate();
      // A lost connection shows as the removal's failure, reported below.
      cleaner.on('error', () => {});
      await rt.close();
      await deleteMatching(cleaner, rt.store.keys.everything()).catch((error: Error) => {
        io.err.write(`crm-pulse demo: could not remove its keys (${rt?.env.CRM_PULSE_REDIS_PREFIX}:*) from Redis: ${error.message}\n`);
      });
      cleaner.disconnect();
    }
    await sandbox?.close();
  }
}

async function demo(rt: Runtime, sandbox: Sandbox, server: Server, o: DemoOptions, io: DemoIO, asOf: number): Promise<number> {
  const crm = demoCrm(sandbox, o.crm);
  io.out.write(`crm-pulse demo: a ${crm.name} sandbox on ${crm.url} with ${o.accounts.toLocaleString('en')} accounts (seed ${o.seed}), Redis prefix ${rt.env.CRM_PULSE_REDIS_PREFIX}\n`);
  const connected = await connectSandbox(rt, sandbox, o.crm);
  const created = connected.changes.filter((c) => c.action === 'created' && c.name !== PULSE_GROUP).length;
  const fields = o.crm === 'hubspot' ? `${created} crm-pulse fields created in the CRM` : "crm-pulse's fields found deployed in the org";
  io.out.write(`Connected like an install: connection ${connected.connectionId} (${o.crm === 'hubspot' ? 'portal' : 'org'} ${connected.crmAccountId}), its token sealed with a throw-away key, the example mapping applied, ${fields}.\n`);

  const run = await runCycle(rt, { connection: connected.connectionId, full: false, dryRun: false }, { stdout: { write: () => true }, stderr: io.err });
  if (!run.summary || run.code !== 0) {
    io.err.write(`crm-pulse demo: the cycle did not finish: ${run.message ?? run.summary?.errors[0]?.message ?? 'unknown error'}\n`);
    return 1;
  }
  io.out.write(`First cycle (full, through the queue, ${rt.env.CRM_PULSE_CONCURRENCY} workers in this process) done in ${(run.summary.durationMs / 1000).toFixed(1)} s.\n\n`);
  const summary = await demoSummary(rt.store, connected.connectionId, crm.accountIds(), run.summary, asOf);
  const policy = (await rt.contexts.get(connected.connectionId)).policy;
  io.out.write(formatDemoSummary(summary, tierNames(policy), crm.limits(run.summary.apiCalls)));
  if (o.crm === 'hubspot') {
    const backtest = await runBacktests(rt, { connection: connected.connectionId, asOf });
    if (backtest.code === 0 && backtest.results[0]) {
      const r = backtest.results[0];
      const w = r.suggested.fit.weights;
      io.out.write(`\nBacktest over ${r.dates.length} dates of the last ${r.range.months} months (HubSpot property history): ${r.headline}. Suggested weights usage ${w.usage}, engagement ${w.engagement}, tickets ${w.tickets}, NPS ${w.nps} (crm-pulse backtest; docs/backtest.md).\n`);
    }
  }
  if (o.exit) return 0;

  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: rt.env.CRM_PULSE_REDIS_PREFIX, concurrency: rt.env.CRM_PULSE_CONCURRENCY, lockMs: rt.env.CRM_PULSE_LOCK_MS, outage: rt.outage });
  server.on('request', createApp(httpDeps(rt)));
  const focus = summary.atRisk[0] ?? summary.accounts[0];
  const publicUrl = rt.env.CRM_PULSE_PUBLIC_URL!;
  const sandboxRun = `${Object.entries(sandbox.env(o.crm)).map(([k, v]) => `${k}=${v}`).join(' ')} CRM_PULSE_REDIS_PREFIX=${rt.env.CRM_PULSE_REDIS_PREFIX}-own npx crm-pulse run`;
  const card = o.crm === 'hubspot' ? { portalId: connected.crmAccountId, clientSecret: rt.hubspot.clientSecret! } : null;
  // Lives as long as a demo can: the demo's keys are removed when it stops, the token with them.
  const signIn = await rt.store.sessions.createSignIn(7 * 86_400_000);
  const lines = demoUrls({ publicUrl, signIn, adminToken: rt.env.CRM_PULSE_ADMIN_TOKEN!.reveal(), connectionId: connected.connectionId, accountId: focus?.id ?? '', hubspot: card, sandboxRun }, Date.now());
  io.out.write(`\ncrm-pulse serve is running on ${publicUrl}, with workers (Ctrl-C stops the demo and removes its data):\n${lines.join('\n')}\n`);
  await untilStopSignal();
  io.out.write('crm-pulse demo: stopping (finishing the jobs under way)\n');
  await worker.close();
  return 0;
}
