// Lookup and `{name}` interpolation for the console's strings, and the on-screen text for
// an API error code (the server's English message when the code has no translation).
import type { Lang, MessageVars } from './translate.js';
import { CONSOLE_EN } from './console-en.js';
import { CONSOLE_VI, type ConsoleMessageKey } from './console-vi.js';

export type { ConsoleMessageKey };

export const CONSOLE_MESSAGES: Readonly<Record<Lang, Readonly<Record<ConsoleMessageKey, string>>>> = { vi: CONSOLE_VI, en: CONSOLE_EN };

export function consoleText(lang: Lang, key: ConsoleMessageKey, vars?: MessageVars): string {
  const template = CONSOLE_MESSAGES[lang][key];
  if (!vars) return template;
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

export function isConsoleMessageKey(key: string): key is ConsoleMessageKey {
  return Object.prototype.hasOwnProperty.call(CONSOLE_VI, key);
}

/** Text for an error code; null when the console has none (show the server's message). */
export function errorText(lang: Lang, code: string): string | null {
  const key = `err_${code}`;
  return isConsoleMessageKey(key) ? consoleText(lang, key) : null;
}
