// Kiosk core <-> UI API (served by the core on 127.0.0.1). Declared once here: the core
// validates requests with these schemas and the renderer derives its types from them.
import { Type, type Static } from '@sinclair/typebox';
import { type ProtocolSchema, RadioStateSchema, TallyKindSchema } from './kiosk-upload.js';
import { KioskReportRequest } from './report-api.js';

/**
 * "Here now": phones heard in the last presence window (60 s), each phone once even across a
 * slot boundary. A phone that left within the window still counts. `bluezone` is the sum of
 * its two parts, so add `bluezone` and `gaen` for every phone, never all four fields.
 */
export const PresenceCounts = Type.Object({
  /** Bluezone phones (Android + iPhone) seen in the last 60 s. */
  bluezone: Type.Integer({ minimum: 0 }),
  bluezone_android: Type.Integer({ minimum: 0 }),
  bluezone_ios: Type.Integer({ minimum: 0 }),
  /** Foreign exposure-notification (GAEN) phones seen in the last 60 s. */
  gaen: Type.Integer({ minimum: 0 }),
});
export type PresenceCounts = Static<typeof PresenceCounts>;

export const AlertCode = Type.Union([
  Type.Literal('radio_down'),
  Type.Literal('clock_unsynced'),
  Type.Literal('upload_failing'),
  Type.Literal('not_enrolled'),
  Type.Literal('exposure_notice'),
  Type.Literal('storage_recovered'),
  Type.Literal('disk_low'),
  /** Distance classes use the uncalibrated default: run the calibration wizard. */
  Type.Literal('distance_uncalibrated'),
]);
export type AlertCode = Static<typeof AlertCode>;

/** A venue notice from the health authority, as staff see it (code exposure_notice). */
export const AlertNotice = Type.Object({
  id: Type.String(),
  /** The exposure window as UTC slots; the screen shows it in local time. */
  first_slot: Type.Union([Type.Integer(), Type.Null()]),
  last_slot: Type.Union([Type.Integer(), Type.Null()]),
  message_vi: Type.String(),
  message_en: Type.String(),
  /** When staff acknowledged it on this kiosk or another of the venue; null until then. */
  acknowledged_at: Type.Union([Type.Integer(), Type.Null()]),
});
export type AlertNotice = Static<typeof AlertNotice>;

export const Alert = Type.Object({
  code: AlertCode,
  since: Type.Integer(),
  detail: Type.Optional(Type.String()),
  notice: Type.Optional(AlertNotice),
});
export type Alert = Static<typeof Alert>;

export const CoreStatus = Type.Object({
  venue_name: Type.String(),
  install_url: Type.String(),
  /** Days after which the kiosk deletes what it recorded (BZ_RETENTION_DAYS); the privacy note says it. */
  retention_days: Type.Integer({ minimum: 1 }),
  /** Whom staff call about the kiosk (BZ_SUPPORT_CONTACT), shown with every alert; null when unset. */
  support_contact: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  radio_state: RadioStateSchema,
  clock_synced: Type.Boolean(),
  here_now: PresenceCounts,
  /** Distinct visitor devices in the current 15-minute slot. */
  slot_devices: Type.Integer({ minimum: 0 }),
  /** Distinct visitor devices since UTC midnight. */
  today_devices: Type.Integer({ minimum: 0 }),
  /**
   * Today's (local day) estimate of phones, not IDs: the kiosk links each phone's rotating
   * IDs. Optional so older cores still validate.
   */
  visitors_today: Type.Optional(
    Type.Object({
      day: Type.String(),
      unique_visitors: Type.Integer({ minimum: 0 }),
      median_dwell_s: Type.Integer({ minimum: 0 }),
      device_slots: Type.Integer({ minimum: 0 }),
    }),
  ),
  /**
   * Arrivals today per local hour (index 0 = 00:00–01:00 in the kiosk's time zone): what the
   * staff console charts. Optional so older cores still validate.
   */
  arrivals_by_hour: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 24, maxItems: 24 })),
  /** IANA time zone people see times in (BZ_TIME_ZONE); Asia/Ho_Chi_Minh when absent. */
  time_zone: Type.Optional(Type.String({ maxLength: 64 })),
  tallies_today: Type.Object({ no_app: Type.Integer(), helped_install: Type.Integer() }),
  upload: Type.Object({
    enrolled: Type.Boolean(),
    queue_depth: Type.Integer({ minimum: 0 }),
    last_success_at: Type.Union([Type.Integer(), Type.Null()]),
    last_error: Type.Union([Type.String(), Type.Null()]),
  }),
  alerts: Type.Array(Alert),
  /** Reporting campaigns the venue has not answered: the staff console reminds until submitted. */
  report_requests: Type.Array(KioskReportRequest),
  now: Type.Integer(),
  /**
   * The asking viewer's standing: with a PIN configured, only a staff session sees alerts and
   * upload errors and may change tallies. `authenticated` is true when no PIN is configured.
   */
  staff: Type.Object({ pin_required: Type.Boolean(), authenticated: Type.Boolean() }),
});
export type CoreStatus = Static<typeof CoreStatus>;

