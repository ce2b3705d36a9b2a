// Plays a capture back into a virtual controller at recorded or accelerated speed, so the
// replayed bytes take the same path as live ones (noble's HCI + GAP, the classifier, GATT).
// iPhones answer GATT reads with the value recorded for their address.
import { readFileSync } from 'node:fs';
import { fromHex } from '../../../../shared/hex.js';
import {
  BLUEZONE_IOS_CHARACTERISTIC_UUID,
  BLUEZONE_IOS_SERVICE_UUID,
} from '../../../../shared/protocol/ble-uuids.js';
import type { VirtualHciController } from '../hci/virtual-hci-controller.js';
import type { RadioLog } from '../listener-set.js';
import { RadioError } from '../radio-error.js';
import { parseCaptureLine, type CaptureAdvert } from './capture-lines.js';

export interface LoadedCapture {
  readonly adverts: readonly CaptureAdvert[];
  /** Last successfully read value per address. */
  readonly gattValues: ReadonlyMap<string, Uint8Array>;
  /** Addresses whose every recorded read failed. */
  readonly gattFailing: ReadonlySet<string>;
  readonly badLines: readonly { line: number; reason: string }[];
}

export function loadCapture(text: string): LoadedCapture {
  const adverts: CaptureAdvert[] = [];
  const gattValues = new Map<string, Uint8Array>();
  const gattFailing = new Set<string>();
  const badLines: { line: number; reason: string }[] = [];
  let sawHeader = false;
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const r = parseCaptureLine(raw);
    if (!r.ok) {
      badLines.push({ line: i + 1, reason: r.reason });
      return;
    }
    const l = r.line;
    if (l.type === 'header') sawHeader = true;
    else if (l.type === 'advert') adverts.push(l);
    else if (l.value !== undefined) {
      gattValues.set(l.address, fromHex(l.value));
      gattFailing.delete(l.address);
    } else if (!gattValues.has(l.address)) gattFailing.add(l.address);
  });
  if (!sawHeader) throw new RadioError('capture_missing_header', 'the first line must be a bluezone-radio-capture header');
  adverts.sort((a, b) => a.t - b.t);
  return { adverts, gattValues, gattFailing, badLines };
}

export function loadCaptureFile(path: string): LoadedCapture {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RadioError('capture_unreadable', `${path}: ${(error as Error).message}`);
  }
  return loadCapture(text);
}

export class ReplayDriver {
  private timer: NodeJS.Timeout | null = null;
  private index = 0;
  private startedAt = 0;
  private onDone: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(
    private readonly controller: VirtualHciController,
    private readonly capture: LoadedCapture,
    private readonly speed: number,
    private readonly log: RadioLog,
  ) {
    this.done = new Promise((resolve) => (this.onDone = resolve));
    for (const [address, value] of capture.gattValues) this.addPeer(address, value, 'accept');
    for (const address of capture.gattFailing) this.addPeer(address, null, 'hang');
    if (capture.badLines.length > 0) log('capture_bad_lines', { count: capture.badLines.length, first: capture.badLines[0] });
  }

  start(): void {
    if (this.timer) return;
    this.startedAt = performance.now();
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.onDone?.();
  }

  get delivered(): number {
    return this.index;
  }

  private addPeer(address: string, value: Uint8Array | null, connect: 'accept' | 'hang'): void {
    this.controller.addPeer({
      address,
      addressType: 'random',
      connect,
      gatt: { serviceUuid: BLUEZONE_IOS_SERVICE_UUID, characteristicUuid: BLUEZONE_IOS_CHARACTERISTIC_UUID, read: () => value },
    });
  }

  private schedule(): void {
    const next = this.capture.adverts[this.index];
    if (next === undefined) {
      this.timer = null;
      this.log('replay_finished', { adverts: this.index });
      this.onDone?.();
      return;
    }
    const due = next.t / this.speed - (performance.now() - this.startedAt);
    this.timer = setTimeout(() => this.deliverDue(), Math.max(0, due));
  }

  private deliverDue(): void {
    const elapsed = (performance.now() - this.startedAt) * this.speed;
    let a = this.capture.adverts[this.index];
    while (a !== undefined && a.t <= elapsed) {
      this.controller.receive({
        address: a.address,
        addressType: a.address_type,
        eventType: a.event_type,
        data: fromHex(a.data),
        rssi: a.rssi,
      });
      this.index += 1;
      a = this.capture.adverts[this.index];
    }
    this.schedule();
  }
}
