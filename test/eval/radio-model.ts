// The simulated radio channel for the evaluation. Deliberately NOT the kiosk's model (the
// classifier only knows two thresholds): every phone has its own transmit power, a body or
// pocket loss, log-normal shadowing that drifts as people move (an AR(1) process in dB)
// and Rayleigh fast fading on every reception. The path-loss exponent differs per venue.
import type { SeededRandom } from '../../src-main/core/radio/sim/seeded-random.js';

export interface ChannelParams {
  /** Median RSSI of a reference phone at 1 m on this kiosk's radio (dBm). */
  readonly refAt1m: number;
  /** Path-loss exponent of the venue (2 open hall … 3 crowded room). */
  readonly exponent: number;
  /** Standard deviation of the shadowing (dB), 4–6 dB. */
  readonly shadowSigmaDb: number;
  /** Correlation time of the shadowing (ms): how fast the surroundings change. */
  readonly shadowTauMs: number;
  /** Spread of phones' transmit power around the reference (dB, standard deviation). */
  readonly txSigmaDb: number;
  /** Share of phones carried in a pocket or bag. */
  readonly pocketShare: number;
  /** Pocket / bag loss range (dB). */
  readonly pocketLossDb: readonly [number, number];
  /** Radio sensitivity: weaker receptions are lost. */
  readonly floorDbm: number;
}

export const DEFAULT_CHANNEL: ChannelParams = {
  refAt1m: -62,
  exponent: 2.4,
  shadowSigmaDb: 5,
  shadowTauMs: 120_000,
  txSigmaDb: 3,
  pocketShare: 0.4,
  pocketLossDb: [3, 10],
  floorDbm: -98,
};

/** One phone's radio: fixed offsets plus its drifting shadowing state. */
export class PhoneRadio {
  readonly txOffsetDb: number;
  readonly bodyLossDb: number;
  private shadow: number;
  private lastAt = Number.NaN;

  constructor(
    private readonly ch: ChannelParams,
    private readonly rng: SeededRandom,
    opts: { carry?: 'hand' | 'pocket'; txOffsetDb?: number } = {},
  ) {
    this.txOffsetDb = opts.txOffsetDb ?? ch.txSigmaDb * rng.gaussian();
    const pocket = opts.carry === undefined ? rng.next() < ch.pocketShare : opts.carry === 'pocket';
    // A phone in hand still loses a little to the hand and the body turning.
    this.bodyLossDb = pocket ? rng.between(ch.pocketLossDb[0], ch.pocketLossDb[1]) : rng.between(0, 3);
    this.shadow = ch.shadowSigmaDb * rng.gaussian();
  }

  /** RSSI of one reception at `distanceM`, or undefined when it is lost. */
  receive(distanceM: number, at: number): number | undefined {
    const ch = this.ch;
    if (!Number.isNaN(this.lastAt)) {
      const rho = Math.exp(-Math.max(0, at - this.lastAt) / ch.shadowTauMs);
      this.shadow = rho * this.shadow + Math.sqrt(1 - rho * rho) * ch.shadowSigmaDb * this.rng.gaussian();
    }
    this.lastAt = at;
    // Rayleigh fading: the power of a complex Gaussian is exponential with mean 1.
    const power = -Math.log(Math.max(this.rng.next(), 1e-9));
    const fadingDb = 10 * Math.log10(power);
    const d = Math.max(distanceM, 0.1);
    const rssi = ch.refAt1m + this.txOffsetDb - this.bodyLossDb - 10 * ch.exponent * Math.log10(d) + this.shadow + fadingDb;
    if (rssi < ch.floorDbm) return undefined;
    return Math.round(Math.min(rssi, -20));
  }
}
