// HCI packet framing used by the virtual controller (Core Spec Vol 4 Part E §5.4, §7.7).
// Only the events noble and bleno act on are built here.

export const HCI_COMMAND_PKT = 0x01;
export const HCI_ACLDATA_PKT = 0x02;
export const HCI_EVENT_PKT = 0x04;

export const EVT_DISCONN_COMPLETE = 0x05;
export const EVT_CMD_COMPLETE = 0x0e;
export const EVT_CMD_STATUS = 0x0f;
export const EVT_NUM_COMPLETED_PACKETS = 0x13;
export const EVT_LE_META = 0x3e;
export const LE_CONN_COMPLETE = 0x01;
export const LE_ADVERTISING_REPORT = 0x02;

export const OP = {
  disconnect: 0x0406,
  reset: 0x0c03,
  readLocalVersion: 0x1001,
  readBufferSize: 0x1005,
  readBdAddr: 0x1009,
  readLeHostSupported: 0x0c6c,
  readRssi: 0x1405,
  leReadBufferSize: 0x2002,
  leSetAdvParams: 0x2006,
  leSetAdvData: 0x2008,
  leSetScanRspData: 0x2009,
  leSetAdvEnable: 0x200a,
  leSetScanParams: 0x200b,
  leSetScanEnable: 0x200c,
  leCreateConn: 0x200d,
  leCreateConnCancel: 0x200e,
} as const;

/** Advertising report event types (Core Spec Vol 4 Part E §7.7.65.2). */
export const ADV_IND = 0x00;
export const ADV_NONCONN_IND = 0x03;
export const SCAN_RSP = 0x04;

export const STATUS_UNKNOWN_CONNECTION = 0x02;
export const STATUS_COMMAND_DISALLOWED = 0x0c;
export const STATUS_CONN_FAILED_TO_ESTABLISH = 0x3e;

/** "aa:bb:cc:dd:ee:ff" → on-wire little-endian bytes. */
export function addressToWire(address: string): Buffer {
  const hex = address.split(':').reverse().join('');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) throw new RangeError(`bad BD_ADDR ${address}`);
  return Buffer.from(hex, 'hex');
}

export function addressFromWire(bytes: Uint8Array): string {
  return [...bytes].reverse().map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export function event(code: number, params: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(HCI_EVENT_PKT, code, params.length), params]);
}

export function commandComplete(opcode: number, status: number, result: Uint8Array = new Uint8Array(0)): Buffer {
  return event(EVT_CMD_COMPLETE, Buffer.concat([Buffer.of(1, opcode & 0xff, opcode >> 8, status), result]));
}

export function commandStatus(opcode: number, status: number): Buffer {
  return event(EVT_CMD_STATUS, Buffer.of(status, 1, opcode & 0xff, opcode >> 8));
}

export function advertisingReport(
  eventType: number,
  address: string,
  addressType: 'public' | 'random',
  data: Uint8Array,
  rssi: number,
): Buffer {
  const rssiByte = Math.max(-127, Math.min(20, Math.round(rssi))) & 0xff;
  return event(
    EVT_LE_META,
    Buffer.concat([
      Buffer.of(LE_ADVERTISING_REPORT, 1, eventType, addressType === 'random' ? 1 : 0),
      addressToWire(address),
      Buffer.of(data.length),
      data,
      Buffer.of(rssiByte),
    ]),
  );
}

export function leConnComplete(
  status: number,
  handle: number,
  role: 0 | 1,
  address: string,
  addressType: 'public' | 'random',
): Buffer {
  const p = Buffer.alloc(19);
  p[0] = LE_CONN_COMPLETE;
  p[1] = status;
  p.writeUInt16LE(handle, 2);
  p[4] = role;
  p[5] = addressType === 'random' ? 1 : 0;
  addressToWire(address).copy(p, 6);
  p.writeUInt16LE(0x0018, 12); // interval 30 ms
  p.writeUInt16LE(0, 14); // latency
  p.writeUInt16LE(0x0048, 16); // supervision timeout 720 ms
  p[18] = 0;
  return event(EVT_LE_META, p);
}

export function disconnComplete(handle: number, reason: number): Buffer {
  const p = Buffer.alloc(4);
  p[0] = 0;
  p.writeUInt16LE(handle, 1);
  p[3] = reason;
  return event(EVT_DISCONN_COMPLETE, p);
}

export function numCompletedPackets(handle: number, count: number): Buffer {
  const p = Buffer.alloc(5);
  p[0] = 1;
  p.writeUInt16LE(handle, 1);
  p.writeUInt16LE(count, 3);
  return event(EVT_NUM_COMPLETED_PACKETS, p);
}

/** One ACL packet carrying a whole L2CAP frame (ATT PDUs here stay under the 27-byte LE MTU). */
export function aclPacket(handle: number, cid: number, payload: Uint8Array): Buffer {
  const p = Buffer.alloc(9 + payload.length);
  p[0] = HCI_ACLDATA_PKT;
  p.writeUInt16LE((handle & 0x0fff) | (0x02 << 12), 1);
  p.writeUInt16LE(payload.length + 4, 3);
  p.writeUInt16LE(payload.length, 5);
  p.writeUInt16LE(cid, 7);
  Buffer.from(payload).copy(p, 9);
  return p;
}
