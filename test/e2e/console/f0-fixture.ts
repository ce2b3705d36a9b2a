// Real-format data for the console tests, from the verified vectors of docs/protocol.md §6
// (key 4C5224B3…, time_start 1596844800): a kiosk that saw the F0 in slot 23 and uploaded its
// slot keys, and the F0's own files (InfoF JSON, daily-key list, data_trace.txt).
import { randomUUID } from 'node:crypto';
import { emptyBatch, enrollKiosk, signedInject, type TestKiosk, type TestServer } from '../../integration/server/helpers/test-server.js';
import { formatTraceLine } from '../../../shared/protocol/bluezone-trace.js';
import { kioskBroadcastId } from '../../../shared/protocol/bluezone-infof.js';
import type { ConsoleServer } from './console-harness.js';

export const KEY_A = '4C5224B397F8AB3896781D5AA0F3119F280513F1B592CA280EBDED6357E21084';
export const T0 = 1596844800;
/** Global slot of 2020-08-08 00:00 UTC. */
export const S0 = (T0 * 1000) / 900_000;
export const F0_IDS = { 23: 'B9A665D754FE65E665D76A45', 24: '3AA8DFC0A15682B27216FC31' } as const;
/** The server's clock in these tests: the day after the capture. */
export const SERVER_NOW = Date.UTC(2020, 7, 9, 12);
export const SLOT_KEYS = [22, 23, 24].map((i) => ({ slot: S0 + i, key: i.toString(16).toUpperCase().padStart(2, '0').repeat(32) }));

/** The helpers of the integration tests want a TestServer; this one reads the live server's clock. */
export function asTestServer(s: ConsoleServer): TestServer {
  return {
    app: s.app,
    db: s.db,
    clock: {
      get now() {
        return s.app.services.now();
      },
      set now(v: number) {
        s.clock.now = v;
      },
    },
    close: async () => undefined,
  };
}

export async function kioskSawF0(s: ConsoleServer, venueId: string): Promise<TestKiosk> {
  const ts = asTestServer(s);
  const k = await enrollKiosk(ts, venueId);
  const slot = S0 + 23;
  const batch = {
    ...emptyBatch(randomUUID(), s.app.services.now()),
    encounters: [
      { visitor_id: F0_IDS[23], protocol: 'bluezone_android' as const, slot, first_seen_min: slot * 15 + 2, last_seen_min: slot * 15 + 14, distance: 'near' as const, checked_in: true },
      { visitor_id: 'A00000000000000000000001', protocol: 'bluezone_android' as const, slot, first_seen_min: slot * 15, last_seen_min: slot * 15 + 5, distance: 'mid' as const, checked_in: false },
      { visitor_id: 'A00000000000000000000002', protocol: 'bluezone_ios' as const, slot: slot - 1, first_seen_min: (slot - 1) * 15, last_seen_min: (slot - 1) * 15 + 5, distance: 'far' as const, checked_in: false },
    ],
    slot_keys: SLOT_KEYS,
    attendance: [{ slot, bluezone_devices: 2, gaen_devices: 0, arrivals: 2, no_app: 1, helped_install: 1 }],
  };
  const r = await signedInject(ts, k, 'POST', '/v1/kiosk/batches', batch);
  if (r.statusCode !== 200) throw new Error(`kiosk upload failed: ${r.body}`);
  return k;
}

/** The InfoF JSON as the phone sends it (base_id included; the console must not send it on). */
export const INFO_F_FILE = JSON.stringify({ base_id: KEY_A, time: T0, daily_key: KEY_A, time_start: T0 });

export function traceFile(): string {
  return (
    [
      formatTraceLine(F0_IDS[23], '7C3DEC4246EA6F90E38EA254', -74, 1596866191387),
      formatTraceLine(F0_IDS[24], kioskBroadcastId(SLOT_KEYS[2]!.key), -58, 1596866588130),
      // iOS writes seconds
      formatTraceLine(F0_IDS[24], kioskBroadcastId(SLOT_KEYS[2]!.key), -85, 1596867000),
      // the day before the window (the server refuses lines later than its clock): valid but ignored
      formatTraceLine(F0_IDS[24], '7C3DEC4246EA6F90E38EA254', -70, 1596780000000),
    ].join('\n') + '\n'
  );
}