export const TallyRequest = Type.Object(
  { kind: TallyKindSchema, delta: Type.Integer({ minimum: -1, maximum: 1 }) },
  { additionalProperties: false },
);
export type TallyRequest = Static<typeof TallyRequest>;

export const StaffLoginRequest = Type.Object(
  // Digits only; the length is not checked here so a short guess counts as a wrong PIN.
  { pin: Type.String({ pattern: '^[0-9]{1,12}$' }) },
  { additionalProperties: false },
);
export type StaffLoginRequest = Static<typeof StaffLoginRequest>;

/** Stable error codes of the staff session endpoints and of writes that need a session. */
export type StaffErrorCode = 'pin_invalid' | 'pin_wait' | 'pin_not_configured' | 'staff_session_required' | 'notice_not_found';

/** Server-sent events on /api/events, `event: <type>` with JSON `data`. */
export type LiveEvent =
  | { type: 'presence'; here_now: PresenceCounts; at: number }
  | { type: 'checkin'; protocol: Static<typeof ProtocolSchema>; at: number }
  | { type: 'status'; status: CoreStatus };

export const CalibrationPositionSchema = Type.Union([Type.Literal('near'), Type.Literal('far')]);

/**
 * POST /api/calibration/start (staff session). `near`: carry a phone slowly along an arc
 * 2 m from the kiosk, half the time in hand and half in a trouser pocket; `far`: the same
 * at about 4.5 m. The kiosk listens for `duration_s` (default BZ_CALIBRATION_SECONDS, 60) and keeps the median of
 * the phone it hears most; measure with no other phone close to the kiosk.
 */
export const CalibrationStartRequest = Type.Object(
  { position: CalibrationPositionSchema, duration_s: Type.Optional(Type.Integer({ minimum: 10, maximum: 300 })) },
  { additionalProperties: false },
);
export type CalibrationStartRequest = Static<typeof CalibrationStartRequest>;

const CalibrationPoint = Type.Object({
  median_rssi: Type.Integer(),
  samples: Type.Integer({ minimum: 0 }),
  measured_at: Type.Integer(),
});

/**
 * GET /api/calibration (staff session): thresholds in force and the wizard's progress. Poll
 * about once a second while `measuring` is set; when it clears, the point appears in
 * `points` or `last_error` says why not (`too_few_samples`: hold the phone closer to the
 * kiosk's line of sight, keep Bluetooth on, measure again).
 */
export const CalibrationStatus = Type.Object({
  calibrated: Type.Boolean(),
  /** calibration: measured on site; configuration: BZ_NEAR_MIN_RSSI/BZ_MID_MIN_RSSI; default: neither. */
  source: Type.Union([Type.Literal('calibration'), Type.Literal('configuration'), Type.Literal('default')]),
  /** Median RSSI at or above near_min_rssi is near (≤ 2 m), at or above mid_min_rssi mid (≤ 5 m), else far. */
  near_min_rssi: Type.Number(),
  mid_min_rssi: Type.Number(),
  check_in_min_rssi: Type.Number(),
  calibrated_at: Type.Union([Type.Integer(), Type.Null()]),
  measuring: Type.Union([
    Type.Null(),
    Type.Object({
      position: CalibrationPositionSchema,
      started_at: Type.Integer(),
      duration_ms: Type.Integer(),
      /** Receptions of the leading phone so far (at least 20 are needed). */
      samples: Type.Integer({ minimum: 0 }),
      /** Running median RSSI (dBm) of the leading phone; null until it is heard. */
      median_rssi: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ]),
  points: Type.Object({ near: Type.Optional(CalibrationPoint), far: Type.Optional(CalibrationPoint) }),
  last_error: Type.Union([Type.Null(), Type.Literal('too_few_samples')]),
});
export type CalibrationStatus = Static<typeof CalibrationStatus>;

/**
 * Errors of the calibration endpoints: `staff_session_required` (401),
 * `calibration_incomplete` (409: measure both points first), `calibration_points_too_close`
 * (422: the points read within 3 dB, measure again), `calibration_out_of_range` (422).
 */
export type CalibrationErrorCode = 'calibration_incomplete' | 'calibration_points_too_close' | 'calibration_out_of_range';

export const CORE_API = {
  status: '/api/status',
  events: '/api/events',
  tally: '/api/tally',
  health: '/api/health',
  /** POST {pin} opens a staff session (HttpOnly cookie), DELETE closes it. */
  staffSession: '/api/staff/session',
  /** POST (staff session): staff acknowledge a venue notice; sent to the key server. */
  noticeAck: '/api/notices/:id/ack',
  /** GET: CalibrationStatus. */
  calibration: '/api/calibration',
  /** POST CalibrationStartRequest -> CalibrationStatus. */
  calibrationStart: '/api/calibration/start',
  /** POST (no body) -> CalibrationStatus: stops a measurement in progress. */
  calibrationCancel: '/api/calibration/cancel',
  /** POST (no body) -> CalibrationStatus with the new thresholds, stored and in force. */
  calibrationApply: '/api/calibration/apply',
} as const;

export function noticeAckPath(noticeId: string): string {
  return `/api/notices/${encodeURIComponent(noticeId)}/ack`;
}
