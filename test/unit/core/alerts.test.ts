import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGED_KEPT_MS, UPLOAD_FAILING_AFTER_MS, deriveAlerts, type AlertInputs } from '../../../src-main/core/alerts.js';

const healthy: AlertInputs = {
  now: 10_000_000,
  radioState: 'scanning',
  radioSince: 0,
  clockSynced: true,
  clockSince: 0,
  uploadConfigured: true,
  enrolled: true,
  uploadFailingSince: null,
  uploadLastError: null,
  notices: [],
  storageRecovered: false,
  startedAt: 0,
  diskLow: false,
  distanceCalibrated: true,
};

describe('deriveAlerts', () => {
  it('raises nothing when all is well', () => {
    expect(deriveAlerts(healthy)).toEqual([]);
  });

  it('tells staff to calibrate while distances use the uncalibrated default', () => {
    expect(deriveAlerts({ ...healthy, distanceCalibrated: false })).toEqual([{ code: 'distance_uncalibrated', since: 0 }]);
  });

  it('raises each alert from its cause', () => {
    const codes = deriveAlerts({
      ...healthy,
      radioState: 'no_adapter',
      clockSynced: false,
      uploadFailingSince: healthy.now - UPLOAD_FAILING_AFTER_MS,
      notices: [{ id: 'n', kind: 'exposure', message_vi: 'F0', message_en: 'F0', created_at: 1 }],
      storageRecovered: true,
      diskLow: true,
    }).map((a) => a.code);
    expect(codes).toEqual(['radio_down', 'clock_unsynced', 'upload_failing', 'exposure_notice', 'storage_recovered', 'disk_low']);
  });

  it('carries a venue notice whole, and drops it a day after staff acknowledged it', () => {
    const n = { id: 'n-1', kind: 'exposure' as const, message_vi: 'vi', message_en: 'en', created_at: 1, first_slot: 100, last_slot: 102 };
    expect(deriveAlerts({ ...healthy, notices: [n] })).toEqual([
      { code: 'exposure_notice', since: 1, notice: { id: 'n-1', first_slot: 100, last_slot: 102, message_vi: 'vi', message_en: 'en', acknowledged_at: null } },
    ]);
    const acked = { ...n, acknowledged_at: healthy.now - 3_600_000 };
    expect(deriveAlerts({ ...healthy, notices: [acked] })[0]?.notice?.acknowledged_at).toBe(acked.acknowledged_at);
    expect(deriveAlerts({ ...healthy, notices: [{ ...n, acknowledged_at: healthy.now - ACKNOWLEDGED_KEPT_MS - 1 }] })).toEqual([]);
  });

  it('waits before calling uploads failing, and flags a kiosk that is not enrolled', () => {
    expect(deriveAlerts({ ...healthy, uploadFailingSince: healthy.now - 1000 })).toEqual([]);
    expect(deriveAlerts({ ...healthy, enrolled: false }).map((a) => a.code)).toEqual(['not_enrolled']);
    expect(deriveAlerts({ ...healthy, enrolled: false, uploadConfigured: false })).toEqual([]);
  });
});
