// The console's F0 preview: same parsers and codes as the server, every problem listed by
// line or entry, lines outside the window counted as ignored, base_id never passed on.
import { describe, expect, it } from 'vitest';
import { previewF0 } from '../../../../shared/domain/f0-preview.js';
import { formatTraceLine } from '../../../../shared/protocol/bluezone-trace.js';

const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
const T0 = 1596844800;
const S0 = (T0 * 1000) / 900_000;
const FROM = S0;
const TO = S0 + 95;
const none = { infoF: '', dailyKeys: '', history: '' };

describe('previewF0', () => {
  it('accepts the phone InfoF and drops base_id from what is sent', () => {
    const p = previewF0({ ...none, infoF: JSON.stringify({ base_id: KEY_A, time: T0, daily_key: KEY_A, time_start: T0 }) }, FROM, TO);
    expect(p.problems).toEqual([]);
    expect(p.body.info_f).toEqual({ daily_key: KEY_A, time_start: T0, time: T0 });
  });

  it('accepts the pushed {"data": [...]} list, also as a JSON string, and reports bad entries by index', () => {
    const entry = { daily_key: KEY_A, time_start: T0, time_end: T0 + 86_399, max: 96 };
    expect(previewF0({ ...none, dailyKeys: JSON.stringify(JSON.stringify({ data: [entry] })) }, FROM, TO).keyEntries).toBe(1);
    const p = previewF0({ ...none, dailyKeys: JSON.stringify({ data: [entry, { ...entry, max: 48 }, { ...entry, daily_key: 'XYZ' }] }) }, FROM, TO);
    expect(p.problems.map((x) => [x.index, x.code])).toEqual([
      [1, 'max_invalid'],
      [2, 'key_invalid'],
    ]);
  });

  it('lists every bad history line by number and counts lines outside the window as ignored', () => {
    const good = formatTraceLine('B9A665D754FE65E665D76A45', '7C3DEC4246EA6F90E38EA254', -74, 1596866191387);
    const later = formatTraceLine('B9A665D754FE65E665D76A45', '7C3DEC4246EA6F90E38EA254', -74, 1597471200000);
    const p = previewF0({ ...none, history: [good, 'garbage', later, good.replace('-74', 'x')].join('\n') }, FROM, TO);
    expect(p.problems.map((x) => [x.line, x.code])).toEqual([
      [2, 'field_count'],
      [4, 'rssi_invalid'],
    ]);
    expect([p.historyLines, p.historyUsed, p.historyIgnored, p.historyContacts]).toEqual([2, 1, 1, 1]);
  });

  it('says what is wrong with a file of the wrong kind or no data at all', () => {
    expect(previewF0({ ...none, infoF: 'daily_key=4C52' }, FROM, TO).problems[0]?.code).toBe('not_json');
    expect(previewF0({ ...none, infoF: '[1,2]' }, FROM, TO).problems[0]?.code).toBe('not_info_f');
    expect(previewF0({ ...none, dailyKeys: '{"hello": 1}' }, FROM, TO).problems[0]?.code).toBe('key_invalid');
    expect(previewF0(none, FROM, TO).problems[0]?.code).toBe('no_data');
  });
});
