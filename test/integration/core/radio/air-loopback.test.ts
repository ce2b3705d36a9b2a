import { afterEach, describe, expect, it } from 'vitest';
import { BlenoBeacon, type BlenoBeaconOptions } from '../../../../src-main/core/radio/bleno/bleno-beacon.js';
import { loadVirtualBleno } from '../../../../src-main/core/radio/bleno/load-bleno.js';
import { VirtualHciController, type AdvertisingState } from '../../../../src-main/core/radio/hci/virtual-hci-controller.js';
import { KioskIdentity } from '../../../../src-main/core/identity/kiosk-identity.js';
import { MemorySlotKeyStore } from '../../../../src-main/core/identity/memory-slot-key-store.js';
import { FakeClock } from '../../../../src-main/core/clock/fake-clock.js';
import { classifyAdvertBytes } from '../../../../shared/protocol/advert-classifier.js';
import { uuid128ToAirBytes, BLUEZONE_IOS_CHARACTERISTIC_UUID, BLUEZONE_IOS_SERVICE_UUID } from '../../../../shared/protocol/ble-uuids.js';
import { BLUEZONE_WAKEUP_IBEACON, encodeIBeacon } from '../../../../shared/protocol/ibeacon-advert.js';
import { kioskSlotId } from '../../../../shared/protocol/kiosk-slot-key.js';
import { encodeKioskAdvert } from '../../../../shared/protocol/kiosk-advert.js';
import { slotOf, slotStart } from '../../../../shared/domain/slots.js';
import { toHex } from '../../../../shared/hex.js';
import { scannerRig, until } from './radio-test-helpers.js';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

function beaconRig(options: Partial<BlenoBeaconOptions> = {}) {
  const controller = new VirtualHciController({ address: '00:1a:7d:da:71:02' });
  const beacon = new BlenoBeacon({
    load: () => loadVirtualBleno(controller),
    log: () => undefined,
    ibeaconWakeup: false,
    wakeupPeriodMs: 10_000,
    wakeupSliceMs: 1000,
    reassertMs: 60_000,
    poweredOnTimeoutMs: 2000,
    ...options,
  });
  stops.push(() => beacon.stop());
  return { controller, beacon };
}

const hex = (b: Uint8Array) => toHex(b);

