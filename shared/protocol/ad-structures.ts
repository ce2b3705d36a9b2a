// Parser of raw BLE advertising / scan-response data (Core Spec Vol 3 Part C §11): a run of
// AD structures `len type data[len-1]`. Bytes come off the air, so nothing here trusts a length:
// every structure is bounds-checked, the parse is a single forward pass (no hang on any input)
// and it never throws — bad input is returned as a stable reason code.

/** Legacy adverts carry 31 bytes, extended ones up to 1650; anything longer is not an advert. */
export const MAX_AD_BYTES = 1650;

export interface AdStructure {
  readonly type: number;
  readonly data: Uint8Array;
}

export type AdRejectReason =
  | 'ad_too_long'
  | 'ad_truncated_structure'
  | 'ad_nonzero_padding';

export type AdParseResult =
  | { readonly ok: true; readonly structures: readonly AdStructure[] }
  | { readonly ok: false; readonly reason: AdRejectReason };

export function parseAdStructures(bytes: Uint8Array): AdParseResult {
  if (bytes.length > MAX_AD_BYTES) return { ok: false, reason: 'ad_too_long' };
  const structures: AdStructure[] = [];
  let i = 0;
  while (i < bytes.length) {
    const len = bytes[i]!;
    if (len === 0) {
      // A zero length ends the significant part; controllers pad the rest with zeros
      // (bleno sends the advert padded to 31 bytes). Anything else after it is garbage.
      for (let j = i + 1; j < bytes.length; j += 1) {
        if (bytes[j] !== 0) return { ok: false, reason: 'ad_nonzero_padding' };
      }
      break;
    }
    if (i + 1 + len > bytes.length) return { ok: false, reason: 'ad_truncated_structure' };
    structures.push({ type: bytes[i + 1]!, data: bytes.subarray(i + 2, i + 1 + len) });
    i += 1 + len;
  }
  return { ok: true, structures };
}

/** Serialises AD structures; throws RangeError for a structure that cannot be encoded. */
export function encodeAdStructures(structures: readonly AdStructure[]): Uint8Array {
  let total = 0;
  for (const s of structures) {
    if (!Number.isInteger(s.type) || s.type < 0 || s.type > 255) throw new RangeError(`bad AD type ${s.type}`);
    if (s.data.length > 254) throw new RangeError(`AD structure too long: ${s.data.length}`);
    total += 2 + s.data.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const s of structures) {
    out[o] = s.data.length + 1;
    out[o + 1] = s.type;
    out.set(s.data, o + 2);
    o += 2 + s.data.length;
  }
  return out;
}

export const AD_TYPE = {
  flags: 0x01,
  incomplete16: 0x02,
  complete16: 0x03,
  incomplete32: 0x04,
  complete32: 0x05,
  incomplete128: 0x06,
  complete128: 0x07,
  shortName: 0x08,
  completeName: 0x09,
  txPower: 0x0a,
  serviceData16: 0x16,
  serviceData32: 0x20,
  serviceData128: 0x21,
  manufacturer: 0xff,
} as const;
