import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NobleScanner } from '../../../../src-main/core/radio/noble/noble-scanner.js';
import { loadHciNoble } from '../../../../src-main/core/radio/noble/load-noble.js';
import { encodeBluezoneAdvert } from '../../../../shared/protocol/bluezone-advert.js';
import { encodeIosOverflowAdvert } from '../../../../shared/protocol/bluezone-ios-advert.js';
import {
  BLUEZONE_IOS_CHARACTERISTIC_UUID,
  BLUEZONE_IOS_SERVICE_UUID,
} from '../../../../shared/protocol/ble-uuids.js';
import { STATUS_COMMAND_DISALLOWED } from '../../../../src-main/core/radio/hci/hci-packets.js';
import { clock, scannerRig, until } from './radio-test-helpers.js';

const ANDROID = '11:22:33:44:55:66';
const ID = Uint8Array.from({ length: 12 }, (_, i) => 0xa0 + i);
const ID_HEX = 'A0A1A2A3A4A5A6A7A8A9AAAB';
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

function rig(...args: Parameters<typeof scannerRig>) {
  const r = scannerRig(...args);
  stops.push(() => r.scanner.stop());
  return r;
}

function iphone(r: ReturnType<typeof scannerRig>, address: string, connect: 'accept' | 'hang' | 'refuse', value: Uint8Array | null) {
  r.controller.addPeer({
    address,
    addressType: 'random',
    connect,
    gatt: { serviceUuid: BLUEZONE_IOS_SERVICE_UUID, characteristicUuid: BLUEZONE_IOS_CHARACTERISTIC_UUID, read: () => value },
  });
}

