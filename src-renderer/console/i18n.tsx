// The console's language (Vietnamese first) and its bound translate function.
import { createContext, useContext } from 'react';
import type { Lang, MessageVars } from '../../shared/i18n/translate.js';
import { consoleText, errorText, type ConsoleMessageKey } from '../../shared/i18n/console-translate.js';

export interface ConsoleLang {
  lang: Lang;
  t(key: ConsoleMessageKey, vars?: MessageVars): string;
  /** On-screen text of an API error: translated by code, else the server's own message. */
  errorMessage(code: string, serverMessage: string): string;
  toggle(): void;
}

export function makeConsoleLang(lang: Lang, toggle: () => void): ConsoleLang {
  return {
    lang,
    t: (key, vars) => consoleText(lang, key, vars),
    errorMessage: (code, msg) => errorText(lang, code) ?? msg,
    toggle,
  };
}

export const ConsoleLangContext = createContext<ConsoleLang>(makeConsoleLang('vi', () => undefined));

export function useT(): ConsoleLang {
  return useContext(ConsoleLangContext);
}
