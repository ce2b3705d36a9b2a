// Waiting for a started service to answer, with a deadline and a way to give up early
// (a child died meanwhile, or Ctrl-C).
import { LauncherError } from './launcher-error.js';

export interface WaitDeps {
  /** One probe: resolves true when the service answers as ready. Must not throw. */
  probe(): Promise<boolean>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** True when waiting no longer makes sense. */
  cancelled(): boolean;
}

export async function waitUntilReady(what: string, deps: WaitDeps, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = deps.now() + timeoutMs;
  for (;;) {
    if (deps.cancelled()) return false;
    if (await deps.probe()) return true;
    if (deps.now() >= deadline) {
      throw new LauncherError('health_timeout', `${what} did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    await deps.sleep(intervalMs);
  }
}

/**
 * Probe for an HTTP service. With `anyStatus`, any answer counts (the service is listening,
 * e.g. the key server's 404 on `/`); otherwise only 2xx (the core's /api/health).
 */
export function httpProbe(url: string, fetchFn: typeof fetch, anyStatus = false): () => Promise<boolean> {
  return async () => {
    try {
      const res = await fetchFn(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return anyStatus || res.ok;
    } catch {
      // Connection refused while the service is still starting: not ready yet.
      return false;
    }
  };
}
