// Bluezone phones insert the same peer ID at most once per 5 s (docs/protocol.md
// §2.2); the kiosk counts the same way so its counts compare with the phones' logs.

export const DEDUP_MS = 5_000;

/** True when a reception at `at` is to be counted, given when the ID was last counted. */
export function shouldCount(lastCountedAt: number, at: number, windowMs: number): boolean {
  // NaN (never counted) compares false, so the first reception always counts. A
  // reception older than the last counted one (out of order) is not counted twice.
  return !(at - lastCountedAt < windowMs);
}
