// Visitor IDs rotate at every UTC quarter-hour, so one phone staying across a boundary
// shows up as two IDs. The kiosk estimates how many IDs of a slot are continuations of
// the previous slot by counting, per protocol, the IDs last seen just before the
// boundary against the new IDs first seen just after it. Only the count is kept and
// it never links two IDs to each other: linking rotating IDs would undo the rotation's
// privacy. The estimate stays local (dwell time); uploads carry arrivals only.

export interface BoundaryCounts {
  /** IDs of the previous slot last seen within the window before the boundary. */
  readonly leaving: number;
  /** IDs of this slot first seen within the window after the boundary. */
  readonly appearing: number;
}

/** Estimated number of devices that carried over the boundary. */
export function continuedAcross(c: BoundaryCounts): number {
  return Math.max(0, Math.min(c.leaving, c.appearing));
}

/** Arrivals of a slot: distinct devices minus the estimated carry-overs, never negative. */
export function arrivalsOf(devices: number, continued: number): number {
  return Math.max(0, devices - continued);
}

/** Mean dwell (ms) from total presence time and arrivals; undefined with no arrivals. */
export function meanDwellMs(presenceMs: number, arrivals: number): number | undefined {
  return arrivals > 0 ? presenceMs / arrivals : undefined;
}
