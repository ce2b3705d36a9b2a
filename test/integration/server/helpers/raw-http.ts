// Raw HTTP over a socket, for attacks a well-behaved client cannot make: a body that never
// finishes, a request trickled a byte at a time.
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  socket: Socket;
  /** Everything the server sent, resolved when it closes the connection or `untilText` appears. */
  response: Promise<{ text: string; closedAfterMs: number }>;
}

export function rawRequest(port: number, head: string, untilText?: string): RawExchange {
  const socket = connect({ host: '127.0.0.1', port });
  const started = Date.now();
  let text = '';
  const response = new Promise<{ text: string; closedAfterMs: number }>((resolve) => {
    const done = () => resolve({ text, closedAfterMs: Date.now() - started });
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (untilText !== undefined && text.includes(untilText)) done();
    });
    socket.on('close', done);
    socket.on('error', done);
  });
  socket.write(head);
  return { socket, response };
}
