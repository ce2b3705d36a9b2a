import { describe, expect, it } from 'vitest';
import {
  LANGS,
  MESSAGES,
  alertMessageKey,
  placeholdersOf,
  radioStateMessageKey,
  translate,
  type MessageKey,
} from '../../../../shared/i18n/translate.js';
import type { AlertCode } from '../../../../shared/api/core-api.js';
import type { RadioState } from '../../../../shared/domain/types.js';

const VI_KEYS = Object.keys(MESSAGES.vi) as MessageKey[];
/** Letters only Vietnamese uses (precomposed, NFC): at least one must appear in a Vietnamese sentence. */
const VIETNAMESE_LETTERS = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựơỳýỷỹỵđ]/i;
/** Strings that are the same in both languages, or deliberately name the other language. */
const LANGUAGE_NEUTRAL = new Set<MessageKey>(['app_name', 'lang_toggle', 'bluezone_android', 'bluezone_ios', 'radio_title', 'pin_ok']);
/** UTF-8 read as Latin-1/CP1252 leaves these behind; U+FFFD is a decoder's replacement character. */
const MOJIBAKE = /Ã.|Â.|Ä.|Æ.|á»|áº|â€|\uFFFD/;

describe('UI strings', () => {
  it('has every key in both languages, none empty', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual([...VI_KEYS].sort());
    for (const lang of LANGS) {
      for (const key of VI_KEYS) expect(MESSAGES[lang][key].trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of VI_KEYS) {
      expect(placeholdersOf(MESSAGES.en[key]), key).toEqual(placeholdersOf(MESSAGES.vi[key]));
    }
  });

  it('writes Vietnamese with its diacritics, in NFC, without mojibake', () => {
    for (const key of VI_KEYS) {
      const text = MESSAGES.vi[key];
      expect(text.normalize('NFC'), `${key} must be precomposed`).toBe(text);
      expect(MOJIBAKE.test(text), `${key} looks like mojibake: ${text}`).toBe(false);
      if (!LANGUAGE_NEUTRAL.has(key)) expect(text, `${key} has no Vietnamese letter`).toMatch(VIETNAMESE_LETTERS);
    }
  });

  it('keeps English free of mojibake and Vietnamese letters (except the toggle naming Vietnamese)', () => {
    for (const key of VI_KEYS) {
      const text = MESSAGES.en[key];
      expect(MOJIBAKE.test(text), key).toBe(false);
      if (key !== 'lang_toggle') expect(text, key).not.toMatch(VIETNAMESE_LETTERS);
    }
  });

  it('spells the three install steps as the brief requires', () => {
    expect(translate('vi', 'step1_title')).toBe('Tải Bluezone');
    expect(translate('vi', 'step2_title')).toBe('Bật Bluetooth, cấp quyền cho Bluezone');
    expect(translate('vi', 'step3_title')).toBe('Luôn giữ ứng dụng chạy');
    expect(translate('vi', 'step4_title')).toBe('Đưa điện thoại sát kiosk');
    expect(translate('vi', 'checkin_title')).toBe('Đã ghi nhận');
  });

  it('states what is and is not recorded, with the retention period the core reports', () => {
    for (const lang of LANGS) expect(translate(lang, 'privacy_retention', { days: 14 })).toMatch(/\b14 (ngày|days)\b/);
    expect(translate('vi', 'privacy_not_recorded')).toMatch(/tên.*số điện thoại.*vị trí/);
    expect(translate('en', 'privacy_not_recorded')).toMatch(/name.*phone number.*location/);
  });

  it('interpolates variables and leaves a missing one visible', () => {
    expect(translate('vi', 'upload_queue', { n: 3 })).toBe('Đang chờ gửi: 3 gói');
    expect(translate('en', 'upload_queue', { n: 0 })).toBe('Waiting to send: 0 batches');
    expect(translate('en', 'upload_queue', {})).toBe('Waiting to send: {n} batches');
    expect(translate('en', 'upload_queue')).toBe('Waiting to send: {n} batches');
  });

  it('has a message for every alert code and radio state', () => {
    const alerts: AlertCode[] = [
      'radio_down',
      'clock_unsynced',
      'upload_failing',
      'not_enrolled',
      'exposure_notice',
      'storage_recovered',
      'disk_low',
    ];
    const states: RadioState[] = ['starting', 'scanning', 'powered_off', 'no_adapter', 'error', 'stopped'];
    for (const key of [...alerts.map(alertMessageKey), ...states.map(radioStateMessageKey)]) {
      expect(VI_KEYS).toContain(key);
    }
  });
});