describe('NobleScanner over the virtual controller', () => {
  it('decodes an Android advert through noble into a sighting', async () => {
    const r = rig();
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61);
    await until(() => r.sightings.length > 0);
    expect(r.sightings[0]).toMatchObject({ protocol: 'bluezone_android', id: ID_HEX, rssi: -61, trusted: true });
    expect(JSON.stringify(r.sightings)).not.toContain('11:22');
  });

  it('waits through power off and resumes scanning when the adapter is back', async () => {
    const r = rig();
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    r.controller.setPowered(false);
    await until(() => r.scanner.status().state === 'powered_off', 4000);
    r.controller.setPowered(true);
    await until(() => r.scanner.status().state === 'scanning', 4000);
    r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61);
    await until(() => r.sightings.length > 0);
    const states = r.statuses.map((s) => s.state);
    expect(states.slice(0, 3)).toEqual(['starting', 'scanning', 'powered_off']);
    expect(states.at(-1)).toBe('scanning');
  });

  it("reports no_adapter when the adapter never answers, and doesn't hang", async () => {
    const r = rig({}, { responsive: false });
    const started = Date.now();
    await r.scanner.start();
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => r.scanner.status().state === 'no_adapter', 2000);
    expect(r.scanner.status().detail).toBe('adapter_state_unknown');
  });

  it('reports no_adapter when the HCI socket cannot be opened (an adapter number no host has)', async () => {
    // hci97 is absent on a Pi or laptop with Bluetooth as on a machine without: same result.
    const scanner = new NobleScanner({
      load: () => loadHciNoble({ deviceId: 97, multiRole: false }),
      clock,
      log: () => undefined,
      unknownTimeoutMs: 500,
      watchdogMs: 1000,
      restartDelayMs: 100,
      scanStartTimeoutMs: 500,
      gatt: { concurrency: 1, connectTimeoutMs: 500, queueCap: 4, backoffBaseMs: 1000, backoffMaxMs: 2000 },
    });
    stops.push(() => scanner.stop());
    await scanner.start();
    await until(() => scanner.status().state === 'no_adapter', 3000);
    expect(scanner.status().detail).toMatch(/^(hci_unavailable|adapter_state_unknown)/);
    // noble itself was found and loaded: only the socket is missing.
    expect(scanner.status().detail).not.toMatch(/MODULE_NOT_FOUND/);
  });

  it('recovers when the controller refuses to start the scan', async () => {
    // noble takes the completion of its preceding "scan disable" as the start, so a refused
    // enable is silent; the watchdog notices the missing events and restarts the scan.
    const r = rig();
    r.controller.failNextScanEnable(STATUS_COMMAND_DISALLOWED);
    await r.scanner.start();
    await until(() => r.scanner.watchdogRestarts > 0, 3000);
    await until(() => r.controller.scanEnabled, 3000);
    r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61);
    await until(() => r.sightings.length > 0);
  });

  it('reports an error and retries when noble never confirms the scan start', async () => {
    const r = rig();
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    // The adapter stops answering: the restart cannot complete.
    r.controller.setResponsive(false);
    await until(() => r.scanner.status().state === 'error', 3000);
    expect(r.scanner.status().detail).toMatch(/scan_start_timeout/);
    // A failure reaches the journal as a warning, not as information.
    expect(r.levels).toContain('scan_start_failed:warn');
    r.controller.setResponsive(true);
    await until(() => r.scanner.status().state === 'scanning', 3000);
  });

  it('restarts a scan that silently stopped reporting (watchdog)', async () => {
    const r = rig();
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    r.controller.stallReports();
    expect(r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61)).toBe(false);
    await until(() => r.scanner.watchdogRestarts > 0, 3000);
    expect(r.levels).toContain('scan_watchdog_restart:warn');
    await until(() => r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61), 3000);
    await until(() => r.sightings.length > 0);
  });

  it('reads an iPhone ID over GATT once per slot, and rejects a wrong-length value', async () => {
    const r = rig();
    iphone(r, 'c1:00:00:00:00:01', 'accept', ID);
    iphone(r, 'c1:00:00:00:00:02', 'accept', new Uint8Array(13));
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    r.controller.receiveConnectable('c1:00:00:00:00:01', 'random', encodeIosOverflowAdvert(), -70);
    r.controller.receiveConnectable('c1:00:00:00:00:02', 'random', encodeIosOverflowAdvert(), -70);
    await until(() => r.scanner.stats().gattReads === 1 && r.scanner.stats().gattFailures === 1);
    expect(r.sightings).toEqual([expect.objectContaining({ protocol: 'bluezone_ios', id: ID_HEX, rssi: -70 })]);
    expect(r.scanner.stats().rejected).toBe(1);
    r.controller.receiveConnectable('c1:00:00:00:00:01', 'random', encodeIosOverflowAdvert(), -50);
    await until(() => r.sightings.length === 2);
    expect(r.controller.counters.connections).toBe(2);
    expect(r.sightings[1]).toMatchObject({ protocol: 'bluezone_ios', id: ID_HEX, rssi: -50 });
  });

  it('times out a GATT connection that never completes and keeps reading other iPhones', async () => {
    const r = rig({ gatt: { concurrency: 1, connectTimeoutMs: 200, queueCap: 8, backoffBaseMs: 60_000, backoffMaxMs: 600_000 } });
    iphone(r, 'c1:00:00:00:00:03', 'hang', ID);
    iphone(r, 'c1:00:00:00:00:04', 'accept', ID);
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    r.controller.receiveConnectable('c1:00:00:00:00:03', 'random', encodeIosOverflowAdvert(), -70);
    r.controller.receiveConnectable('c1:00:00:00:00:04', 'random', encodeIosOverflowAdvert(), -70);
    await until(() => r.sightings.length === 1, 4000);
    expect(r.scanner.stats().gattFailures).toBe(1);
  });

  it('keeps emitting Android sightings while 200 iPhones flood the GATT queue', async () => {
    const r = rig({ gatt: { concurrency: 2, connectTimeoutMs: 300, queueCap: 16, backoffBaseMs: 60_000, backoffMaxMs: 600_000 } });
    const addresses = Array.from({ length: 200 }, (_, i) => `c2:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`);
    for (const a of addresses) iphone(r, a, 'hang', ID);
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    let maxQueued = 0;
    let maxActive = 0;
    for (let round = 0; round < 5; round += 1) {
      for (const a of addresses) r.controller.receiveConnectable(a, 'random', encodeIosOverflowAdvert(), -75);
      const androidId = new Uint8Array(12).fill(round);
      r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(androidId), -60);
      await new Promise((res) => setTimeout(res, 100));
      const load = r.scanner.gattLoad();
      maxQueued = Math.max(maxQueued, load.queued);
      maxActive = Math.max(maxActive, load.active);
    }
    await until(() => new Set(r.sightings.filter((s) => s.protocol === 'bluezone_android').map((s) => s.id)).size === 5, 3000);
    expect(maxQueued).toBeLessThanOrEqual(16);
    expect(maxActive).toBeLessThanOrEqual(2);
  });

  it("survives random advertising data through noble's own parser and keeps decoding", async () => {
    // noble logs (console.warn) and drops reports its parser chokes on; nothing may escape.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const r = rig();
      await r.scanner.start();
      await until(() => r.scanner.status().state === 'scanning');
      const samples = fc.sample(fc.tuple(fc.uint8Array({ maxLength: 31 }), fc.integer({ min: 0, max: 4 })), { numRuns: 3000, seed: 1 });
      samples.forEach(([data, type], i) => {
        r.controller.receive({ address: `d0:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, addressType: 'random', eventType: type, data, rssi: -80 });
      });
      r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61);
      await until(() => r.sightings.some((s) => s.id === ID_HEX), 5000);
      expect(r.scanner.status().state).toBe('scanning');
      expect(r.scanner.stats().adverts).toBeGreaterThan(100);
    } finally {
      warn.mockRestore();
    }
  });

  it("forgets idle peripherals so noble's tables (and the MACs in them) do not grow forever", async () => {
    const r = rig();
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    for (let i = 0; i < 50; i += 1) {
      r.controller.receiveConnectable(`e0:00:00:00:00:${i.toString(16).padStart(2, '0')}`, 'random', encodeBluezoneAdvert(ID), -70);
    }
    await until(() => r.scanner.trackedPeripherals() === 50);
    expect(r.scanner.sweep(60_000)).toBe(0);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.scanner.sweep(10)).toBe(50);
    expect(r.scanner.trackedPeripherals()).toBe(0);
    // A forgotten phone that comes back is decoded as before.
    r.controller.receiveConnectable('e0:00:00:00:00:01', 'random', encodeBluezoneAdvert(ID), -70);
    await until(() => r.scanner.trackedPeripherals() === 1);
  });

  it('marks sightings untrusted while the clock is not synchronised', async () => {
    let synced = false;
    const r = rig({ clock: { now: () => Date.now(), synced: () => synced } });
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61);
    await until(() => r.sightings.length === 1);
    synced = true;
    r.controller.receiveConnectable(ANDROID, 'random', encodeBluezoneAdvert(ID), -61);
    await until(() => r.sightings.length === 2);
    expect(r.sightings.map((s) => s.trusted)).toEqual([false, true]);
  });

  it('backs off an iPhone that is not running Bluezone (overflow bit collision, no …A667 service)', async () => {
    const r = rig();
    r.controller.addPeer({
      address: 'c3:00:00:00:00:01',
      addressType: 'random',
      connect: 'accept',
      gatt: { serviceUuid: '0000180D-0000-1000-8000-00805F9B34FB', characteristicUuid: '00002A37-0000-1000-8000-00805F9B34FB', read: () => ID },
    });
    await r.scanner.start();
    await until(() => r.scanner.status().state === 'scanning');
    r.controller.receiveConnectable('c3:00:00:00:00:01', 'random', encodeIosOverflowAdvert(), -70);
    await until(() => r.scanner.stats().gattFailures === 1);
    for (let i = 0; i < 5; i += 1) r.controller.receiveConnectable('c3:00:00:00:00:01', 'random', encodeIosOverflowAdvert(), -70);
    await new Promise((res) => setTimeout(res, 100));
    expect(r.controller.counters.connections).toBe(1);
    expect(r.sightings).toEqual([]);
  });
});
