// JSON Lines capture of what the scanner's adapter hears (format: ../capture-format.md).
// Parsing is total: each bad line is reported with its number and a stable reason.
import { isHex, toHex } from '../../../../shared/hex.js';

export const CAPTURE_FORMAT = 'bluezone-radio-capture';
export const CAPTURE_VERSION = 1;

export interface CaptureHeader {
  readonly type: 'header';
  readonly format: typeof CAPTURE_FORMAT;
  readonly version: number;
  /** Unix ms when recording started; `t` of other lines is relative to it. */
  readonly started_at: number;
  readonly source: string;
}

export interface CaptureAdvert {
  readonly type: 'advert';
  readonly t: number;
  readonly address: string;
  readonly address_type: 'public' | 'random';
  readonly event_type: number;
  readonly rssi: number;
  /** Raw advertising (or scan response) data, upper-case hex. */
  readonly data: string;
}

export interface CaptureGattRead {
  readonly type: 'gatt_read';
  readonly t: number;
  readonly address: string;
  /** Value of …A689, upper-case hex; absent when the read failed. */
  readonly value?: string;
  readonly error?: string;
}

export type CaptureLine = CaptureHeader | CaptureAdvert | CaptureGattRead;

export type CaptureParse =
  | { readonly ok: true; readonly line: CaptureLine }
  | { readonly ok: false; readonly reason: string };

const ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export function parseCaptureLine(text: string): CaptureParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'capture_bad_json' };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'capture_not_object' };
  const o = raw as Record<string, unknown>;
  switch (o['type']) {
    case 'header':
      if (o['format'] !== CAPTURE_FORMAT) return { ok: false, reason: 'capture_wrong_format' };
      if (o['version'] !== CAPTURE_VERSION) return { ok: false, reason: 'capture_unsupported_version' };
      if (!isInt(o['started_at'], 0, 2 ** 53)) return { ok: false, reason: 'capture_bad_header' };
      return { ok: true, line: { type: 'header', format: CAPTURE_FORMAT, version: CAPTURE_VERSION, started_at: o['started_at'], source: String(o['source'] ?? '') } };
    case 'advert': {
      const { t, address, address_type, event_type, rssi, data } = o;
      if (!isInt(t, 0, 2 ** 53) || typeof address !== 'string' || !ADDRESS.test(address)) return { ok: false, reason: 'capture_bad_advert' };
      if ((address_type !== 'public' && address_type !== 'random') || !isInt(event_type, 0, 4) || !isInt(rssi, -127, 20)) {
        return { ok: false, reason: 'capture_bad_advert' };
      }
      if (typeof data !== 'string' || !isHex(data) || data.length > 62) return { ok: false, reason: 'capture_bad_advert_data' };
      return { ok: true, line: { type: 'advert', t, address, address_type, event_type, rssi, data: data.toUpperCase() } };
    }
    case 'gatt_read': {
      const { t, address, value, error } = o;
      if (!isInt(t, 0, 2 ** 53) || typeof address !== 'string' || !ADDRESS.test(address)) return { ok: false, reason: 'capture_bad_gatt_read' };
      if (value !== undefined && (typeof value !== 'string' || !isHex(value) || value.length > 1024)) return { ok: false, reason: 'capture_bad_gatt_read' };
      return {
        ok: true,
        line: {
          type: 'gatt_read',
          t,
          address,
          ...(typeof value === 'string' ? { value: value.toUpperCase() } : {}),
          ...(typeof error === 'string' ? { error: error.slice(0, 64) } : {}),
        },
      };
    }
    default:
      return { ok: false, reason: 'capture_unknown_type' };
  }
}

export function advertLine(t: number, address: string, addressType: string, eventType: number, rssi: number, data: Uint8Array): string {
  const line: CaptureAdvert = {
    type: 'advert',
    t,
    address,
    address_type: addressType === 'random' ? 'random' : 'public',
    event_type: eventType,
    rssi,
    data: toHex(data),
  };
  return JSON.stringify(line);
}

export function gattLine(t: number, address: string, result: { value: Uint8Array } | { error: string }): string {
  const line: CaptureGattRead =
    'value' in result ? { type: 'gatt_read', t, address, value: toHex(result.value) } : { type: 'gatt_read', t, address, error: result.error };
  return JSON.stringify(line);
}

export function headerLine(startedAt: number, source: string): string {
  const line: CaptureHeader = { type: 'header', format: CAPTURE_FORMAT, version: CAPTURE_VERSION, started_at: startedAt, source };
  return JSON.stringify(line);
}

