// The parts of an advertisement the classifier looks at, in one normalised shape whether
// they come from raw bytes (our AD parser) or from noble's parsed advertisement object.
import { AD_TYPE, parseAdStructures, type AdRejectReason, type AdStructure } from './ad-structures.js';
import { canonicalUuid, uuid128FromAirBytes } from './ble-uuids.js';

export interface ManufacturerField {
  readonly companyId: number;
  /** Payload after the 2-byte company ID. */
  readonly payload: Uint8Array;
}

export interface ServiceDataField {
  /** Canonical UUID (ble-uuids.ts). */
  readonly uuid: string;
  readonly data: Uint8Array;
}

export interface AdvertFields {
  /** Canonical UUIDs from every service-UUID list, de-duplicated. */
  readonly serviceUuids: readonly string[];
  readonly manufacturer: readonly ManufacturerField[];
  readonly serviceData: readonly ServiceDataField[];
}

export type FieldsRejectReason =
  | AdRejectReason
  | 'ad_bad_uuid_list'
  | 'ad_short_manufacturer'
  | 'ad_short_service_data'
  | 'noble_bad_advertisement';

export type FieldsResult =
  | { readonly ok: true; readonly fields: AdvertFields }
  | { readonly ok: false; readonly reason: FieldsRejectReason };

function hexLe(bytes: Uint8Array): string {
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i -= 1) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}

const UUID_LISTS: Record<number, number> = {
  [AD_TYPE.incomplete16]: 2,
  [AD_TYPE.complete16]: 2,
  [AD_TYPE.incomplete32]: 4,
  [AD_TYPE.complete32]: 4,
  [AD_TYPE.incomplete128]: 16,
  [AD_TYPE.complete128]: 16,
};

const SERVICE_DATA: Record<number, number> = {
  [AD_TYPE.serviceData16]: 2,
  [AD_TYPE.serviceData32]: 4,
  [AD_TYPE.serviceData128]: 16,
};

export function fieldsFromAdStructures(structures: readonly AdStructure[]): FieldsResult {
  const uuids = new Set<string>();
  const manufacturer: ManufacturerField[] = [];
  const serviceData: ServiceDataField[] = [];
  for (const s of structures) {
    const width = UUID_LISTS[s.type];
    if (width !== undefined) {
      if (s.data.length % width !== 0) return { ok: false, reason: 'ad_bad_uuid_list' };
      for (let o = 0; o < s.data.length; o += width) {
        const part = s.data.subarray(o, o + width);
        uuids.add(canonicalUuid(width === 16 ? uuid128FromAirBytes(part) : hexLe(part))!);
      }
      continue;
    }
    const sdWidth = SERVICE_DATA[s.type];
    if (sdWidth !== undefined) {
      if (s.data.length < sdWidth) return { ok: false, reason: 'ad_short_service_data' };
      const head = s.data.subarray(0, sdWidth);
      serviceData.push({
        uuid: canonicalUuid(sdWidth === 16 ? uuid128FromAirBytes(head) : hexLe(head))!,
        data: s.data.subarray(sdWidth),
      });
      continue;
    }
    if (s.type === AD_TYPE.manufacturer) {
      if (s.data.length < 2) return { ok: false, reason: 'ad_short_manufacturer' };
      manufacturer.push({ companyId: s.data[0]! | (s.data[1]! << 8), payload: s.data.subarray(2) });
    }
  }
  return { ok: true, fields: { serviceUuids: [...uuids], manufacturer, serviceData } };
}

export function fieldsFromAdvertBytes(bytes: Uint8Array): FieldsResult {
  const parsed = parseAdStructures(bytes);
  if (!parsed.ok) return parsed;
  return fieldsFromAdStructures(parsed.structures);
}

function asBytes(value: unknown): Uint8Array | null {
  return value instanceof Uint8Array ? value : null;
}

/**
 * Fields from noble's parsed `peripheral.advertisement` ({serviceUuids: string[],
 * manufacturerData?: Buffer incl. company ID, serviceData: {uuid, data}[]}). The object is
 * treated as untrusted: any shape other than that is rejected, never thrown on.
 * Quirk: noble keeps only the last manufacturer field and prints 16-bit UUIDs without
 * zero padding ("fd6f", but "abc" for 0x0ABC); canonicalUuid fixes the latter.
 */
export function fieldsFromNobleAdvertisement(advertisement: unknown): FieldsResult {
  if (typeof advertisement !== 'object' || advertisement === null) {
    return { ok: false, reason: 'noble_bad_advertisement' };
  }
  const adv = advertisement as Record<string, unknown>;
  const uuids = new Set<string>();
  const rawUuids = adv['serviceUuids'] ?? [];
  if (!Array.isArray(rawUuids)) return { ok: false, reason: 'noble_bad_advertisement' };
  for (const u of rawUuids) {
    const c = typeof u === 'string' ? canonicalUuid(u) : null;
    if (c === null) return { ok: false, reason: 'noble_bad_advertisement' };
    uuids.add(c);
  }
  const manufacturer: ManufacturerField[] = [];
  const rawMfr = adv['manufacturerData'];
  if (rawMfr !== undefined && rawMfr !== null) {
    const bytes = asBytes(rawMfr);
    if (bytes === null) return { ok: false, reason: 'noble_bad_advertisement' };
    if (bytes.length < 2) return { ok: false, reason: 'ad_short_manufacturer' };
    manufacturer.push({ companyId: bytes[0]! | (bytes[1]! << 8), payload: bytes.subarray(2) });
  }
  const serviceData: ServiceDataField[] = [];
  const rawSd = adv['serviceData'] ?? [];
  if (!Array.isArray(rawSd)) return { ok: false, reason: 'noble_bad_advertisement' };
  for (const entry of rawSd) {
    if (typeof entry !== 'object' || entry === null) return { ok: false, reason: 'noble_bad_advertisement' };
    const e = entry as Record<string, unknown>;
    const uuid = typeof e['uuid'] === 'string' ? canonicalUuid(e['uuid']) : null;
    const data = asBytes(e['data']);
    if (uuid === null || data === null) return { ok: false, reason: 'noble_bad_advertisement' };
    serviceData.push({ uuid, data });
  }
  return { ok: true, fields: { serviceUuids: [...uuids], manufacturer, serviceData } };
}
