// A simulated venue on a virtual controller: Bluezone Android and iOS phones, foreign GAEN
// phones and other BLE devices arrive, dwell and leave. Every packet is raw advertising
// bytes delivered as HCI advertising reports, so the scanner's whole real path (noble's
// HCI + GAP parser, the classifier, GATT via ATT) runs. Each Bluezone phone has its own
// random base key and uses the real key schedule on the UTC grid, so IDs rotate at
// :00/:15/:30/:45 exactly as real phones' do.
import { nextDailyKey, slotId } from '../../../../shared/protocol/bluezone-id.js';
import { encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { encodeIosOverflowAdvert, encodeIosServiceAdvert } from '../../../../shared/protocol/bluezone-ios-advert.js';
import {
  BLUEZONE_IOS_CHARACTERISTIC_UUID,
  BLUEZONE_IOS_SERVICE_UUID,
} from '../../../../shared/protocol/ble-uuids.js';
import { encodeGaenAdvert } from '../../../../shared/protocol/gaen-advert.js';
import { encodeIBeacon } from '../../../../shared/protocol/ibeacon-advert.js';
import { dayOf, slotIndexInDay, slotOf } from '../../../../shared/domain/slots.js';
import type { Clock } from '../../ports.js';
import { ADV_NONCONN_IND } from '../hci/hci-packets.js';
import type { VirtualHciController } from '../hci/virtual-hci-controller.js';
import { SeededRandom } from './seeded-random.js';
import type { SimConfig } from './sim-config.js';

type PhoneKind = 'android' | 'ios' | 'gaen';

interface Phone {
  readonly kind: PhoneKind;
  readonly baseKey: Uint8Array;
  readonly installDay: number;
  readonly leavesAt: number;
  distanceM: number;
  /** Until then the phone is held at the kiosk (check-in), then it moves to `distanceM`. */
  readonly heldUntil: number;
  readonly iosForeground: boolean;
  readonly gattFails: boolean;
  address: string;
  addressSlot: number;
  nextAdvertAt: number;
  /** Android duty cycle: end of the current on-period, then silence until `resumeAt`. */
  onUntil: number;
  resumeAt: number;
  idSlot: number;
  id: Uint8Array;
}

const CHECK_IN_DISTANCE_M = 0.15;

/** Log-distance path loss: −59 dBm at 1 m, exponent 2.2 indoors, σ 4 dB. */
export function rssiAt(distanceM: number, noise: number): number {
  const rssi = -59 - 22 * Math.log10(Math.max(distanceM, 0.1)) + 4 * noise;
  return Math.round(Math.max(-100, Math.min(-25, rssi)));
}

/** The part of a virtual controller the venue talks to: the air, and GATT peers. */
export type VenueAir = Pick<VirtualHciController, 'receive' | 'receiveConnectable' | 'addPeer' | 'removePeer'>;

export interface VenueSnapshot {
  readonly present: { android: number; ios: number; gaen: number };
  readonly advertsSent: number;
}

export class VenueSimulator {
  private readonly rng: SeededRandom;
  private readonly phones = new Set<Phone>();
  private timer: NodeJS.Timeout | null = null;
  private nextArrivalAt = 0;
  private advertsSent = 0;
  private noiseCarry = 0;
  /** Other BLE devices keep their address a while, like real watches and beacons. */
  private readonly noiseAddresses: string[] = [];
  /** The staff phone held for the calibration wizard, while it measures (sim-config.ts). */
  private staffPhone: Phone | null = null;
  private staffPhoneFirstM: number | null = null;

  constructor(
    private readonly controller: VenueAir,
    private readonly config: SimConfig,
    private readonly clock: Clock,
  ) {
    this.rng = new SeededRandom(config.seed ?? crypto.getRandomValues(new Uint32Array(1))[0]!);
    this.nextArrivalAt = clock.now();
  }

  start(): void {
    if (this.timer) return;
    this.nextArrivalAt = this.clock.now();
    this.timer = setInterval(() => this.tick(), this.config.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const p of this.phones) if (p.kind === 'ios') this.controller.removePeer(p.address);
    this.phones.clear();
    this.staffPhone = null;
  }

  /**
   * The calibration wizard asks for a phone at `distanceM` (null: it stopped measuring).
   * Depending on `staffPhone`, a member of staff carries a Bluezone Android phone there,
   * held up and advertising throughout, or nobody does.
   */
  holdStaffPhone(distanceM: number | null): void {
    const mode = this.config.staffPhone;
    if (mode === 'none') return;
    if (distanceM === null) {
      this.staffPhone = null;
      return;
    }
    this.staffPhoneFirstM ??= distanceM;
    const at = mode === 'stays' ? this.staffPhoneFirstM : distanceM;
    const now = this.clock.now();
    this.staffPhone ??= {
      kind: 'android',
      baseKey: this.rng.bytes(32),
      installDay: dayOf(now) - 30,
      leavesAt: Number.POSITIVE_INFINITY,
      distanceM: at,
      heldUntil: 0,
      iosForeground: false,
      gattFails: false,
      address: this.rng.address(),
      addressSlot: slotOf(now),
      nextAdvertAt: now,
      onUntil: Number.POSITIVE_INFINITY,
      resumeAt: 0,
      idSlot: -1,
      id: new Uint8Array(12),
    };
    this.staffPhone.distanceM = at;
  }

  snapshot(): VenueSnapshot {
    const present = { android: 0, ios: 0, gaen: 0 };
    for (const p of this.phones) present[p.kind] += 1;
    return { present, advertsSent: this.advertsSent };
  }

  /** Advances the venue to the clock's now (called by the timer; public for tests). */
  tick(): void {
    const now = this.clock.now();
    for (const p of this.phones) {
      if (p.leavesAt <= now) this.depart(p);
    }
    // After a clock jump (NTP sync on a Pi without RTC) don't replay hours of arrivals.
    if (now - this.nextArrivalAt > 10 * this.config.arrivalIntervalMs) this.nextArrivalAt = now;
    while (this.nextArrivalAt <= now) {
      if (this.phones.size < this.config.targetPresent) this.arrive(now);
      this.nextArrivalAt += this.config.arrivalIntervalMs * this.rng.between(0.5, 1.5);
    }
    for (const p of this.phones) this.advertise(p, now);
    if (this.staffPhone !== null) this.advertise(this.staffPhone, now);
    this.noiseCarry += (this.config.noisePerSecond * this.config.tickMs) / 1000;
    while (this.noiseCarry >= 1) {
      this.noiseCarry -= 1;
      this.sendNoise();
    }
  }

  private arrive(now: number): void {
    const r = this.rng.next();
    const kind: PhoneKind =
      r < this.config.gaenShare ? 'gaen' : this.rng.next() < this.config.iosShare ? 'ios' : 'android';
    const [minDwell, maxDwell] = this.config.dwellMs;
    const checksIn = kind === 'android' && this.rng.next() < this.config.checkInShare;
    const phone: Phone = {
      kind,
      baseKey: this.rng.bytes(32),
      installDay: dayOf(now) - this.rng.int(60),
      leavesAt: now + this.rng.between(minDwell, maxDwell),
      distanceM: this.rng.between(0.4, 12),
      heldUntil: checksIn ? now + this.config.checkInHoldMs : 0,
      iosForeground: this.rng.next() < 0.2,
      gattFails: kind === 'ios' && this.rng.next() < this.config.iosFailureShare,
      address: this.rng.address(),
      addressSlot: slotOf(now),
      nextAdvertAt: now + this.rng.between(0, this.config.advertIntervalMs),
      // A phone is first heard when it is advertising: arrivals start with an on-period.
      // A phone held up at the kiosk is advertising throughout the hold.
      onUntil: now + (checksIn ? this.config.checkInHoldMs + 1000 : this.rng.between(0.2, 1) * this.config.androidOnMs),
      resumeAt: 0,
      idSlot: -1,
      id: new Uint8Array(12),
    };
    this.phones.add(phone);
    if (kind === 'ios') this.registerPeer(phone);
  }

  private depart(phone: Phone): void {
    if (phone.kind === 'ios') this.controller.removePeer(phone.address);
    this.phones.delete(phone);
  }

  private registerPeer(phone: Phone): void {
    this.controller.addPeer({
      address: phone.address,
      addressType: 'random',
      connect: phone.gattFails ? 'hang' : 'accept',
      gatt: {
        serviceUuid: BLUEZONE_IOS_SERVICE_UUID,
        characteristicUuid: BLUEZONE_IOS_CHARACTERISTIC_UUID,
        read: () => this.currentId(phone, this.clock.now()),
      },
    });
  }

  /** The phone's Bluezone ID now: daily key of today from its own chain, slot index of now. */
  private currentId(phone: Phone, now: number): Uint8Array {
    const slot = slotOf(now);
    if (slot !== phone.idSlot) {
      const daily = nextDailyKey(phone.baseKey, dayOf(now) - phone.installDay);
      phone.id = slotId(daily, slotIndexInDay(slot));
      phone.idSlot = slot;
    }
    return phone.id;
  }

  private advertise(phone: Phone, now: number): void {
    // Phones change their random address about every slot (privacy); iPhones keep their
    // GATT server reachable at the new address.
    const slot = slotOf(now);
    if (slot !== phone.addressSlot) {
      if (phone.kind === 'ios') this.controller.removePeer(phone.address);
      phone.address = this.rng.address();
      phone.addressSlot = slot;
      if (phone.kind === 'ios') this.registerPeer(phone);
    }
    if (phone.kind === 'android' && this.config.androidOffMs > 0 && !this.androidOn(phone, now)) return;
    let burst = 0;
    while (phone.nextAdvertAt <= now && burst < 20) {
      burst += 1;
      phone.nextAdvertAt += this.config.advertIntervalMs * this.rng.between(0.9, 1.1);
      const rssi = rssiAt(now < phone.heldUntil ? CHECK_IN_DISTANCE_M : phone.distanceM, this.rng.gaussian());
      this.advertsSent += 1;
      if (phone.kind === 'android') {
        this.controller.receiveConnectable(phone.address, 'random', encodeBluezoneAdvert(this.currentId(phone, now)), rssi);
      } else if (phone.kind === 'ios') {
        const data = phone.iosForeground ? encodeIosServiceAdvert() : encodeIosOverflowAdvert();
        this.controller.receiveConnectable(phone.address, 'random', data, rssi);
      } else {
        // EN phones rotate their RPI with their address; one RPI per slot is close enough.
        const rpi = new Uint8Array(16);
        rpi.set(phone.baseKey.subarray(0, 12));
        new DataView(rpi.buffer).setUint32(12, slot);
        this.controller.receive({
          address: phone.address,
          addressType: 'random',
          eventType: ADV_NONCONN_IND,
          data: encodeGaenAdvert(rpi, phone.baseKey.subarray(12, 16)),
          rssi,
        });
      }
    }
    if (burst === 20) phone.nextAdvertAt = now + this.config.advertIntervalMs;
  }

  /** Runs the 15 s on / 15 s off cycle; each advertising start uses a new random address. */
  private androidOn(phone: Phone, now: number): boolean {
    if (now < phone.onUntil) return true;
    if (phone.resumeAt === 0) phone.resumeAt = phone.onUntil + this.config.androidOffMs;
    if (now < phone.resumeAt) return false;
    phone.onUntil = now + this.config.androidOnMs;
    phone.resumeAt = 0;
    phone.address = this.rng.address();
    phone.nextAdvertAt = now;
    return true;
  }

  private sendNoise(): void {
    const r = this.rng.next();
    let data: Uint8Array;
    if (r < this.config.malformedShare) {
      data = this.rng.bytes(1 + this.rng.int(31));
    } else if (r < 0.4) {
      data = encodeIBeacon({ uuid: [...this.rng.bytes(16)].map((b) => b.toString(16).padStart(2, '0')).join(''), major: this.rng.int(65536), minor: this.rng.int(65536), measuredPower: -60 });
    } else {
      const payload = this.rng.bytes(4 + this.rng.int(20));
      data = Uint8Array.of(0x02, 0x01, 0x06, payload.length + 3, 0xff, this.rng.int(256), this.rng.int(8), ...payload);
    }
    this.advertsSent += 1;
    if (this.noiseAddresses.length < 40) this.noiseAddresses.push(this.rng.address());
    else if (this.rng.next() < 0.01) this.noiseAddresses[this.rng.int(40)] = this.rng.address();
    this.controller.receive({
      address: this.noiseAddresses[this.rng.int(this.noiseAddresses.length)]!,
      addressType: 'random',
      eventType: ADV_NONCONN_IND,
      data,
      rssi: rssiAt(this.rng.between(1, 20), this.rng.gaussian()),
    });
  }
}
