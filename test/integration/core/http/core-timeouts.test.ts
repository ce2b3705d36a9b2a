// The kiosk core's local API cuts off a client that trickles its request (issue 12 item 8).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApiServer, type CoreEvent, type CoreFacade, type CoreSnapshot } from '../../../../src-main/core/http/api-server.js';
import { sampleStatus } from '../../../fixtures/core-status.js';
import { rawRequest } from '../../server/helpers/raw-http.js';

class IdleCore implements CoreFacade {
  status = (): CoreSnapshot => {
    const { staff: _staff, ...snapshot } = sampleStatus({});
    return snapshot;
  };
  addTally(): void {}
  acknowledgeNotice(): boolean {
    return false;
  }
  onLiveEvent(_l: (e: CoreEvent) => void) {
    return { dispose: () => undefined };
  }
}

describe('kiosk core request timeouts', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await buildApiServer({ core: new IdleCore(), uiDir: null, timeouts: { requestMs: 1000, idleMs: 1000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => app.close());

  it('closes a connection whose body trickles in slower than the request timeout', async () => {
    const ex = rawRequest(port, 'POST /api/tally HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const trickle = setInterval(() => ex.socket.write(' '), 200);
    const { closedAfterMs } = await ex.response;
    clearInterval(trickle);
    ex.socket.destroy();
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('closes a connection that never finishes its headers', async () => {
    const ex = rawRequest(port, 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const { closedAfterMs } = await ex.response;
    ex.socket.destroy();
    expect(closedAfterMs).toBeLessThan(5_000);
  });
});
