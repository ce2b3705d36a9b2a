// A short two-note chime made in the page with the Web Audio API: no sound file to ship,
// nothing to fetch, works offline under the page's CSP.

interface ChimeContext {
  readonly currentTime: number;
  readonly destination: AudioNode;
  createOscillator(): OscillatorNode;
  createGain(): GainNode;
}

let shared: ChimeContext | null = null;

function context(): ChimeContext | null {
  if (shared) return shared;
  const Ctor = window.AudioContext as (new () => AudioContext) | undefined;
  if (!Ctor) return null;
  shared = new Ctor();
  return shared;
}

/** Notes of the chime: frequency (Hz), start offset and length (s). */
export const CHIME_NOTES: readonly { hz: number; at: number; length: number }[] = [
  { hz: 880, at: 0, length: 0.14 },
  { hz: 1318.5, at: 0.12, length: 0.22 },
];

/** Plays the chime; returns false when the page has no audio output to play it on. */
export function playCheckinChime(ctx: ChimeContext | null = context()): boolean {
  if (!ctx) return false;
  const start = ctx.currentTime;
  for (const note of CHIME_NOTES) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = note.hz;
    // A quick attack and an exponential fade: no click at either end.
    gain.gain.setValueAtTime(0.0001, start + note.at);
    gain.gain.exponentialRampToValueAtTime(0.25, start + note.at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + note.at + note.length);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start + note.at);
    osc.stop(start + note.at + note.length + 0.02);
  }
  return true;
}
