// Kiosk -> key server API, version 1: enrollment, signed batches, notices.
// Declared once here; the kiosk's uploader and the server's routes both derive from it.
import { Type, type Static } from '@sinclair/typebox';

export const HexId = Type.String({ pattern: '^(?:[0-9A-F]{24}|[0-9A-F]{32})$', description: 'visitor ID, upper-case hex: 12-byte Bluezone ID or 16-byte GAEN RPI' });
export const HexKey = Type.String({ pattern: '^[0-9A-F]{64}$', description: '32-byte key, upper-case hex' });
/** Global slot number: floor(unix ms / 900 000). */
export const SlotNumber = Type.Integer({ minimum: 0, maximum: 10_000_000 });
/** Request integers are bounded to what the database columns hold (PostgreSQL INTEGER is 32-bit). */
export const MAX_INT32 = 2_147_483_647;
/** Unix ms up to 2100-01-01: every time a client sends fits a BIGINT and a JS number exactly. */
export const UnixMs = Type.Integer({ minimum: 0, maximum: 4_102_444_800_000 });
/** Unix seconds, same range. */
export const UnixSeconds = Type.Integer({ minimum: 0, maximum: 4_102_444_800 });
/** Unix minutes: encounters are reported to the minute, no finer. */
export const UnixMinute = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

export const ProtocolSchema = Type.Union([
  Type.Literal('bluezone_android'),
  Type.Literal('bluezone_ios'),
  Type.Literal('gaen'),
]);
/**
 * Protocols whose encounters are uploaded (shared/protocol/advert-protocols.ts `uploaded`):
 * Bluezone only. GAEN phones reach the server as attendance counts, never as identifiers.
 */
export const UploadedProtocolSchema = Type.Union([Type.Literal('bluezone_android'), Type.Literal('bluezone_ios')]);
export const DistanceSchema = Type.Union([Type.Literal('near'), Type.Literal('mid'), Type.Literal('far')]);
export const RadioStateSchema = Type.Union([
  Type.Literal('starting'),
  Type.Literal('scanning'),
  Type.Literal('powered_off'),
  Type.Literal('no_adapter'),
  Type.Literal('error'),
  Type.Literal('stopped'),
]);
export const TallyKindSchema = Type.Union([Type.Literal('no_app'), Type.Literal('helped_install')]);

