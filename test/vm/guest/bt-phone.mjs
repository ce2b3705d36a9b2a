// A phone on a virtual controller (btvirt, in the guest), driven over the kernel's HCI user
// channel through the real @abandonware/bluetooth-hci-socket:
//   node bt-phone.mjs APP_DIR HCI_INDEX listen SECONDS        prints every advert heard (scan restarted every 500 ms)
//   node bt-phone.mjs APP_DIR HCI_INDEX android SECONDS LAG_MS  Bluezone Android advertiser;
//        its ID follows a daily key, rotating at each 15-minute UTC slot boundary LAG_MS late,
//        and re-enabling advertising for each new payload (btvirt reports only edges)
//   node bt-phone.mjs APP_DIR HCI_INDEX gaen SECONDS           a GAEN phone (one random RPI)
//   node bt-phone.mjs APP_DIR HCI_INDEX ios SECONDS            an iPhone-like advert (service UUID)
// Each advert heard prints "PHONE-HEARD <addr> <rssi> <kind> <id-hex>"; each advert sent
// "PHONE-SENT <kind> <id-hex>".
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const [appDir, indexArg, mode, secondsArg, lagArg] = process.argv.slice(2);
const require = createRequire(`${appDir}/package.json`);
const HciSocket = require('@abandonware/bluetooth-hci-socket');
const { classifyAdvertBytes } = await import(`${appDir}/dist/shared/protocol/advert-classifier.js`);
const { encodeBluezoneAdvert } = await import(`${appDir}/dist/shared/protocol/bluezone-advert.js`);
const { encodeGaenAdvert } = await import(`${appDir}/dist/shared/protocol/gaen-advert.js`);
const { encodeIosServiceAdvert } = await import(`${appDir}/dist/shared/protocol/bluezone-ios-advert.js`);
const { slotId } = await import(`${appDir}/dist/shared/protocol/bluezone-id.js`);

const hex = (b) => Buffer.from(b).toString('hex');
const socket = new HciSocket();
const pending = new Map();
socket.on('data', (buf) => {
  if (buf[0] !== 0x04) return;
  if (buf[1] === 0x0e) {
    const opcode = buf.readUInt16LE(4);
    pending.get(opcode)?.(buf[6]);
    pending.delete(opcode);
  } else if (buf[1] === 0x3e && buf[3] === 0x02) {
    let o = 5;
    for (let n = 0; n < buf[4]; n += 1) {
      const addr = hex(Buffer.from(buf.subarray(o + 2, o + 8)).reverse()).match(/../g).join(':');
      const len = buf[o + 8];
      const data = buf.subarray(o + 9, o + 9 + len);
      const rssi = buf.readInt8(o + 9 + len);
      const c = classifyAdvertBytes(new Uint8Array(data));
      const id = c.kind === 'bluezone_android' || c.kind === 'kiosk' ? hex(c.id) : c.kind === 'gaen' ? hex(c.rpi) : '-';
      console.log(`PHONE-HEARD ${addr} ${rssi} ${c.kind} ${id} ${hex(data)}`);
      o += 10 + len;
    }
  }
});
socket.on('error', (e) => console.log(`PHONE-ERROR ${e.message}`));
const cmd = (ogf, ocf, params = Buffer.alloc(0)) =>
  new Promise((resolve, reject) => {
    const opcode = (ogf << 10) | ocf;
    const b = Buffer.alloc(4 + params.length);
    b[0] = 0x01;
    b.writeUInt16LE(opcode, 1);
    b[3] = params.length;
    params.copy(b, 4);
    const t = setTimeout(() => reject(new Error(`HCI command 0x${opcode.toString(16)} timed out`)), 5000);
    pending.set(opcode, (status) => {
      clearTimeout(t);
      if (status === 0) resolve();
      else reject(new Error(`HCI command 0x${opcode.toString(16)} failed: status ${status}`));
    });
    socket.write(b);
  });
const LE = 0x08;
const setAdvertising = async (on) => cmd(LE, 0x0a, Buffer.from([on ? 1 : 0]));
const advertise = async (payload) => {
  await setAdvertising(false).catch(() => {});
  const data = Buffer.alloc(32);
  data[0] = payload.length;
  Buffer.from(payload).copy(data, 1);
  await cmd(LE, 0x08, data);
  await setAdvertising(true);
};

socket.bindUser(Number(indexArg));
socket.start();
await cmd(0x03, 0x03); // reset
const end = Date.now() + Number(secondsArg) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
if (mode === 'listen') {
  await cmd(LE, 0x0b, Buffer.from([0x00, 0x10, 0x00, 0x10, 0x00, 0x00, 0x00])); // passive scan
  console.log('PHONE-LISTENING');
  // btvirt reports an advert only at an edge (scan start while the other side advertises),
  // and the kiosk time-slices its iBeacon wake-up advert with its Bluezone one: start the
  // scan again every 500 ms, as a phone's scan windows do, to hear whichever is on.
  while (Date.now() < end) {
    await cmd(LE, 0x0c, Buffer.from([0x01, 0x00]));
    await sleep(500);
    await cmd(LE, 0x0c, Buffer.from([0x00, 0x00]));
  }
} else {
  // ADV_NONCONN_IND, 100 ms
  await cmd(LE, 0x06, Buffer.from([0xa0, 0x00, 0xa0, 0x00, mode === 'ios' ? 0x00 : 0x03, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0x07, 0x00]));
  const dailyKey = randomBytes(32);
  const gaenRpi = randomBytes(16);
  const lag = Number(lagArg ?? 0);
  let last = '';
  while (Date.now() < end) {
    let payload;
    let id;
    if (mode === 'android') {
      const slotOfDay = Math.floor(((Date.now() - lag) % 86_400_000) / 900_000);
      const sid = slotId(new Uint8Array(dailyKey), slotOfDay);
      payload = encodeBluezoneAdvert(sid);
      id = hex(sid);
    } else if (mode === 'gaen') {
      payload = encodeGaenAdvert(new Uint8Array(gaenRpi), new Uint8Array(4));
      id = hex(gaenRpi);
    } else {
      payload = encodeIosServiceAdvert();
      id = '-';
    }
    if (id !== last || mode === 'ios') {
      await advertise(payload);
      console.log(`PHONE-SENT ${mode} ${id}`);
      last = id;
    }
    await sleep(1000);
  }
  await setAdvertising(false).catch(() => {});
}
socket.stop();
process.exit(0);
