import { describe, expect, it } from 'vitest';
import { UPLOAD_FAILING_AFTER_MS, deriveAlerts, type AlertInputs } from '../../../src-main/core/alerts.js';

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
};

describe('deriveAlerts', () => {
  it('raises nothing when all is well', () => {
    expect(deriveAlerts(healthy)).toEqual([]);
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

  it('waits before calling uploads failing, and flags a kiosk that is not enrolled', () => {
    expect(deriveAlerts({ ...healthy, uploadFailingSince: healthy.now - 1000 })).toEqual([]);
    expect(deriveAlerts({ ...healthy, enrolled: false }).map((a) => a.code)).toEqual(['not_enrolled']);
    expect(deriveAlerts({ ...healthy, enrolled: false, uploadConfigured: false })).toEqual([]);
  });
});
