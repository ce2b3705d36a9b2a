// After a quiet minute the kiosk goes back to where a visitor expects it: the Vietnamese
// visitor screen, with any staff session locked. Any touch, click or key restarts the wait.
import { useEffect, useRef } from 'react';

export const IDLE_RESET_MS = 60_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Work in progress that must not be reset (a calibration measurement, staff away from the screen). */
let holds = 0;

/** Holds the idle reset off until the returned function is called (once). */
export function holdIdleReset(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
  };
}

/**
 * Calls `onIdle` once `ms` pass without input while `active` (not on the Vietnamese visitor
 * screen) and nothing holds the reset off (holdIdleReset).
 */
export function useIdleReset(active: boolean, onIdle: () => void, ms: number = IDLE_RESET_MS): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    if (!active) return;
    // While something holds the reset off, the quiet minute starts again instead.
    const fire = () => {
      if (holds > 0) timer = window.setTimeout(fire, ms);
      else onIdleRef.current();
    };
    let timer = window.setTimeout(fire, ms);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(fire, ms);
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, restart, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, restart);
    };
  }, [active, ms]);
}
