// The host's key server, reached from the guest as 127.0.0.1:PORT: the kiosk core accepts
// plain http only to this machine (anything else must be https), and the test's key server
// on the build machine (10.0.2.2 under qemu's user network) speaks plain http.
//   node fwd.mjs PORT      forwards 127.0.0.1:PORT to 10.0.2.2:PORT
import { connect, createServer } from 'node:net';

const port = Number(process.argv[2]);
createServer((client) => {
  const upstream = connect(port, '10.0.2.2');
  client.pipe(upstream).pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
}).listen(port, '127.0.0.1');
