// Preferences of this kiosk window that staff change on the console. Kept in the window's
// localStorage (the kiosk window's profile persists across reboots); a missing or broken
// storage falls back to the defaults rather than breaking the screen.
const SOUND_KEY = 'bz.checkinSound';

export interface PrefStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): PrefStorage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage disabled (a locked-down profile): the default applies.
    return null;
  }
}

/** The check-in chime is on unless staff turned it off. */
export function checkinSoundOn(store: PrefStorage | null = storage()): boolean {
  return store?.getItem(SOUND_KEY) !== 'off';
}

export function setCheckinSound(on: boolean, store: PrefStorage | null = storage()): void {
  store?.setItem(SOUND_KEY, on ? 'on' : 'off');
}
