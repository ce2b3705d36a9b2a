// Issue 12 item 1's attack: many concurrent strangers each start a large JSON body to a
// route that takes large bodies, with no credentials, and keep pushing it as fast as the
// server lets them. Shared by request-hardening.test.ts (answers, bytes the server read)
// and test/bench/body-flood.bench.ts (memory and /healthz latency while it runs).
import { connect } from 'node:net';

export interface FloodOptions {
  readonly port: number;
  readonly path: string;
  readonly connections: number;
  readonly bodyBytes: number;
  /** Extra header lines, each ending in \r\n (e.g. a made-up bearer token). */
  readonly extraHeaders?: string;
  /** A connection the server neither answers nor reads is given up after this long. */
  readonly stallMs?: number;
}

export interface FloodResult {
  /** The HTTP status each connection got, or 0 when it got none. */
  readonly statuses: number[];
  /** Bytes of body each client managed to hand to its socket (the kernel may hold some unread). */
  readonly bodyBytesWritten: number[];
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

function one(o: FloodOptions): Promise<{ status: number; written: number }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: o.port });
    let text = '';
    let written = 0;
    let settled = false;
    let stall: NodeJS.Timeout | undefined;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, written });
    };
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(finish, o.stallMs ?? 2_000);
    };
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      // The answer is in: give the server a moment to close, then stop either way.
      if (text.includes('\r\n\r\n')) armStall();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    const pump = () => {
      while (!settled && written < o.bodyBytes) {
        const n = Math.min(CHUNK.length, o.bodyBytes - written);
        const chunk = written === 0 ? Buffer.concat([Buffer.from('{"reference":"'), CHUNK.subarray(14, n)]) : CHUNK.subarray(0, n);
        written += chunk.length;
        if (!socket.write(chunk)) {
          armStall();
          socket.once('drain', pump);
          return;
        }
      }
      armStall();
    };
    socket.once('connect', () => {
      socket.write(`POST ${o.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${o.bodyBytes}\r\n${o.extraHeaders ?? ''}\r\n`);
      pump();
    });
  });
}

/** Runs the attack; resolves when every connection got its answer and closed, or stalled. */
export async function bodyFlood(o: FloodOptions): Promise<FloodResult> {
  const results = await Promise.all(Array.from({ length: o.connections }, () => one(o)));
  return { statuses: results.map((r) => r.status), bodyBytesWritten: results.map((r) => r.written) };
}
