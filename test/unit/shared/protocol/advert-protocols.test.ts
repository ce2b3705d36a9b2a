// The registry is the one place a protocol's rules live; the classifier, the engine and the
// upload schema must agree with it.
import { describe, expect, it } from 'vitest';
import { ADVERT_PROTOCOLS, idHexLength, UPLOADED_PROTOCOLS } from '../../../../shared/protocol/advert-protocols.js';
import { DECODE_STEPS } from '../../../../shared/protocol/advert-classifier.js';
import { UploadedProtocolSchema } from '../../../../shared/api/kiosk-upload.js';
import { PROTOCOLS } from '../../../../shared/domain/types.js';

describe('advert protocol registry', () => {
  it('has one entry per protocol, each found by a decode step of the classifier', () => {
    expect(Object.keys(ADVERT_PROTOCOLS).sort()).toEqual([...PROTOCOLS].sort());
    const steps = DECODE_STEPS.map((s) => s.name);
    for (const p of PROTOCOLS) expect(steps).toContain(ADVERT_PROTOCOLS[p].decoder);
  });

  it('gives ID lengths in hex, and 0 for anything else', () => {
    expect(idHexLength('bluezone_android')).toBe(24);
    expect(idHexLength('bluezone_ios')).toBe(24);
    expect(idHexLength('gaen')).toBe(32);
    expect(idHexLength('toString')).toBe(0);
    expect(idHexLength(undefined)).toBe(0);
  });

  it('uploads exactly what the upload schema accepts, and never a protocol it does not store', () => {
    const schema = (UploadedProtocolSchema.anyOf as { const: string }[]).map((s) => s.const).sort();
    expect([...UPLOADED_PROTOCOLS].sort()).toEqual(schema);
    for (const p of PROTOCOLS) if (ADVERT_PROTOCOLS[p].uploaded) expect(ADVERT_PROTOCOLS[p].stored).toBe(true);
    expect(ADVERT_PROTOCOLS.gaen).toMatchObject({ counted: true, stored: false, uploaded: false });
  });
});
