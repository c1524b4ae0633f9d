// Serves a sandbox model over HTTP on the loopback interface only (it holds no real data, but it
// accepts any caller that knows its token), with the fault plan applied to every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type FaultsInput } from './faults.ts';
import type { SandboxAnswer, SandboxModel, SandboxRequest } from './model.ts';

export interface ServeOptions {
  /** 0 (default): any free port. */
  port?: number;
  faults?: FaultsInput;
  now?: () => number;
}

/** A request a fault struck, and whether the CRM had done its work first. */
export interface FaultedRequest {
  method: string;
  path: string;
  body: unknown;
  kind: 'storm' | 'reset' | '5xx';
  after: boolean;
}

export interface Served {
  url: string;
  port: number;
  /** The requests faults struck, oldest first (the first 100,000). */
  faulted: FaultedRequest[];
  close(): Promise<void>;
}

const FAULTS_KEPT = 100_000;

const MAX_BODY = 20 * 1024 * 1024;

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, a: SandboxAnswer): void {
  const raw = typeof a.body === 'string';
  const body = raw ? (a.body as string) : JSON.stringify(a.body);
  res.writeHead(a.status, { 'content-type': raw ? 'text/csv' : 'application/json;charset=utf-8', ...a.headers }).end(body);
}

export async function serve(model: SandboxModel, o: ServeOptions = {}): Promise<Served> {
  const now = o.now ?? Date.now;
  const plan = new FaultPlan(o.faults ?? {}, now());
  const faulted: FaultedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const request: SandboxRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers, body: parseBody(Buffer.concat(chunks).toString('utf8')) };
      const fault = plan.decide(now());
      const reply = (answer: () => SandboxAnswer) => {
        const run = () => (res.destroyed ? undefined : send(res, answer()));
        if (plan.slowMs > 0) setTimeout(run, plan.slowMs);
        else run();
      };
      if (fault.kind === 'none') return reply(() => model.answer(request));
      if (faulted.length < FAULTS_KEPT) faulted.push({ method: request.method, path: request.url.pathname, body: request.body, kind: fault.kind, after: fault.kind !== 'storm' && fault.after });
      if (fault.kind === 'storm') return reply(() => model.throttled(request));
      // A fault after the request took effect: the CRM did the work, the caller never hears of it.
      if (fault.after) model.answer(request);
      if (fault.kind === 'reset') req.socket.destroy();
      else reply(() => model.unavailable(request, fault.status));
    });
  });
  // Keep-alive sockets would hold close() open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faulted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
