// A screen on 24 hours a day burns in what never moves (the header, the QR code's frame).
// The whole page steps through a small orbit of offsets, a few pixels every few minutes:
// too slow and too small for anyone to notice, enough to spread the wear.
import { useEffect, useState } from 'react';

export const SHIFT_PERIOD_MS = 3 * 60_000;
/** A closed orbit within ±3 px, so the page never drifts further than its padding. */
export const SHIFT_ORBIT: readonly (readonly [number, number])[] = [
  [0, 0],
  [2, 1],
  [3, -1],
  [1, -3],
  [-1, -2],
  [-3, 0],
  [-2, 2],
  [0, 3],
];

export function shiftAt(nowMs: number, periodMs: number = SHIFT_PERIOD_MS): readonly [number, number] {
  const step = Math.floor(nowMs / periodMs) % SHIFT_ORBIT.length;
  return SHIFT_ORBIT[step] ?? [0, 0];
}

export function usePixelShift(periodMs: number = SHIFT_PERIOD_MS): readonly [number, number] {
  const [offset, setOffset] = useState(() => shiftAt(Date.now(), periodMs));
  useEffect(() => {
    const timer = window.setInterval(() => setOffset(shiftAt(Date.now(), periodMs)), Math.min(periodMs, 60_000));
    return () => window.clearInterval(timer);
  }, [periodMs]);
  return offset;
}
