// One simulated local day at a venue, with ground truth, fed reception by reception to the
// kiosk's visitor linker. Phones behave like the Bluezone apps and the kiosk's radio:
// - Android advertises 15 s on / 15 s off and fetches its ID at each advertising start
//   (docs/protocol.md §1.2, §1.6); its app refreshes the ID up to 0–20 s late (a lag
//   per phone and boundary), so after a UTC quarter-hour the old ID stays on air until the
//   first advertising start after boundary + lag: 0–50 s;
// - the kiosk learns an iPhone's ID by a GATT read, at most once per slot, through a
//   bounded queue (2 in flight, about 1 s each, some failing and backed off), so a crowd
//   of iPhones is read over a minute or more; an iPhone read before its own rotation
//   answers with its previous ID, which it then keeps for that slot;
// - GAEN phones rotate their RPI every 10–20 minutes at any time;
// - receptions are lost below the radio's sensitivity (pockets, distance, fading).
import { SeededRandom } from '../../src-main/core/radio/sim/seeded-random.js';
import { SLOT_MS } from '../../shared/domain/slots.js';
import type { Protocol } from '../../shared/domain/types.js';
import { localDayOf } from '../../shared/domain/local-day.js';
import { VisitorLinker, type DayEstimate } from '../../shared/domain/engine/visitor-linker.js';
import { DEFAULT_CHANNEL, PhoneRadio, type ChannelParams } from './radio-model.js';

export interface VisitorGroup {
  /** Share of the day's visitors in this group. */
  readonly share: number;
  /** Local opening window of arrivals, hours [from, to). */
  readonly arrive: readonly [number, number];
  /** Dwell: log-normal median (min) and sigma, clamped to [min, max] minutes. */
  readonly dwellMedianMin: number;
  readonly dwellSigma: number;
  readonly dwellClampMin: readonly [number, number];
  /** Visitors arrive in parties of 1..maxParty (a bus unloading, a family). */
  readonly maxParty: number;
}

export interface VenueScenario {
  readonly name: string;
  readonly visitors: number;
  readonly groups: readonly VisitorGroup[];
  readonly distanceM: readonly [number, number];
  readonly iosShare: number;
  readonly gaenShare: number;
  readonly channel?: Partial<ChannelParams>;
  readonly seed: number;
}

export interface VenueDayResult {
  readonly scenario: string;
  readonly day: string;
  readonly truth: { readonly visitors: number; readonly medianDwellS: number; readonly gaen: number; readonly peakPresent: number };
  readonly estimate: DayEstimate;
  readonly links: number;
  readonly receptions: number;
}

interface SimPhone {
  readonly kind: 'android' | 'ios' | 'gaen';
  readonly arrive: number;
  readonly leave: number;
  readonly radio: PhoneRadio;
  readonly phase: number;
  distanceM: number;
  nextMoveAt: number;
  /** Android: the slot whose ID it is sending (changes after boundary + lag). */
  idSlot: number;
  switchAt: number;
  /** Android: the slot of the ID fetched at the last advertising start, and that start. */
  onAirSlot: number;
  onStart: number;
  readonly drift: number;
  /** iOS: the ID the kiosk read for the current slot, and when to try again. */
  readSlot: number;
  readId: string;
  retryAt: number;
  /** GAEN: current RPI number and when it rotates. */
  rpi: number;
  rotateAt: number;
  readonly serial: number;
}

const TICK_MS = 1_000;
const ANDROID_ON_MS = 15_000;
const MAX_LAG_MS = 20_000;
const ADV_MS = 500;
/** Share of adverts the kiosk's scanner catches (scan window, channel, collisions). */
const RX_PROBABILITY = 0.4;
const IOS_CONCURRENCY = 2;
const IOS_QUEUE_CAP = 32;