export const EnrollRequest = Type.Object(
  {
    code: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
    /** Ed25519 public key, raw 32 bytes, base64. */
    public_key: Type.String({ minLength: 43, maxLength: 44, pattern: '^[A-Za-z0-9+/]{43}=?$' }),
    version: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type EnrollRequest = Static<typeof EnrollRequest>;

export const EnrollResponse = Type.Object({
  kiosk_id: Type.String(),
  venue: Type.Object({
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    province: Type.String(),
    district: Type.String(),
    ward: Type.String(),
  }),
});
export type EnrollResponse = Static<typeof EnrollResponse>;

export const EncounterRecord = Type.Object(
  {
    visitor_id: HexId,
    protocol: UploadedProtocolSchema,
    slot: SlotNumber,
    first_seen_min: UnixMinute,
    last_seen_min: UnixMinute,
    distance: DistanceSchema,
    checked_in: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type EncounterRecord = Static<typeof EncounterRecord>;

export const SlotKeyRecord = Type.Object({ slot: SlotNumber, key: HexKey }, { additionalProperties: false });
export type SlotKeyRecord = Static<typeof SlotKeyRecord>;

export const AttendanceRecord = Type.Object(
  {
    slot: SlotNumber,
    bluezone_devices: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    gaen_devices: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    arrivals: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    no_app: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    helped_install: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type AttendanceRecord = Static<typeof AttendanceRecord>;

/**
 * The kiosk's estimate for one local day (Asia/Ho_Chi_Minh by default): phones, not IDs.
 * The kiosk links the rotating IDs of one phone on the device and sends only these counts.
 * Re-sent as the day goes on; the server keeps the latest per (kiosk, day).
 */
export const VenueDayRecord = Type.Object(
  {
    day: Type.String({ pattern: '^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])$', description: 'local day YYYY-MM-DD' }),
    unique_visitors: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    device_slots: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    median_dwell_s: Type.Integer({ minimum: 0, maximum: 172_800 }),
    gaen_devices: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type VenueDayRecord = Static<typeof VenueDayRecord>;

export const MAX_VENUE_DAYS_PER_BATCH = 64;

export const Heartbeat = Type.Object(
  {
    version: Type.String({ maxLength: 64 }),
    radio_state: RadioStateSchema,
    clock_synced: Type.Boolean(),
    queue_depth: Type.Integer({ minimum: 0, maximum: MAX_INT32 }),
    free_disk_mb: Type.Integer({ minimum: 0, maximum: MAX_INT32 }),
    sent_at: UnixMs,
  },
  { additionalProperties: false },
);
export type Heartbeat = Static<typeof Heartbeat>;

export const MAX_ENCOUNTERS_PER_BATCH = 5000;

export const KioskBatch = Type.Object(
  {
    batch_id: Type.String({ format: 'uuid' }),
    created_at: UnixMs,
    encounters: Type.Array(EncounterRecord, { maxItems: MAX_ENCOUNTERS_PER_BATCH }),
    slot_keys: Type.Array(SlotKeyRecord, { maxItems: 2016 }),
    attendance: Type.Array(AttendanceRecord, { maxItems: 2016 }),
    /** Optional: kiosks before the visitor estimate send none. */
    venue_days: Type.Optional(Type.Array(VenueDayRecord, { maxItems: MAX_VENUE_DAYS_PER_BATCH })),
    heartbeat: Heartbeat,
  },
  { additionalProperties: false },
);
export type KioskBatch = Static<typeof KioskBatch>;

export const BatchAck = Type.Object({
  batch_id: Type.String(),
  /** True when this batch id had already been stored: acknowledged again, stored once. */
  duplicate: Type.Boolean(),
  accepted: Type.Object({
    encounters: Type.Integer(),
    slot_keys: Type.Integer(),
    attendance: Type.Integer(),
    /** Present when the batch carried venue days. */
    venue_days: Type.Optional(Type.Integer()),
  }),
});
export type BatchAck = Static<typeof BatchAck>;

export const KioskNotice = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('exposure'), Type.Literal('message')]),
  message_vi: Type.String(),
  message_en: Type.String(),
  created_at: Type.Integer(),
  /** First and last slot of the exposure window, when kind = exposure. */
  first_slot: Type.Optional(SlotNumber),
  last_slot: Type.Optional(SlotNumber),
  /** When staff at the venue acknowledged it (on any of its kiosks); absent until then. */
  acknowledged_at: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type KioskNotice = Static<typeof KioskNotice>;

export const KioskNoticesResponse = Type.Object({ notices: Type.Array(KioskNotice) });
export type KioskNoticesResponse = Static<typeof KioskNoticesResponse>;

/** Staff acknowledged a notice on the kiosk at `acknowledged_at` (sent later if offline). */
export const NoticeAckRequest = Type.Object({ acknowledged_at: Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 }) }, { additionalProperties: false });
export type NoticeAckRequest = Static<typeof NoticeAckRequest>;
export const NoticeAckResponse = Type.Object({ notice_id: Type.String(), acknowledged_at: Type.Integer() });
export type NoticeAckResponse = Static<typeof NoticeAckResponse>;
export const NoticeIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
/** POST /v1/kiosk/rotate-key, signed with the current key: the new key replaces it at once. */
export const RotateKeyRequest = Type.Object(
  { public_key: Type.String({ minLength: 43, maxLength: 44, pattern: '^[A-Za-z0-9+/]{43}=?$' }) },
  { additionalProperties: false },
);
export type RotateKeyRequest = Static<typeof RotateKeyRequest>;
export const RotateKeyResponse = Type.Object({ kiosk_id: Type.String(), rotated_at: Type.Integer() });
export type RotateKeyResponse = Static<typeof RotateKeyResponse>;

export const KIOSK_API = {
  enroll: '/v1/kiosk/enroll',
  rotateKey: '/v1/kiosk/rotate-key',
  batches: '/v1/kiosk/batches',
  notices: '/v1/kiosk/notices',
  /** POST, signed: `/v1/kiosk/notices/<notice id>/ack`. */
  noticeAck: (noticeId: string) => `/v1/kiosk/notices/${encodeURIComponent(noticeId)}/ack`,
  noticeAckRoute: '/v1/kiosk/notices/:id/ack',
} as const;
