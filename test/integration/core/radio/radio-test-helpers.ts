// Shared set-up for radio integration tests: a NobleScanner over a virtual controller with
// short timings, so the real noble HCI/GAP/GATT code runs without hardware.
import { VirtualHciController, type VirtualControllerOptions } from '../../../../src-main/core/radio/hci/virtual-hci-controller.js';
import { loadVirtualNoble } from '../../../../src-main/core/radio/noble/load-noble.js';
import { NobleScanner, type NobleScannerOptions } from '../../../../src-main/core/radio/noble/noble-scanner.js';
import type { Sighting } from '../../../../shared/domain/types.js';
import type { RadioStatus } from '../../../../src-main/core/ports.js';

export const clock = { now: () => Date.now(), synced: () => true };

export async function until(cond: () => boolean, ms = 8000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function scannerRig(overrides: Partial<NobleScannerOptions> = {}, controllerOptions: VirtualControllerOptions = {}) {
  const controller = new VirtualHciController(controllerOptions);
  const sightings: Sighting[] = [];
  const statuses: RadioStatus[] = [];
  const logs: string[] = [];
  /** Each event with the level the scanner gave it (journald's priority in production). */
  const levels: string[] = [];
  const scanner = new NobleScanner({
    load: () => loadVirtualNoble(controller),
    clock,
    log: (event, _fields, level = 'info') => {
      logs.push(event);
      levels.push(`${event}:${level}`);
    },
    unknownTimeoutMs: 400,
    watchdogMs: 400,
    restartDelayMs: 50,
    scanStartTimeoutMs: 300,
    gatt: { concurrency: 2, connectTimeoutMs: 300, queueCap: 16, backoffBaseMs: 60_000, backoffMaxMs: 600_000 },
    ...overrides,
  });
  scanner.onSighting((s) => sightings.push(s));
  scanner.onStatus((s) => statuses.push(s));
  return { controller, scanner, sightings, statuses, logs, levels };
}
