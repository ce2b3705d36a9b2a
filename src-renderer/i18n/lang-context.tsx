// The chosen language and a bound translate function for every screen.
import { createContext, useContext } from 'react';
import { translate, otherLang, type Lang, type MessageKey, type MessageVars } from '../../shared/i18n/translate.js';

export interface LangApi {
  lang: Lang;
  /** Text in the chosen language. */
  t(key: MessageKey, vars?: MessageVars): string;
  /** Same text in the other language, for the smaller secondary lines. */
  t2(key: MessageKey, vars?: MessageVars): string;
  toggle(): void;
}

export function makeLangApi(lang: Lang, toggle: () => void): LangApi {
  return {
    lang,
    t: (key, vars) => translate(lang, key, vars),
    t2: (key, vars) => translate(otherLang(lang), key, vars),
    toggle,
  };
}

export const LangContext = createContext<LangApi>(makeLangApi('vi', () => undefined));

export function useLang(): LangApi {
  return useContext(LangContext);
}

export function htmlLang(lang: Lang): string {
  return lang === 'vi' ? 'vi' : 'en';
}
