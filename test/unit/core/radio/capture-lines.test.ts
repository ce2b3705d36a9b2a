import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advertLine, gattLine, headerLine, parseCaptureLine } from '../../../../src-main/core/radio/capture/capture-lines.js';

describe('capture lines', () => {
  it('round-trips the lines record writes', () => {
    expect(parseCaptureLine(headerLine(1000, 'hci0'))).toEqual({ ok: true, line: { type: 'header', format: 'bluezone-radio-capture', version: 1, started_at: 1000, source: 'hci0' } });
    expect(parseCaptureLine(advertLine(5, 'c0:01:02:03:04:05', 'random', 0, -61, Uint8Array.of(2, 1, 6)))).toEqual({
      ok: true,
      line: { type: 'advert', t: 5, address: 'c0:01:02:03:04:05', address_type: 'random', event_type: 0, rssi: -61, data: '020106' },
    });
    expect(parseCaptureLine(gattLine(9, 'c0:01:02:03:04:05', { error: 'gatt_timeout' }))).toEqual({
      ok: true,
      line: { type: 'gatt_read', t: 9, address: 'c0:01:02:03:04:05', error: 'gatt_timeout' },
    });
  });

  it('rejects a newer version and a foreign format', () => {
    expect(parseCaptureLine('{"type":"header","format":"bluezone-radio-capture","version":2,"started_at":0}')).toEqual({ ok: false, reason: 'capture_unsupported_version' });
    expect(parseCaptureLine('{"type":"header","format":"pcap","version":1,"started_at":0}')).toEqual({ ok: false, reason: 'capture_wrong_format' });
  });

  it('never throws on arbitrary text or JSON', () => {
    const jsonish = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.json({ maxDepth: 3 }),
      fc.record({ type: fc.constantFrom('advert', 'gatt_read', 'header'), t: fc.anything(), address: fc.anything(), data: fc.anything(), value: fc.anything(), rssi: fc.anything(), event_type: fc.anything(), address_type: fc.anything() }).map((o) => JSON.stringify(o) ?? ''),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        const r = parseCaptureLine(text);
        return r.ok || /^capture_[a-z_]+$/.test(r.reason);
      }),
      { numRuns: 5_000 },
    );
  }, 30_000);
});
