// A Bluetooth LE controller for the kernel, in userspace on /dev/vhci (hci_vhci), with the
// air around it: the kernel's real HCI stack sits between this controller and the kiosk
// core (which binds it with the real @abandonware/bluetooth-hci-socket like any adapter).
// BlueZ's btvirt cannot stand in here: it reports RSSI 127 ("not available") and one report
// per advertising edge, which the kiosk rightly ignores. This one streams adverts with real
// RSSI values, as a radio does.
//   node vhci-air.mjs APP_DIR SECONDS
// The controller logic is the project's VirtualHciController (the same HCI bytes noble and
// bleno get in simulation); this file adds what the kernel needs to bring a controller up
// (its init commands, with the answer lengths the kernel checks) and the phones:
//   - a Bluezone Android advertiser whose ID follows its daily key and rotates at each
//     15-minute UTC slot boundary LAG_MS late (env BZ_AIR_LAG_MS, default 2000);
//   - an iPhone-like peripheral: connectable, advertising Bluezone's iOS service, serving the
//     ID characteristic over GATT (ATT on the connection the kiosk opens);
//   - a GAEN phone (Exposure Notification advert, random RPI);
//   - a phone that hears the kiosk: the advertising data the host sets is printed.
// Prints AIR-* lines: AIR-UP <hci index>, AIR-SENT <kind> <id-hex>, AIR-GATT-READ <id-hex>,
// AIR-KIOSK-ADV <enabled> <kind> <id-hex>, AIR-CMD <opcode> (first time each is seen).
import { closeSync, openSync, read, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const [appDir, secondsArg] = process.argv.slice(2);
const lib = (p) => import(`${appDir}/dist/${p}`);
const { VirtualHciController } = await lib('src-main/core/radio/hci/virtual-hci-controller.js');
const P = await lib('src-main/core/radio/hci/hci-packets.js');
const { classifyAdvertBytes } = await lib('shared/protocol/advert-classifier.js');
const { encodeBluezoneAdvert } = await lib('shared/protocol/bluezone-advert.js');
const { encodeGaenAdvert } = await lib('shared/protocol/gaen-advert.js');
const { encodeIosServiceAdvert } = await lib('shared/protocol/bluezone-ios-advert.js');
const { slotId } = await lib('shared/protocol/bluezone-id.js');
const { BLUEZONE_IOS_SERVICE_UUID, BLUEZONE_IOS_CHARACTERISTIC_UUID } = await lib('shared/protocol/ble-uuids.js');

const hex = (b) => Buffer.from(b).toString('hex');
const lag = Number(process.env.BZ_AIR_LAG_MS ?? 2000);
const address = '00:aa:02:00:00:01';
const controller = new VirtualHciController({ address, connectDelayMs: 20 });
const fd = openSync('/dev/vhci', 'r+');
const send = (packet) => writeSync(fd, packet);

// The kernel's init sequence: answers of the length its command-complete handlers require.
// LE only: LMP features byte 4 has "LE supported (controller)" 0x40 and "BR/EDR not
// supported" 0x20. Supported commands all zero, so the kernel sends only mandatory ones.
const bytes = (...b) => Buffer.from(b);
const zeros = (n) => Buffer.alloc(n);
const initAnswers = new Map([
  [0x0c01, zeros(0)], // Set Event Mask
  [0x0c03, zeros(0)], // Reset
  [0x0c63, zeros(0)], // Set Event Mask Page 2
  [0x1001, bytes(0x09, 0x00, 0x00, 0x09, 0x0f, 0x00, 0x00, 0x00)], // Read Local Version: 5.0
  [0x1002, zeros(64)], // Read Local Supported Commands
  [0x1003, bytes(0, 0, 0, 0, 0x60, 0, 0, 0)], // Read Local Supported Features: LE, no BR/EDR
  [0x1004, bytes(0, 0, 0, 0, 0x60, 0, 0, 0, 0, 0)], // Read Local Extended Features (page, max, 8)
  [0x1005, bytes(27, 0, 0, 8, 0, 0, 0)], // Read Buffer Size
  [0x1009, P.addressToWire(address)], // Read BD_ADDR
  [0x2001, zeros(0)], // LE Set Event Mask
  [0x2002, bytes(27, 0, 8)], // LE Read Buffer Size
  [0x2003, zeros(8)], // LE Read Local Supported Features
  [0x2005, zeros(0)], // LE Set Random Address
  [0x2007, bytes(0)], // LE Read Advertising Channel Tx Power
  [0x200f, bytes(8)], // LE Read Filter Accept List Size
  [0x2010, zeros(0)], // LE Clear Filter Accept List
  [0x2011, zeros(0)], // LE Add Device To Filter Accept List
  [0x201c, bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x03, 0, 0)], // LE Read Supported States
]);
const seen = new Set();
// AIR_TRACE=1: every command the host sends, not just the first of each opcode.
const trace = process.env.AIR_TRACE === '1';
const handle = (packet) => {
  if (packet[0] === P.HCI_COMMAND_PKT && packet.length >= 4) {
    const opcode = packet.readUInt16LE(1);
    if (trace) console.log(`AIR-TRACE cmd 0x${opcode.toString(16).padStart(4, '0')} ${packet.subarray(4).toString('hex')}`);
    if (!seen.has(opcode)) {
      seen.add(opcode);
      console.log(`AIR-CMD 0x${opcode.toString(16).padStart(4, '0')}`);
    }
    if (opcode === 0x0c03) {
      // A reset ends scanning, advertising and connections, as on a radio.
      controller.setPowered(false);
      controller.setPowered(true);
    }
    if (opcode === 0x2016) {
      // LE Read Remote Features (the kernel asks after each connection it is central of):
      // status, then the LE meta event "read remote features complete".
      const h = packet.readUInt16LE(4);
      send(P.commandStatus(opcode, 0));
      send(P.event(P.EVT_LE_META, Buffer.concat([bytes(0x04, 0x00, h & 0xff, h >> 8), zeros(8)])));
      return;
    }
    const answer = initAnswers.get(opcode);
    if (answer !== undefined) {
      send(P.commandComplete(opcode, 0, answer));
      return;
    }
  }
  controller.write(packet);
};
controller.on('host-data', (packet) => send(packet));

