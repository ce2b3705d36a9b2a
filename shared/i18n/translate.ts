// Lookup and `{name}` interpolation for the UI strings. Pure: the renderer picks the
// language, this module only formats.
import type { AlertCode } from '../api/core-api.js';
import type { RadioState } from '../domain/types.js';
import { MESSAGES_EN } from './messages-en.js';
import { MESSAGES_VI, type MessageKey } from './messages-vi.js';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export type { MessageKey };

export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = {
  vi: MESSAGES_VI,
  en: MESSAGES_EN,
};

export type MessageVars = Readonly<Record<string, string | number>>;

/**
 * Formats one message. A placeholder without a value is left visible as `{name}` rather
 * than silently dropped, so a wiring mistake shows on screen and in tests.
 */
export function translate(lang: Lang, key: MessageKey, vars?: MessageVars): string {
  const template = MESSAGES[lang][key];
  if (!vars) return template;
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** Placeholder names used in a template, sorted: both languages must use the same set. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function alertMessageKey(code: AlertCode): MessageKey {
  return `alert_${code}`;
}

export function alertActionKey(code: AlertCode): MessageKey {
  return `alert_${code}_action`;
}

export function radioStateMessageKey(state: RadioState): MessageKey {
  return `radio_${state}`;
}

export function otherLang(lang: Lang): Lang {
  return lang === 'vi' ? 'en' : 'vi';
}
