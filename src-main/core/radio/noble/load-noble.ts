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
import type { LoadedNoble, Noble, RawAdvertisingReport } from './noble-types.js';

type BindingsCtor = new (options: Record<string, unknown>) => EventEmitter & {
  _hci: EventEmitter & { _socket: { stop?: () => void } };
};
type WithBindings = (bindings: unknown) => Noble;

const require = createRequire(import.meta.url);

function wrap(noble: Noble, bindings: InstanceType<BindingsCtor>): LoadedNoble {
  return {
    noble,
    onRawReport(listener) {
      // noble's Hci emits ('leAdvertisingReport', status, type, address, addressType, eir, rssi).
      const handler = (_s: number, type: number, address: string, addressType: string, eir: Buffer, rssi: number) =>
        listener({ type, address, addressType, data: new Uint8Array(eir), rssi } satisfies RawAdvertisingReport);
      bindings._hci.on('leAdvertisingReport', handler);
      return () => bindings._hci.off('leAdvertisingReport', handler);
    },
    close() {
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
  const Bindings = loadWithInjectedHciSocket(bindingsPath, controller) as BindingsCtor;
  const bindings = new Bindings({});
  return wrap(withBindings(bindings), bindings);
}
