// One decision per received advert: whose phone is it, and what is its ID? Pure and total —
// every input (raw bytes or noble's parsed object) is classified or rejected with a reason,
// so a hostile or broken advert can never throw out of the scan loop.
import { decodeBluezoneAndroid } from './bluezone-advert.js';
import { detectBluezoneIos, type IosDetection } from './bluezone-ios-advert.js';
import {
  fieldsFromAdvertBytes,
  fieldsFromNobleAdvertisement,
  type AdvertFields,
  type FieldsResult,
} from './advert-fields.js';
import { decodeGaen } from './gaen-advert.js';
import { hasKioskMarker } from './kiosk-advert.js';

export type RejectReason =
  | Extract<FieldsResult, { ok: false }>['reason']
  | 'bluezone_missing_id'
  | 'bluezone_bad_id_length'
  | 'bluezone_conflicting_ids'
  | 'gaen_bad_length'
  | 'classifier_internal_error';

export type AdvertClass =
  | { readonly kind: 'bluezone_android'; readonly id: Uint8Array }
  /** A kiosk of this system (ourselves or a neighbour): never a visitor. */
  | { readonly kind: 'kiosk'; readonly id: Uint8Array }
  | { readonly kind: 'bluezone_ios_candidate'; readonly via: IosDetection }
  | { readonly kind: 'gaen'; readonly rpi: Uint8Array; readonly aem: Uint8Array }
  | { readonly kind: 'noise' }
  | { readonly kind: 'rejected'; readonly reason: RejectReason };

/** One decode step per advert format; null means "not this format, try the next". */
export type DecodeStep = (fields: AdvertFields) => AdvertClass | null;

/** Bluezone Android layout; with this system's kiosk marker it is a kiosk, not a phone. */
export function decodeAndroidStep(fields: AdvertFields): AdvertClass | null {
  const android = decodeBluezoneAndroid(fields);
  if (android.kind === 'not_bluezone_android') return null;
  if (android.kind === 'bluezone_android' && hasKioskMarker(fields, android.id)) return { kind: 'kiosk', id: android.id };
  return android;
}

export function detectIosStep(fields: AdvertFields): AdvertClass | null {
  const ios = detectBluezoneIos(fields);
  return ios === null ? null : { kind: 'bluezone_ios_candidate', via: ios };
}

export function decodeGaenStep(fields: AdvertFields): AdvertClass | null {
  const gaen = decodeGaen(fields);
  return gaen.kind === 'not_gaen' ? null : gaen;
}

/** In order: the first step that recognises the advert decides (advert-protocols.ts). */
export const DECODE_STEPS: readonly { readonly name: 'bluezone_android' | 'bluezone_ios' | 'gaen'; readonly decode: DecodeStep }[] = [
  { name: 'bluezone_android', decode: decodeAndroidStep },
  { name: 'bluezone_ios', decode: detectIosStep },
  { name: 'gaen', decode: decodeGaenStep },
];

export function classifyFields(fields: AdvertFields): AdvertClass {
  for (const step of DECODE_STEPS) {
    const result = step.decode(fields);
    if (result !== null) return result;
  }
  return { kind: 'noise' };
}

function classifyResult(result: () => FieldsResult): AdvertClass {
  try {
    const r = result();
    return r.ok ? classifyFields(r.fields) : { kind: 'rejected', reason: r.reason };
  } catch {
    // Defence in depth: the parsers are total (fuzzed), but a getter on a foreign object
    // could still throw; the scan loop must see a rejection, not an exception.
    return { kind: 'rejected', reason: 'classifier_internal_error' };
  }
}

/** Classifies raw advertising (or advertising + scan response) bytes. */
export function classifyAdvertBytes(bytes: Uint8Array): AdvertClass {
  return classifyResult(() => fieldsFromAdvertBytes(bytes));
}

/** Classifies noble's parsed `peripheral.advertisement` object. */
export function classifyNobleAdvertisement(advertisement: unknown): AdvertClass {
  return classifyResult(() => fieldsFromNobleAdvertisement(advertisement));
}
