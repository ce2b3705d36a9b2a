// Loads a CommonJS module of noble or bleno with a virtual controller's socket in place of
// the native HCI socket module (whose resolved path the noble/bleno adapter passes in). The module and its siblings are evaluated
// fresh, with the substitute visible only during that load; the require cache is restored
// afterwards so nothing else in the process sees the substitute (or loses the real one).
import { Module, createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { VirtualHciController } from './virtual-hci-controller.js';

type CacheEntry = NodeJS.Module | undefined;

export function loadWithInjectedHciSocket(entryPath: string, socketPath: string, controller: VirtualHciController): unknown {
  const req = createRequire(entryPath);
  const cache = req.cache;
  const packageDir = dirname(dirname(entryPath));
  const saved = new Map<string, CacheEntry>();
  for (const key of Object.keys(cache)) {
    if (key.startsWith(packageDir) || key === socketPath) {
      saved.set(key, cache[key]);
      delete cache[key];
    }
  }
  const fake = new Module(socketPath);
  // `new BluetoothHciSocket()` returns a fresh socket on the virtual adapter.
  fake.exports = function VirtualBluetoothHciSocket() {
    return controller.openSocket();
  };
  fake.loaded = true;
  fake.filename = socketPath;
  cache[socketPath] = fake;
  try {
    return req(entryPath);
  } finally {
    for (const key of Object.keys(cache)) {
      if (key.startsWith(packageDir) || key === socketPath) delete cache[key];
    }
    for (const [key, entry] of saved) if (entry !== undefined) cache[key] = entry;
  }
}
