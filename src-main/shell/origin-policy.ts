// What the kiosk window may load. The window is a public touchscreen: anything that leaves
// the core's origin (a link in an error page, a redirect, window.open) would hand visitors
// a general-purpose browser, so navigation and every request are pinned to one origin.

export class ShellConfigError extends Error {
  readonly code = 'shell_config_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ShellConfigError';
  }
}

export const DEFAULT_CORE_URL = 'http://127.0.0.1:8787';

/** Validates the core's URL: plain http(s), no credentials (they would sit in every request). */
export function parseCoreUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ShellConfigError(`core URL ${JSON.stringify(raw)} is not a URL; expected e.g. ${DEFAULT_CORE_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ShellConfigError(`core URL ${JSON.stringify(raw)} must use http: or https:`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ShellConfigError('core URL must not carry a user name or password');
  }
  return url;
}

function originOf(raw: string): string | null {
  try {
    return new URL(raw).origin;
  } catch {
    return null;
  }
}

/** Top-level navigation (including redirects): only pages of the core itself. */
export function navigationAllowed(target: string, coreOrigin: string): boolean {
  const protocol = target.slice(0, target.indexOf(':') + 1);
  if (protocol !== 'http:' && protocol !== 'https:') return false;
  return originOf(target) === coreOrigin;
}

/**
 * Any request the page makes (scripts, fonts, fetch, EventSource, images). Besides the
 * core's origin only inline `data:` and same-origin `blob:` URLs pass: the UI uses a
 * `data:` favicon and nothing else from outside the core.
 */
export function requestAllowed(target: string, coreOrigin: string): boolean {
  if (target.startsWith('data:')) return true;
  if (target.startsWith('blob:')) return originOf(target) === coreOrigin;
  return navigationAllowed(target, coreOrigin);
}
