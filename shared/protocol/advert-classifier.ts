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

export type RejectReason =
  | Extract<FieldsResult, { ok: false }>['reason']
  | 'bluezone_missing_id'
  | 'bluezone_bad_id_length'
  | 'bluezone_conflicting_ids'
  | 'gaen_bad_length'
  | 'classifier_internal_error';

export type AdvertClass =
  | { readonly kind: 'bluezone_android'; readonly id: Uint8Array }
  | { readonly kind: 'bluezone_ios_candidate'; readonly via: IosDetection }
  | { readonly kind: 'gaen'; readonly rpi: Uint8Array; readonly aem: Uint8Array }
  | { readonly kind: 'noise' }
  | { readonly kind: 'rejected'; readonly reason: RejectReason };

export function classifyFields(fields: AdvertFields): AdvertClass {
  const android = decodeBluezoneAndroid(fields);
  if (android.kind !== 'not_bluezone_android') return android;
  const ios = detectBluezoneIos(fields);
  if (ios !== null) return { kind: 'bluezone_ios_candidate', via: ios };
  const gaen = decodeGaen(fields);
  if (gaen.kind !== 'not_gaen') return gaen;
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
