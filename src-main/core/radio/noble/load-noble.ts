// Loads noble lazily over injected bindings (style.md: noble/bleno open sockets on require,
// so never at import time). Two ways:
//  - hci: noble's own hci-socket bindings on a kernel HCI device (the Pi);
//  - virtual: the same bindings module, loaded fresh with a VirtualHciSocket where
//    `@abandonware/bluetooth-hci-socket` would be, so raw HCI bytes from the virtual
//    controller run through noble's real HCI, GAP (advert parser) and GATT code.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { VirtualHciController } from '../hci/virtual-hci-controller.js';
import { loadWithInjectedHciSocket } from '../hci/inject-hci-socket.js';
import type { LoadedNoble, Noble, NoblePeripheral, RawAdvertisingReport } from './noble-types.js';

type Bag = Record<string, unknown>;
type BindingsCtor = new (options: Record<string, unknown>) => EventEmitter & {
  _hci: EventEmitter & { _socket: { stop?: () => void }; pollIsDevUp?: () => void };
  _gap?: { _discoveries?: Bag };
  onSigIntBinded?: () => void;
} & Record<'_addresses' | '_addresseTypes' | '_connectable' | 'scannable', Bag | undefined>;
type WithBindings = (bindings: unknown) => Noble;

const require = createRequire(import.meta.url);

function wrap(noble: Noble, bindings: InstanceType<BindingsCtor>): LoadedNoble {
  const lastSeen = new Map<string, { at: number; address: string }>();
  noble.on('discover', (p: NoblePeripheral) => lastSeen.set(p.id, { at: performance.now(), address: p.address }));
  // noble's internal tables, keyed by peripheral uuid (and GAP's by address).
  const internals = noble as unknown as Record<'_peripherals' | '_services' | '_characteristics' | '_descriptors' | '_discoveredPeripheralUUids', Bag | undefined>;
  return {
    noble,
    forgetIdle(maxIdleMs) {
      const now = performance.now();
      let forgotten = 0;
      for (const [uuid, seen] of lastSeen) {
        if (now - seen.at < maxIdleMs) continue;
        const peripheral = internals._peripherals?.[uuid] as NoblePeripheral | undefined;
        if (peripheral && peripheral.state !== 'disconnected' && peripheral.state !== 'error') continue;
        for (const table of [internals._peripherals, internals._services, internals._characteristics, internals._descriptors, internals._discoveredPeripheralUUids]) {
          if (table) delete table[uuid];
        }
        for (const table of [bindings._addresses, bindings._addresseTypes, bindings._connectable, bindings.scannable]) {
          if (table) delete table[uuid];
        }
        if (bindings._gap?._discoveries) delete bindings._gap._discoveries[seen.address];
        lastSeen.delete(uuid);
        forgotten += 1;
      }
      return forgotten;
    },
    trackedPeripherals() {
      return Object.keys(internals._peripherals ?? {}).length;
    },
    onRawReport(listener) {
      // noble's Hci emits ('leAdvertisingReport', status, type, address, addressType, eir, rssi).
      const handler = (_s: number, type: number, address: string, addressType: string, eir: Buffer, rssi: number) =>
        listener({ type, address, addressType, data: new Uint8Array(eir), rssi } satisfies RawAdvertisingReport);
      bindings._hci.on('leAdvertisingReport', handler);
      return () => bindings._hci.off('leAdvertisingReport', handler);
    },
    releaseSignalHook() {
      if (bindings.onSigIntBinded) process.off('SIGINT', bindings.onSigIntBinded);
    },
    close() {
      if (bindings.onSigIntBinded) process.off('SIGINT', bindings.onSigIntBinded);
      // noble polls the adapter every second forever; the next poll ends the loop.
      bindings._hci.pollIsDevUp = () => undefined;
      bindings._hci._socket.stop?.();
    },
  };
}

export interface HciNobleOptions {
  readonly deviceId?: number;
  /** Scanner and beacon share one adapter (noble docs: NOBLE_MULTI_ROLE=1). */
  readonly multiRole: boolean;
}

export async function loadHciNoble(options: HciNobleOptions): Promise<LoadedNoble> {
  // noble reads these when its HCI layer is constructed, so they must be set before loading.
  if (options.deviceId !== undefined) process.env['NOBLE_HCI_DEVICE_ID'] = String(options.deviceId);
  if (options.multiRole) process.env['NOBLE_MULTI_ROLE'] = '1';
  const withBindings = (await import('@abandonware/noble/with-bindings.js')).default as unknown as WithBindings;
  const Bindings = (await import('@abandonware/noble/lib/hci-socket/bindings.js')).default as unknown as BindingsCtor;
  const bindings = new Bindings(options.deviceId === undefined ? {} : { deviceId: options.deviceId });
  return wrap(withBindings(bindings), bindings);
}

export async function loadVirtualNoble(controller: VirtualHciController): Promise<LoadedNoble> {
  const withBindings = (await import('@abandonware/noble/with-bindings.js')).default as unknown as WithBindings;
  const bindingsPath = require.resolve('@abandonware/noble/lib/hci-socket/bindings.js');
  const socketPath = createRequire(bindingsPath).resolve('@abandonware/bluetooth-hci-socket');
  const Bindings = loadWithInjectedHciSocket(bindingsPath, socketPath, controller) as BindingsCtor;
  const bindings = new Bindings({});
  return wrap(withBindings(bindings), bindings);
}
