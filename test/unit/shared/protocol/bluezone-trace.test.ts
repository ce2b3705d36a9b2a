import { describe, expect, it } from 'vitest';
import { formatTraceLine, parseTrace, parseTraceLine } from '../../../../shared/protocol/bluezone-trace.js';

// Rows in the shape of the captured Android upload (docs/protocol.md §6, thaidn/bluezone):
// own ID of key 4C5224B3… slot 23, a real peer ID, RSSI, Android ms timestamp.
const ANDROID = 'B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-74\t1596866191387';

describe('data_trace.txt parser', () => {
  it('parses an Android line exactly 68 bytes long, as in the captures', () => {
    expect(ANDROID.length + 1).toBe(68);
    const { rows, errors } = parseTrace(`${ANDROID}\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ line: 1, ownId: 'B9A665D754FE65E665D76A45', contactId: '7C3DEC4246EA6F90E38EA254', rssi: -74, timeMs: 1596866191387, timeUnit: 'ms' }]);
  });

  it('reads iOS timestamps as seconds', () => {
    const r = parseTraceLine('B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-60\t1596866191', 3);
    expect(r).toMatchObject({ timeMs: 1596866191000, timeUnit: 's', line: 3 });
  });

  it('accepts an empty contact field (classic-only rows of 3.0.7) and CRLF, skips blank lines', () => {
    const { rows, errors, blankLines } = parseTrace(`B9A665D754FE65E665D76A45\t\t-80\t1596866191387\r\n\n${ANDROID}\n`);
    expect(errors).toEqual([]);
    expect(blankLines).toBe(1);
    expect(rows.map((r) => [r.line, r.contactId])).toEqual([
      [1, null],
      [3, '7C3DEC4246EA6F90E38EA254'],
    ]);
  });

  it('reports each bad line with its number and a stable code', () => {
    const text = [
      ANDROID,
      'B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-74', // truncated
      'B9A665D754FE65E665D76A4\t7C3DEC4246EA6F90E38EA254\t-74\t1596866191387',
      'B9A665D754FE65E665D76A45\tZZ3DEC4246EA6F90E38EA254\t-74\t1596866191387',
      'B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\tloud\t1596866191387',
      'B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-74\t12',
      'B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-74\t1000000000',
      'B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-300\t1596866191387',
      'x'.repeat(300),
    ].join('\n');
    const { rows, errors } = parseTrace(text);
    expect(rows).toHaveLength(1);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'field_count'],
      [3, 'own_id_invalid'],
      [4, 'contact_id_invalid'],
      [5, 'rssi_invalid'],
      [6, 'timestamp_invalid'],
      [7, 'timestamp_invalid'],
      [8, 'rssi_invalid'],
      [9, 'line_too_long'],
    ]);
  });

  it('upper-cases lower-case hex and round-trips formatTraceLine', () => {
    const line = formatTraceLine('b9a665d754fe65e665d76a45', '7c3dec4246ea6f90e38ea254', -53, 1596866191387);
    const r = parseTraceLine(line, 1);
    expect(r).toMatchObject({ ownId: 'B9A665D754FE65E665D76A45', contactId: '7C3DEC4246EA6F90E38EA254', rssi: -53 });
  });
});