/** Midnight (Unix ms) of local day `day` in UTC+7 (Asia/Ho_Chi_Minh has no DST). */
export function localMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00+07:00`);
}

function logNormal(rng: SeededRandom, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.gaussian());
}

function makeArrivals(s: VenueScenario, rng: SeededRandom, midnight: number): Array<{ arrive: number; leave: number }> {
  const out: Array<{ arrive: number; leave: number }> = [];
  for (const g of s.groups) {
    const n = Math.round(s.visitors * g.share);
    let made = 0;
    while (made < n) {
      const party = Math.min(n - made, 1 + rng.int(g.maxParty));
      const t = midnight + rng.between(g.arrive[0], g.arrive[1]) * 3_600_000;
      for (let i = 0; i < party; i++) {
        const arrive = t + rng.between(0, 20_000);
        const min = Math.min(g.dwellClampMin[1], Math.max(g.dwellClampMin[0], logNormal(rng, g.dwellMedianMin, g.dwellSigma)));
        out.push({ arrive, leave: arrive + min * 60_000 });
      }
      made += party;
    }
  }
  return out.sort((a, b) => a.arrive - b.arrive);
}

function hex(n: number, len: number): string {
  return n.toString(16).toUpperCase().padStart(len, '0');
}

/** Simulates the day and returns the linker's estimate beside the truth. */
export function simulateVenueDay(s: VenueScenario, day = '2026-12-01', linker = new VisitorLinker()): VenueDayResult {
  const rng = new SeededRandom(s.seed);
  const ch: ChannelParams = { ...DEFAULT_CHANNEL, ...s.channel };
  const midnight = localMidnight(day);
  const arrivals = makeArrivals(s, rng, midnight);
  const present: SimPhone[] = [];
  const iosQueue: SimPhone[] = [];
  let inFlight: Array<{ phone: SimPhone; doneAt: number; ok: boolean }> = [];
  let next = 0;
  let serial = 0;
  let receptions = 0;
  let peakPresent = 0;
  const dwellTruth: number[] = [];
  let gaenTruth = 0;
  const end = Math.max(midnight + 86_400_000, ...arrivals.map((a) => a.leave)) + 600_000;
  const start = arrivals.length > 0 ? Math.floor(arrivals[0]!.arrive / TICK_MS) * TICK_MS : end;

  // IDs: unique per (phone, slot) for Bluezone, per (phone, rpi) for GAEN.
  const bluezoneId = (p: SimPhone, slot: number) => hex(p.serial, 8) + hex(slot, 16);
  const observe = (protocol: Protocol, id: string, p: SimPhone, now: number) => {
    const rssi = p.radio.receive(p.distanceM, now);
    if (rssi === undefined) return;
    receptions += 1;
    linker.observe(protocol, id, rssi, now);
  };

  for (let now = start; now < end; now += TICK_MS) {
    while (next < arrivals.length && arrivals[next]!.arrive <= now) {
      const a = arrivals[next++]!;
      const r = rng.next();
      const kind = r < s.gaenShare ? 'gaen' : rng.next() < s.iosShare ? 'ios' : 'android';
      const slot = Math.floor(now / SLOT_MS);
      const p: SimPhone = {
        kind,
        arrive: a.arrive,
        leave: a.leave,
        radio: new PhoneRadio(ch, rng),
        phase: rng.between(0, 2 * ANDROID_ON_MS),
        distanceM: Math.exp(rng.between(Math.log(s.distanceM[0]), Math.log(s.distanceM[1]))),
        nextMoveAt: now + rng.between(60_000, 600_000),
        idSlot: slot,
        onAirSlot: slot,
        onStart: 0,
        drift: rng.between(0, 60),
        switchAt: (slot + 1) * SLOT_MS + rng.between(0, MAX_LAG_MS),
        readSlot: -1,
        readId: '',
        retryAt: 0,
        rpi: 0,
        rotateAt: now + rng.between(0, 1_200_000),
        serial: serial++,
      };
      present.push(p);
      if (kind === 'gaen') gaenTruth += 1;
      else dwellTruth.push((a.leave - a.arrive) / 1000);
    }
    peakPresent = Math.max(peakPresent, present.length);
    const slot = Math.floor(now / SLOT_MS);

    // The kiosk's GATT reads complete (or fail and back off 30 s).
    inFlight = inFlight.filter((f) => {
      if (f.doneAt > now) return true;
      if (f.ok) {
        f.phone.readSlot = slot;
        // An iPhone that has not rotated yet answers with its previous slot's ID.
        f.phone.readId = bluezoneId(f.phone, f.phone.idSlot);
      } else f.phone.retryAt = now + 30_000;
      return false;
    });

    for (let i = present.length - 1; i >= 0; i--) {
      const p = present[i]!;
      if (p.leave <= now) {
        present.splice(i, 1);
        continue;
      }
      if (now >= p.nextMoveAt) {
        p.distanceM = Math.min(s.distanceM[1], Math.max(s.distanceM[0], p.distanceM * Math.exp(rng.gaussian() * 0.5)));
        p.nextMoveAt = now + rng.between(60_000, 600_000);
      }
      if (now >= p.switchAt) {
        p.idSlot = Math.floor(p.switchAt / SLOT_MS);
        p.switchAt = (p.idSlot + 1) * SLOT_MS + rng.between(0, MAX_LAG_MS);
      }
      if (p.kind === 'android') {
        // 15 s on / 15 s off, an advert every ADV_MS from the start of each on-period, at
        // millisecond times as the kiosk stamps them; the ID was fetched at that start.
        // Each cycle runs a little longer than 30 s (timer and restart latency).
        const period = 2 * ANDROID_ON_MS + p.drift;
        const onStart = now - ((now + p.phase) % period);
        let first = Math.max(0, Math.ceil((now - onStart) / ADV_MS));
        if (onStart !== p.onStart) {
          p.onStart = onStart;
          p.onAirSlot = p.idSlot;
          first = 0;
        }
        for (let k = first; ; k++) {
          const t = onStart + k * ADV_MS;
          if (t >= now + TICK_MS || t >= onStart + ANDROID_ON_MS) break;
          if (rng.next() < RX_PROBABILITY) observe('bluezone_android', bluezoneId(p, p.onAirSlot), p, Math.round(t));
        }
      } else if (p.kind === 'ios') {
        if (p.readSlot !== slot) {
          // The kiosk's cache is per slot: queue a read unless one is pending or backing off.
          if (now >= p.retryAt && !iosQueue.includes(p) && !inFlight.some((f) => f.phone === p) && iosQueue.length < IOS_QUEUE_CAP) {
            if (p.radio.receive(p.distanceM, now) !== undefined) iosQueue.push(p);
          }
          continue;
        }
        if (rng.next() < 0.3) continue;
        observe('bluezone_ios', p.readId, p, now);
      } else {
        if (now >= p.rotateAt) {
          p.rpi += 1;
          p.rotateAt = now + rng.between(600_000, 1_200_000);
        }
        if (rng.next() < 0.3) continue;
        observe('gaen', hex(p.serial, 16) + hex(p.rpi, 16), p, now);
      }
    }
    while (inFlight.length < IOS_CONCURRENCY && iosQueue.length > 0) {
      const phone = iosQueue.shift()!;
      if (phone.leave <= now) continue;
      inFlight.push({ phone, doneAt: now + rng.between(500, 2_000), ok: rng.next() >= 0.05 });
    }
    if (now % 10_000 === 0) linker.tick(now);
  }
  linker.tick(end + 3_600_000);
  dwellTruth.sort((a, b) => a - b);
  return {
    scenario: s.name,
    day,
    truth: {
      visitors: dwellTruth.length,
      medianDwellS: Math.round(lowerMedian(dwellTruth)),
      gaen: gaenTruth,
      peakPresent,
    },
    estimate: linker.estimate(localDayOf(midnight + 43_200_000)),
    links: linker.links,
    receptions,
  };
}

function lowerMedian(sorted: readonly number[]): number {
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]!;
}
