// One registry of the advert protocols the kiosk hears: how long an ID is, which family it
// belongs to, which classifier decode step finds it, and what the kiosk does with it
// (counted, stored, uploaded). A new advert format adds an entry here and a decode step in
// advert-classifier.ts; the engine, the store and the upload rules read this table.
import type { Protocol } from '../domain/types.js';

export type ProtocolFamily = 'bluezone' | 'gaen';

export interface AdvertProtocolInfo {
  readonly protocol: Protocol;
  readonly family: ProtocolFamily;
  /** ID length on air, in bytes; IDs travel as upper-case hex of twice this length. */
  readonly idBytes: number;
  /** The classifier decode step that yields it (advert-classifier.ts `DECODE_STEPS`). */
  readonly decoder: 'bluezone_android' | 'bluezone_ios' | 'gaen';
  /**
   * IDs rotate on Bluezone's UTC quarter-hour grid, so an ID heard just after a boundary
   * still belongs to the slot its phone computed it for (phones lag up to ~30 s).
   */
  readonly slotBound: boolean;
  /** Counted in presence and attendance. */
  readonly counted: boolean;
  /** Kept as encounter rows in the kiosk store (exposure matching needs the ID). */
  readonly stored: boolean;
  /** Sent to the key server as encounters. */
  readonly uploaded: boolean;
}

export const ADVERT_PROTOCOLS: Readonly<Record<Protocol, AdvertProtocolInfo>> = {
  bluezone_android: {
    protocol: 'bluezone_android',
    family: 'bluezone',
    idBytes: 12,
    decoder: 'bluezone_android',
    slotBound: true,
    counted: true,
    stored: true,
    uploaded: true,
  },
  bluezone_ios: {
    protocol: 'bluezone_ios',
    family: 'bluezone',
    idBytes: 12,
    decoder: 'bluezone_ios',
    slotBound: true,
    counted: true,
    stored: true,
    uploaded: true,
  },
  // Foreign exposure-notification phones: the server cannot match their rolling IDs against
  // anything, so storing or uploading them would only keep identifiers without a purpose.
  gaen: {
    protocol: 'gaen',
    family: 'gaen',
    idBytes: 16,
    decoder: 'gaen',
    slotBound: false,
    counted: true,
    stored: false,
    uploaded: false,
  },
};

/** Hex length of a protocol's IDs; 0 for anything that is not a protocol. */
export function idHexLength(protocol: unknown): number {
  if (typeof protocol !== 'string' || !Object.hasOwn(ADVERT_PROTOCOLS, protocol)) return 0;
  return ADVERT_PROTOCOLS[protocol as Protocol].idBytes * 2;
}

export function isStored(protocol: Protocol): boolean {
  return ADVERT_PROTOCOLS[protocol].stored;
}

export function isSlotBound(protocol: Protocol): boolean {
  return ADVERT_PROTOCOLS[protocol].slotBound;
}

export const UPLOADED_PROTOCOLS: readonly Protocol[] = (Object.keys(ADVERT_PROTOCOLS) as Protocol[]).filter(
  (p) => ADVERT_PROTOCOLS[p].uploaded,
);
