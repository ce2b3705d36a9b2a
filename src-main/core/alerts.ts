// Staff alerts, derived from the state of the parts of the core each time status is read,
// so an alert clears itself the moment its cause does.
import type { Alert } from '../../shared/api/core-api.js';
import type { KioskNotice } from '../../shared/api/kiosk-upload.js';
import type { RadioState } from '../../shared/domain/types.js';

export interface AlertInputs {
  now: number;
  radioState: RadioState;
  radioDetail?: string;
  radioSince: number;
  clockSynced: boolean;
  clockSince: number;
  uploadConfigured: boolean;
  enrolled: boolean;
  uploadFailingSince: number | null;
  uploadLastError: string | null;
  notices: KioskNotice[];
  storageRecovered: boolean;
  startedAt: number;
  diskLow: boolean;
  /** Distance thresholds come from a calibration or the configuration, not the default. */
  distanceCalibrated: boolean;
}

/** Uploads count as failing only after this long, so one dropped request does not alarm staff. */
export const UPLOAD_FAILING_AFTER_MS = 10 * 60_000;

/** How long an acknowledged venue notice stays visible to staff. */
export const ACKNOWLEDGED_KEPT_MS = 24 * 3_600_000;

export function deriveAlerts(i: AlertInputs): Alert[] {
  const alerts: Alert[] = [];
  if (i.radioState === 'no_adapter' || i.radioState === 'error' || i.radioState === 'powered_off') {
    alerts.push({ code: 'radio_down', since: i.radioSince, ...(i.radioDetail ? { detail: i.radioDetail } : {}) });
  }
  if (!i.clockSynced) alerts.push({ code: 'clock_unsynced', since: i.clockSince });
  if (i.uploadConfigured && !i.enrolled) {
    alerts.push({ code: 'not_enrolled', since: i.startedAt, ...(i.uploadLastError ? { detail: i.uploadLastError } : {}) });
  }
  if (i.enrolled && i.uploadFailingSince !== null && i.now - i.uploadFailingSince >= UPLOAD_FAILING_AFTER_MS) {
    alerts.push({ code: 'upload_failing', since: i.uploadFailingSince, ...(i.uploadLastError ? { detail: i.uploadLastError } : {}) });
  }
  for (const n of i.notices) {
    if (n.kind !== 'exposure') continue;
    const ack = n.acknowledged_at ?? null;
    // An acknowledged notice stays on the staff console for a day, then leaves it.
    if (ack !== null && i.now - ack > ACKNOWLEDGED_KEPT_MS) continue;
    alerts.push({
      code: 'exposure_notice',
      since: n.created_at,
      notice: { id: n.id, first_slot: n.first_slot ?? null, last_slot: n.last_slot ?? null, message_vi: n.message_vi, message_en: n.message_en, acknowledged_at: ack },
    });
  }
  if (i.storageRecovered) alerts.push({ code: 'storage_recovered', since: i.startedAt });
  if (i.diskLow) alerts.push({ code: 'disk_low', since: i.now });
  if (!i.distanceCalibrated) alerts.push({ code: 'distance_uncalibrated', since: i.startedAt });
  return alerts;
}
