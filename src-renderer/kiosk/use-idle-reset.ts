// After a quiet minute the kiosk goes back to where a visitor expects it: the Vietnamese
// visitor screen, with any staff session locked. Any touch, click or key restarts the wait.
import { useEffect, useRef } from 'react';

export const IDLE_RESET_MS = 60_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Calls `onIdle` once `ms` pass without input while `active` (not on the Vietnamese visitor screen). */
export function useIdleReset(active: boolean, onIdle: () => void, ms: number = IDLE_RESET_MS): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    if (!active) return;
    let timer = window.setTimeout(() => onIdleRef.current(), ms);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => onIdleRef.current(), ms);
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, restart, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, restart);
    };
  }, [active, ms]);
}