describe('air loopback', () => {
  it("the kiosk's advert, framed by bleno, parsed by noble, is recognised as a kiosk and never becomes a sighting", async () => {
    const store = new MemorySlotKeyStore();
    const clock = { now: () => Date.now(), synced: () => true };
    const { controller, beacon } = beaconRig();
    const identity = new KioskIdentity({ slotKeys: store, clock, beacon });
    stops.push(() => identity.stop());
    await beacon.start();
    await identity.start();
    await until(() => controller.advertising.enabled && controller.advertising.data.length > 0);
    const onAir = controller.advertising.data;
    expect(onAir.length).toBeLessThanOrEqual(31);
    const slot = slotOf(Date.now());
    const key = store.range(slot, slot)[0]!.key;
    expect(hex(onAir)).toContain(hex(kioskSlotId(key)));

    const scanner = scannerRig();
    stops.push(() => scanner.scanner.stop());
    await scanner.scanner.start();
    await until(() => scanner.scanner.status().state === 'scanning');
    // Its own advert back through its scanner (two adapters), and a neighbouring kiosk's.
    scanner.controller.receiveConnectable('b8:27:eb:00:00:01', 'public', onAir, -40);
    scanner.controller.receiveConnectable('b8:27:eb:00:00:02', 'public', encodeKioskAdvert(new Uint8Array(12).fill(7)), -55);
    await until(() => scanner.scanner.stats().kiosks === 2);
    expect(scanner.sightings).toEqual([]);
    expect(scanner.scanner.stats().bluezoneAndroid).toBe(0);
  });

  it("bleno's own iBeacon encoder produces exactly our wake-up advert", async () => {
    const controller = new VirtualHciController();
    const { bleno, close } = await loadVirtualBleno(controller);
    stops.push(close);
    await new Promise<void>((resolve) => bleno.on('stateChange', (s: string) => s === 'poweredOn' && resolve()));
    const b = BLUEZONE_WAKEUP_IBEACON;
    (bleno as unknown as { startAdvertisingIBeacon(u: string, ma: number, mi: number, p: number): void }).startAdvertisingIBeacon(b.uuid, b.major, b.minor, b.measuredPower);
    await until(() => controller.advertising.data.length > 0);
    expect(hex(controller.advertising.data)).toBe(hex(encodeIBeacon(b)));
  });

  it('serves the current ID on …A689 to a connecting phone, and nothing while silenced', async () => {
    const { controller, beacon } = beaconRig();
    await beacon.start();
    const id = Uint8Array.from({ length: 12 }, (_, i) => 0x10 + i);
    await beacon.setId(id);
    await until(() => controller.advertising.enabled);
    const handle = controller.connectCentral('5a:00:00:00:00:01');
    // Discover primary services (Read By Group Type, 0x2800) the way a phone does: page
    // through the handle range; each response holds entries of one UUID size.
    let start = 0;
    let end = 0;
    for (let from = 1; from <= 0xffff && start === 0; ) {
      const page = await controller.attExchange(handle, Uint8Array.of(0x10, from & 0xff, from >> 8, 0xff, 0xff, 0x00, 0x28));
      if (page[0] !== 0x11) break;
      const entry = page[1]!;
      for (let o = 2; o + entry <= page.length; o += entry) {
        const groupEnd = page[o + 2]! | (page[o + 3]! << 8);
        if (hex(page.subarray(o + 4, o + entry)) === hex(uuid128ToAirBytes(BLUEZONE_IOS_SERVICE_UUID))) {
          start = page[o]! | (page[o + 1]! << 8);
          end = groupEnd;
        }
        from = groupEnd + 1;
      }
    }
    expect(start).toBeGreaterThan(0);
    // Characteristic declarations (Read By Type, 0x2803) inside the service.
    const chars = await controller.attExchange(handle, Uint8Array.of(0x08, start & 0xff, start >> 8, end & 0xff, end >> 8, 0x03, 0x28));
    expect(chars[0]).toBe(0x09);
    expect(hex(chars.subarray(7, 23))).toBe(hex(uuid128ToAirBytes(BLUEZONE_IOS_CHARACTERISTIC_UUID)));
    expect(chars[4]! & 0x02).toBe(0x02); // readable
    expect(chars[4]! & 0x08).toBe(0); // not writable
    const valueHandle = chars[5]! | (chars[6]! << 8);
    const read = await controller.attExchange(handle, Uint8Array.of(0x0a, valueHandle & 0xff, valueHandle >> 8));
    expect(hex(read)).toBe('0B' + hex(id));
    await beacon.setId(null);
    const refused = await controller.attExchange(handle, Uint8Array.of(0x0a, valueHandle & 0xff, valueHandle >> 8));
    expect(refused[0]).toBe(0x01); // ATT error response
    controller.disconnectCentral(handle);
  });

  it('rotates the advertised ID at the slot boundary without switching advertising off', async () => {
    const t0 = slotStart(slotOf(Date.now()) + 4) - 5000;
    const clock = new FakeClock(t0);
    const store = new MemorySlotKeyStore();
    const { controller, beacon } = beaconRig();
    const identity = new KioskIdentity({ slotKeys: store, clock, beacon, timers: clock });
    stops.push(() => identity.stop());
    await beacon.start();
    await identity.start();
    await until(() => controller.advertising.enabled);
    const seen: AdvertisingState[] = [];
    controller.on('advertising', (a: AdvertisingState) => seen.push(a));
    await clock.advance(6000);
    const [before, after] = store.range(slotOf(t0), slotOf(t0) + 1);
    await until(() => hex(controller.advertising.data).includes(hex(kioskSlotId(after!.key))));
    expect(seen.every((a) => a.enabled)).toBe(true);
    expect(hex(kioskSlotId(before!.key))).not.toBe(hex(kioskSlotId(after!.key)));
  });

  it('time-slices the iBeacon wake-up advert with the Bluezone advert', async () => {
    const { controller, beacon } = beaconRig({ ibeaconWakeup: true, wakeupPeriodMs: 150, wakeupSliceMs: 40 });
    await beacon.start();
    await beacon.setId(new Uint8Array(12).fill(9));
    const kinds = new Set<string>();
    controller.on('advertising', (a: AdvertisingState) => {
      if (a.enabled && a.data.length > 0) kinds.add(classifyAdvertBytes(a.data).kind);
    });
    await until(() => kinds.size === 2, 3000);
    expect([...kinds].sort()).toEqual(['kiosk', 'noise']);
    await until(() => beacon.broadcasting === 'bluezone', 1000);
  });

  it('goes quiet when its adapter powers off and advertises the same ID again when it is back', async () => {
    const { controller, beacon } = beaconRig();
    await beacon.start();
    const id = new Uint8Array(12).fill(0x42);
    await beacon.setId(id);
    await until(() => controller.advertising.enabled);
    controller.setPowered(false);
    await until(() => beacon.status().state === 'powered_off', 4000);
    controller.setPowered(true);
    await until(() => controller.advertising.enabled && beacon.status().state === 'scanning', 4000);
    expect(hex(controller.advertising.data).includes(hex(id))).toBe(true);
  });

  it('reports no_adapter for a missing adapter instead of throwing (an adapter number no host has)', async () => {
    // hci97 is absent on a Pi or laptop with Bluetooth as on a machine without: same result.
    const { loadHciBleno } = await import('../../../../src-main/core/radio/bleno/load-bleno.js');
    const beacon = new BlenoBeacon({
      load: () => loadHciBleno({ deviceId: 97 }),
      log: () => undefined,
      ibeaconWakeup: false,
      wakeupPeriodMs: 10_000,
      wakeupSliceMs: 1000,
      reassertMs: 60_000,
      poweredOnTimeoutMs: 500,
    });
    stops.push(() => beacon.stop());
    await beacon.start();
    await beacon.setId(new Uint8Array(12));
    await until(() => beacon.status().state === 'no_adapter', 3000);
    expect(beacon.status().detail).not.toMatch(/MODULE_NOT_FOUND/);
  });

  it('refuses an ID that is not 12 bytes', async () => {
    const { beacon } = beaconRig();
    await expect(beacon.setId(new Uint8Array(11))).rejects.toThrow(RangeError);
  });

  it('re-asserts advertising that the adapter silently dropped', async () => {
    const { controller, beacon } = beaconRig({ reassertMs: 100 });
    await beacon.start();
    await beacon.setId(new Uint8Array(12).fill(7));
    await until(() => controller.advertising.enabled);
    controller.dropAdvertising();
    expect(controller.advertising.enabled).toBe(false);
    await until(() => controller.advertising.enabled, 2000);
    expect(beacon.counters.reasserts).toBeGreaterThan(0);
  });
});
