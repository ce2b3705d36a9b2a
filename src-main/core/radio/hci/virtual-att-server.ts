// The GATT database of a virtual Bluezone iPhone (docs/protocol.md §1.3): one primary
// service …A667 (handles 1-3) with one read-only characteristic …A689 (value handle 3).
// Answers the ATT requests noble's GATT client sends (MTU, Read By Group Type, Read By
// Type, Read), so the scanner's GATT path runs through noble's real client code.
import { uuid128ToAirBytes } from '../../../../shared/protocol/ble-uuids.js';

const ATT_ERROR = 0x01;
const ATT_MTU_REQ = 0x02;
const ATT_MTU_RESP = 0x03;
const ATT_FIND_INFO_REQ = 0x04;
const ATT_READ_BY_TYPE_REQ = 0x08;
const ATT_READ_BY_TYPE_RESP = 0x09;
const ATT_READ_REQ = 0x0a;
const ATT_READ_RESP = 0x0b;
const ATT_READ_BLOB_REQ = 0x0c;
const ATT_READ_BY_GROUP_REQ = 0x10;
const ATT_READ_BY_GROUP_RESP = 0x11;
const ERR_INVALID_HANDLE = 0x01;
const ERR_READ_NOT_PERMITTED = 0x02;
const ERR_REQUEST_NOT_SUPPORTED = 0x06;
const ERR_ATTRIBUTE_NOT_FOUND = 0x0a;
const PRIMARY_SERVICE = 0x2800;
const CHARACTERISTIC = 0x2803;
const PROP_READ = 0x02;

export const VIRTUAL_ATT_MTU = 23;

function error(request: number, handle: number, code: number): Uint8Array {
  return Uint8Array.of(ATT_ERROR, request, handle & 0xff, handle >> 8, code);
}

export interface VirtualGattService {
  readonly serviceUuid: string;
  readonly characteristicUuid: string;
  /** The value at read time; null answers "read not permitted". */
  read(): Uint8Array | null;
}

/** Returns the response PDU for one request PDU, or null for PDUs that need no answer. */
export function answerAtt(service: VirtualGattService, pdu: Uint8Array): Uint8Array | null {
  const op = pdu[0];
  if (op === undefined) return null;
  const u16 = (o: number) => (pdu[o] ?? 0) | ((pdu[o + 1] ?? 0) << 8);
  switch (op) {
    case ATT_MTU_REQ:
      return Uint8Array.of(ATT_MTU_RESP, VIRTUAL_ATT_MTU, 0);
    case ATT_READ_BY_GROUP_REQ: {
      const start = u16(1);
      if (u16(5) !== PRIMARY_SERVICE || start > 1) return error(op, start, ERR_ATTRIBUTE_NOT_FOUND);
      return Uint8Array.of(ATT_READ_BY_GROUP_RESP, 20, 1, 0, 3, 0, ...uuid128ToAirBytes(service.serviceUuid));
    }
    case ATT_READ_BY_TYPE_REQ: {
      const start = u16(1);
      if (u16(5) !== CHARACTERISTIC || start > 2) return error(op, start, ERR_ATTRIBUTE_NOT_FOUND);
      return Uint8Array.of(ATT_READ_BY_TYPE_RESP, 21, 2, 0, PROP_READ, 3, 0, ...uuid128ToAirBytes(service.characteristicUuid));
    }
    case ATT_FIND_INFO_REQ:
      return error(op, u16(1), ERR_ATTRIBUTE_NOT_FOUND);
    case ATT_READ_REQ:
    case ATT_READ_BLOB_REQ: {
      const handle = u16(1);
      if (handle !== 3) return error(op, handle, ERR_INVALID_HANDLE);
      const value = service.read();
      if (value === null) return error(op, handle, ERR_READ_NOT_PERMITTED);
      const offset = op === ATT_READ_BLOB_REQ ? u16(3) : 0;
      return Uint8Array.of(op === ATT_READ_REQ ? ATT_READ_RESP : 0x0d, ...value.subarray(offset, offset + VIRTUAL_ATT_MTU - 1));
    }
    default:
      // Commands (bit 6 set) and confirmations get no response; any other request an error.
      return (op & 0x40) !== 0 || op === 0x1e ? null : error(op, 0, ERR_REQUEST_NOT_SUPPORTED);
  }
}
