// One GATT read of a Bluezone iPhone's ID through noble: connect, discover …A667/…A689,
// read, and always leave the link closed — a half-open connection would block noble's
// single connection queue for every later iPhone.
import {
  BLUEZONE_IOS_CHARACTERISTIC_TEXT,
  BLUEZONE_IOS_SERVICE_TEXT,
  canonicalUuid,
} from '../../../../shared/protocol/ble-uuids.js';
import type { RadioLog } from '../listener-set.js';
import { RadioError, withTimeout } from '../radio-error.js';
import type { NoblePeripheral } from './noble-types.js';

const DISCONNECT_TIMEOUT_MS = 2000;

export async function readIosIdViaNoble(peripheral: NoblePeripheral, timeoutMs: number, log: RadioLog): Promise<Uint8Array> {
  const work = (async () => {
    await peripheral.connectAsync();
    const { characteristics } = await peripheral.discoverSomeServicesAndCharacteristicsAsync(
      [BLUEZONE_IOS_SERVICE_TEXT],
      [BLUEZONE_IOS_CHARACTERISTIC_TEXT],
    );
    const ch = characteristics.find((c) => canonicalUuid(c.uuid) === BLUEZONE_IOS_CHARACTERISTIC_TEXT);
    if (ch === undefined) throw new RadioError('gatt_no_characteristic', 'no Bluezone characteristic');
    return new Uint8Array(await ch.readAsync());
  })();
  // If the timeout wins, the work may still fail later; that outcome is expected and only logged.
  work.catch((error: unknown) => log('gatt_late_failure', { error }));
  try {
    return await withTimeout(work, timeoutMs, 'gatt_timeout');
  } catch (error) {
    if (error instanceof RadioError) throw error;
    throw new RadioError('gatt_connect_failed', error instanceof Error ? error.message : String(error));
  } finally {
    await closeLink(peripheral, log);
  }
}

async function closeLink(peripheral: NoblePeripheral, log: RadioLog): Promise<void> {
  try {
    if (peripheral.state === 'connecting') peripheral.cancelConnect();
    else if (peripheral.state === 'connected') {
      await withTimeout(peripheral.disconnectAsync(), DISCONNECT_TIMEOUT_MS, 'gatt_disconnect_timeout');
    }
  } catch (error) {
    log('gatt_disconnect_failed', { error });
  }
}
