// Loads bleno lazily (it opens an HCI socket and a management socket on require). On the
// Pi: bleno's own hci-socket bindings on the configured device. In simulation, replay and
// tests: the same modules loaded fresh over a virtual controller, so bleno's real HCI
// command encoding (LE Set Advertising Data…) and GATT server run.
import { createRequire } from 'node:module';
import type { VirtualHciController } from '../hci/virtual-hci-controller.js';
import { loadWithInjectedHciSocket } from '../hci/inject-hci-socket.js';
import type { Bleno, LoadedBleno } from './bleno-types.js';

const require = createRequire(import.meta.url);

type BlenoInternals = {
  _bindings?: { onSigIntBinded?: () => void; _hci?: { _socket?: { stop?: () => void }; pollIsDevUp?: () => void } };
};

function releaseSignalHook(bleno: Bleno): void {
  const hook = (bleno as unknown as BlenoInternals)._bindings?.onSigIntBinded;
  if (hook) process.off('SIGINT', hook);
}

function close(bleno: Bleno): void {
  releaseSignalHook(bleno);
  const hci = (bleno as unknown as BlenoInternals)._bindings?._hci;
  if (hci) {
    // bleno polls the adapter every second forever; the next poll ends the loop.
    hci.pollIsDevUp = () => undefined;
    hci._socket?.stop?.();
  }
}

function loaded(bleno: Bleno): LoadedBleno {
  return { bleno, releaseSignalHook: () => releaseSignalHook(bleno), close: () => close(bleno) };
}

export async function loadHciBleno(options: { deviceId?: number }): Promise<LoadedBleno> {
  // bleno reads its device from the environment when its HCI layer initialises.
  if (options.deviceId !== undefined) process.env['BLENO_HCI_DEVICE_ID'] = String(options.deviceId);
  const bleno = (await import('@abandonware/bleno')).default as Bleno;
  return loaded(bleno);
}

export async function loadVirtualBleno(controller: VirtualHciController): Promise<LoadedBleno> {
  const entry = require.resolve('@abandonware/bleno/lib/bleno.js');
  const socketPath = createRequire(require.resolve('@abandonware/bleno/lib/hci-socket/hci.js')).resolve('@abandonware/bluetooth-hci-socket');
  const BlenoClass = loadWithInjectedHciSocket(entry, socketPath, controller) as new () => Bleno;
  const bleno = new BlenoClass();
  return loaded(bleno);
}