// The phone that hears the kiosk: whatever the host advertises.
let lastAdv = '';
controller.on('advertising', (adv) => {
  const c = adv.data.length > 0 ? classifyAdvertBytes(new Uint8Array(adv.data)) : { kind: 'none' };
  const id = c.kind === 'bluezone_android' || c.kind === 'kiosk' ? hex(c.id) : c.kind === 'gaen' ? hex(c.rpi) : '-';
  const line = `AIR-KIOSK-ADV ${adv.enabled ? 'on' : 'off'} ${c.kind} ${id}`;
  if (line !== lastAdv) console.log(line);
  lastAdv = line;
});

// Create the controller (HCI_VENDOR_PKT, HCI_PRIMARY); the kernel answers with its index.
send(bytes(0xff, 0x00));
const buf = Buffer.alloc(4096);
let stopped = false;
const pump = () =>
  read(fd, buf, 0, buf.length, null, (err, n) => {
    if (stopped) return;
    if (err) {
      console.log(`AIR-ERROR ${err.message}`);
      process.exit(1);
    }
    const packet = Buffer.from(buf.subarray(0, n));
    if (packet[0] === 0xff && n === 4) console.log(`AIR-UP ${packet.readUInt16LE(2)}`);
    else handle(packet);
    pump();
  });
pump();

// The phones, each sending once a second (BZ_AIR_INTERVAL_MS) with its own RSSI and a
// little noise. Phones advertise faster (100-1000 ms), but the emulated guest on a shared
// build machine cannot process 30 reports a second: at 100 ms the core's event loop stayed
// saturated and noble's scan start timed out.
const rssi = (base) => base + Math.round((Math.random() - 0.5) * 6);
const androidKey = randomBytes(32);
const gaenRpi = randomBytes(16);
const iosKey = randomBytes(32);
const slotIdNow = (key, lagMs) => slotId(new Uint8Array(key), Math.floor(((Date.now() - lagMs) % 86_400_000) / 900_000));
const iosAddress = 'd1:0a:02:00:00:05';
controller.addPeer({
  address: iosAddress,
  addressType: 'random',
  connect: 'accept',
  gatt: {
    serviceUuid: BLUEZONE_IOS_SERVICE_UUID,
    characteristicUuid: BLUEZONE_IOS_CHARACTERISTIC_UUID,
    read: () => {
      const id = slotIdNow(iosKey, 0);
      console.log(`AIR-GATT-READ ${hex(id)}`);
      return id;
    },
  },
});
let lastAndroid = '';
const tick = () => {
  const aid = slotIdNow(androidKey, lag);
  if (hex(aid) !== lastAndroid) console.log(`AIR-SENT android ${hex(aid)}`);
  lastAndroid = hex(aid);
  controller.receive({ address: 'e2:0a:02:00:00:02', addressType: 'random', eventType: P.ADV_NONCONN_IND, data: encodeBluezoneAdvert(aid), rssi: rssi(-55) });
  controller.receive({ address: 'e3:0a:02:00:00:03', addressType: 'random', eventType: P.ADV_NONCONN_IND, data: encodeGaenAdvert(new Uint8Array(gaenRpi), new Uint8Array(4)), rssi: rssi(-60) });
  controller.receiveConnectable(iosAddress, 'random', encodeIosServiceAdvert(), rssi(-50));
};
console.log(`AIR-SENT gaen ${hex(gaenRpi)}`);
const timer = setInterval(tick, Number(process.env.BZ_AIR_INTERVAL_MS ?? 1000));
setTimeout(() => {
  stopped = true;
  clearInterval(timer);
  console.log(`AIR-DONE delivered=${controller.counters.reportsDelivered} dropped=${controller.counters.reportsDropped} connections=${controller.counters.connections}`);
  closeSync(fd);
  process.exit(0);
}, Number(secondsArg) * 1000);
