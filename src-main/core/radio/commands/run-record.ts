// `record`: writes what the scanner's adapter hears to a JSON Lines capture
// (../capture-format.md) for replay and field diagnostics. Addresses are replaced by
// per-capture random pseudonyms before anything is written, so a capture holds no real MAC;
// it does hold visitors' current IDs and RSSI, so it is a diagnostic artefact for a lab or a
// consented test, never something to run routinely at a venue.
import { createWriteStream } from 'node:fs';
import type { Clock } from '../../ports.js';
import { advertLine, gattLine, headerLine } from '../capture/capture-lines.js';
import { createRadioInternals } from '../create-radio.js';
import type { RadioConfig } from '../radio-config.js';
import { RadioError } from '../radio-error.js';

export interface RecordOptions {
  readonly radio: RadioConfig;
  readonly outFile: string;
  readonly durationMs: number;
  readonly clock: Clock;
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  readonly signal?: AbortSignal;
}

export interface RecordSummary {
  readonly file: string;
  readonly adverts: number;
  readonly gattReads: number;
  readonly devices: number;
  readonly radioState: string;
}

function randomAddress(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  b[0] = (b[0]! & 0x3f) | 0xc0;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export async function runRecord(options: RecordOptions): Promise<RecordSummary> {
  if (options.radio.mode === 'replay') throw new RadioError('record_from_replay', 'record from hci or simulated, not from a replay');
  const out = createWriteStream(options.outFile, { flags: 'wx', mode: 0o600 });
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', (e) => reject(new RadioError('record_open_failed', `${options.outFile}: ${e.message}`)));
  });
  await opened;
  const startedAt = options.clock.now();
  const pseudonyms = new Map<string, string>();
  const pseudo = (address: string) => {
    let p = pseudonyms.get(address);
    if (p === undefined) {
      p = randomAddress();
      pseudonyms.set(address, p);
    }
    return p;
  };
  let adverts = 0;
  let gattReads = 0;
  const t = () => Math.max(0, options.clock.now() - startedAt);
  out.write(`${headerLine(startedAt, options.radio.mode === 'hci' ? `hci${options.radio.scannerHciDevice ?? 0}` : 'simulated')}\n`);
  const radio = await createRadioInternals(options.radio, {
    clock: options.clock,
    ...(options.log ? { log: options.log } : {}),
    onRawReport: (r) => {
      adverts += 1;
      out.write(`${advertLine(t(), pseudo(r.address), r.addressType, r.type, r.rssi, r.data)}\n`);
    },
    onGattRead: (address, result) => {
      gattReads += 1;
      out.write(`${gattLine(t(), pseudo(address), result)}\n`);
    },
  });
  let radioState: string;
  let devices: number;
  try {
    await radio.scanner.start();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.durationMs);
      options.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
    radioState = radio.scanner.status().state;
  } finally {
    await radio.dispose();
    await new Promise<void>((resolve) => out.end(resolve));
    devices = pseudonyms.size;
    pseudonyms.clear();
  }
  options.log?.('record_finished', { adverts, gattReads, devices, radioState });
  return { file: options.outFile, adverts, gattReads, devices, radioState };
}
