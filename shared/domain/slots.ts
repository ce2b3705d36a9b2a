// The UTC quarter-hour grid that Bluezone IDs rotate on (docs/protocol.md §2.1):
// 96 slots of 900 000 ms per day, aligned to UTC midnight.

export const DAY_MS = 86_400_000;
export const SLOTS_PER_DAY = 96;
export const SLOT_MS = DAY_MS / SLOTS_PER_DAY;

/** Global slot number: slots since the Unix epoch. */
export function slotOf(timeMs: number): number {
  return Math.floor(timeMs / SLOT_MS);
}

export function slotStart(slot: number): number {
  return slot * SLOT_MS;
}

export function slotEnd(slot: number): number {
  return (slot + 1) * SLOT_MS;
}

/** Index of a slot within its UTC day (0 … 95). */
export function slotIndexInDay(slot: number): number {
  return ((slot % SLOTS_PER_DAY) + SLOTS_PER_DAY) % SLOTS_PER_DAY;
}

/** UTC midnight (ms) of the day a time falls in. */
export function utcDayStart(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS) * DAY_MS;
}

/** Day number since the epoch (UTC). */
export function dayOf(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS);
}
