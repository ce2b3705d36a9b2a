// Test double of the kiosk core's HTTP surface: serves the built renderer and a scripted
// /api/status, /api/events (SSE), /api/tally and /api/health. Used until the UI tests run
// against the real core; it follows the contract in shared/api/core-api.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { CoreStatus, LiveEvent, TallyRequest } from '../../../shared/api/core-api.js';
import { sampleStatus } from '../../fixtures/core-status.js';

export { sampleStatus };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface FakeCore {
  readonly url: string;
  status: CoreStatus;
  /** When false, /api/events answers 503, so the browser's EventSource closes. */
  eventsAvailable: boolean;
  /** When true, /api/tally answers 500 and records nothing. */
  tallyFails: boolean;
  readonly tallies: TallyRequest[];
  readonly requests: string[];
  openStreams(): number;
  push(event: LiveEvent): void;
  dropStreams(): void;
  close(): Promise<void>;
}

export async function startFakeCore(staticDir: string): Promise<FakeCore> {
  const streams = new Set<ServerResponse>();
  // Requests only arrive after listen(), by which time `handle` and `core` exist.
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { error: String(err) }));
  });
  const core: FakeCore = {
    url: '',
    status: sampleStatus(),
    eventsAvailable: true,
    tallyFails: false,
    tallies: [],
    requests: [],
    openStreams: () => streams.size,
    push(event) {
      const { type, ...data } = event;
      for (const res of streams) res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    dropStreams() {
      for (const res of streams) res.destroy();
      streams.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        core.dropStreams();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    core.requests.push(`${req.method} ${path}`);
    if (path === '/api/health') return json(res, 200, { ok: true });
    if (path === '/api/status') return json(res, 200, core.status);
    if (path === '/api/tally' && req.method === 'POST') {
      if (core.tallyFails) return json(res, 500, { error: { code: 'store_failed', message: 'disk full' } });
      const body = JSON.parse(await readBody(req)) as TallyRequest;
      core.tallies.push(body);
      core.status = {
        ...core.status,
        tallies_today: { ...core.status.tallies_today, [body.kind]: core.status.tallies_today[body.kind] + body.delta },
      };
      return json(res, 200, { tallies_today: core.status.tallies_today });
    }
    const ack = /^\/api\/notices\/([^/]+)\/ack$/.exec(path);
    if (ack && req.method === 'POST') {
      const at = Date.now();
      core.status = {
        ...core.status,
        alerts: core.status.alerts.map((a) => (a.notice && a.notice.id === ack[1] ? { ...a, notice: { ...a.notice, acknowledged_at: at } } : a)),
      };
      return json(res, 200, { ok: true });
    }
    if (path === '/api/events') {
      if (!core.eventsAvailable) return json(res, 503, { error: 'unavailable' });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': open\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const file = normalize(join(staticDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(staticDir + sep)) return json(res, 403, { error: 'forbidden' });
    try {
      const content = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(content);
    } catch {
      json(res, 404, { error: 'not_found' });
    }
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (core as { url: string }).url = `http://127.0.0.1:${port}`;
  return core;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
