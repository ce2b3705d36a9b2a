// Key server officials'/admin API, version 1 (docs/architecture.md §5): schemas declared once for
// the server's routes and a future dashboard. snake_case fields, Unix ms times unless named
// *_s (Unix seconds, as Bluezone's own formats use), days as "YYYY-MM-DD" (local days in the
// server's BZ_TIME_ZONE, Asia/Ho_Chi_Minh by default).
import { Type, type Static } from '@sinclair/typebox';
import { HexKey, SlotNumber, UnixSeconds } from './kiosk-upload.js';

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable snake_case error code' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('health_official'),
  Type.Literal('ict_officer'),
  Type.Literal('venue_manager'),
]);
export type Role = Static<typeof RoleSchema>;

export const VenueKindSchema = Type.Union([
  Type.Literal('office'),
  Type.Literal('restaurant'),
  Type.Literal('bus_station'),
  Type.Literal('school'),
  Type.Literal('hospital'),
  Type.Literal('market'),
  Type.Literal('other'),
]);

// No control characters: a NUL byte is not text, and PostgreSQL refuses it (found by http-fuzz).
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' });
export const DayString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local day (BZ_TIME_ZONE, Asia/Ho_Chi_Minh by default), YYYY-MM-DD' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const LoginRequest = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: RoleSchema,
  province: Type.Union([Type.String(), Type.Null()]),
  venue_ids: Type.Array(Type.String()),
  /** A disabled account cannot log in and has no sessions. */
  disabled: Type.Boolean(),
});
export type UserView = Static<typeof UserView>;

export const OkResponse = Type.Object({ ok: Type.Boolean() });

const Password = Type.String({ minLength: 10, maxLength: 256 });

/** PATCH /v1/users/:id (admin): any subset; disabling ends the user's sessions. */
export const UpdateUserRequest = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    province: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
    venue_ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }), { maxItems: 1000 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

/** POST /v1/users/:id/password (admin reset): the user's sessions end. */
export const AdminPasswordRequest = Type.Object({ password: Password }, { additionalProperties: false });
export type AdminPasswordRequest = Static<typeof AdminPasswordRequest>;

/** POST /v1/auth/password (any signed-in user, their own): their other sessions end. */
export const ChangePasswordRequest = Type.Object(
  { current_password: Type.String({ minLength: 1, maxLength: 256 }), new_password: Password },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const LoginResponse = Type.Object({ token: Type.String(), expires_at: Type.Integer(), user: UserView });
export type LoginResponse = Static<typeof LoginResponse>;

export const CreateUserRequest = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    password: Type.String({ minLength: 10, maxLength: 256 }),
    role: RoleSchema,
    /** Required for health_official and ict_officer. */
    province: Type.Optional(Name),
    /** Required (non-empty) for venue_manager. */
    venue_ids: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;
export const UserList = Type.Object({ users: Type.Array(UserView) });

export const Venue = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: VenueKindSchema,
  province: Type.String(),
  district: Type.String(),
  ward: Type.String(),
  created_at: Type.Integer(),
});
export type Venue = Static<typeof Venue>;
export const CreateVenueRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'display name shown on the kiosk and in the console' }),
    kind: VenueKindSchema,
    province: Type.String({ minLength: 1, maxLength: 200, description: 'province name, compared after NFC normalisation; one of GET /v1/areas once units are imported' }),
    district: Type.String({ maxLength: 200, description: 'district name; empty in a two-level province (2025 reorganisation)' }),
    ward: Type.String({ minLength: 1, maxLength: 200, description: 'ward name' }),
  },
  { additionalProperties: false },
);
export type CreateVenueRequest = Static<typeof CreateVenueRequest>;
export const VenueList = Type.Object({ venues: Type.Array(Venue) });
export const VenueListQuery = Type.Object(
  { province: Type.Optional(Name), district: Type.Optional(Name) },
  { additionalProperties: false },
);

export const EnrollmentCodeRequest = Type.Object(
  { ttl_hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 14 })) },
  { additionalProperties: false },
);
export const EnrollmentCodeResponse = Type.Object({ venue_id: Type.String(), code: Type.String(), expires_at: Type.Integer() });
export type EnrollmentCodeResponse = Static<typeof EnrollmentCodeResponse>;

export const DistanceName = Type.Union([Type.Literal('near'), Type.Literal('mid'), Type.Literal('far')]);

export const EncountersQuery = Type.Object({ day: Type.Optional(DayString) }, { additionalProperties: false });
export const SlotCount = Type.Object({
  slot: SlotNumber,
  slot_start: Type.Integer(),
  devices: Type.Integer(),
  near: Type.Integer(),
  mid: Type.Integer(),
  far: Type.Integer(),
  checked_in: Type.Integer(),
});
export const EncounterView = Type.Object({
  kiosk_id: Type.String(),
  visitor_id: Type.String(),
  protocol: Type.String(),
  slot: SlotNumber,
  first_seen_min: Type.Integer(),
  last_seen_min: Type.Integer(),
  distance: DistanceName,
  checked_in: Type.Boolean(),
});
export const VenueEncountersResponse = Type.Object({
  venue_id: Type.String(),
  day: Type.String(),
  total: Type.Integer(),
  /** Venue managers see counts only, never visitor IDs. */
  counts_only: Type.Boolean(),
  slots: Type.Array(SlotCount),
  encounters: Type.Optional(Type.Array(EncounterView)),
});
export type VenueEncountersResponse = Static<typeof VenueEncountersResponse>;

export const AttendanceQuery = Type.Object({ from: Type.Optional(DayString), to: Type.Optional(DayString) }, { additionalProperties: false });
export const AttendanceDay = Type.Object({
  day: Type.String(),
  bluezone_devices_peak: Type.Integer(),
  arrivals: Type.Integer(),
  no_app: Type.Integer(),
  helped_install: Type.Integer(),
  install_rate: Type.Union([Type.Number(), Type.Null()]),
});
export const AttendanceResponse = Type.Object({ venue_id: Type.String(), days: Type.Array(AttendanceDay) });

// F0 intake: Bluezone's own formats (docs/protocol.md §2.3, §3.1, §3.3).
export const InfoFSchema = Type.Object(
  {
    /** Accepted because phones send it, but never stored or used (it would link every ID). */
    base_id: Type.Optional(Type.String({ maxLength: 64 })),
    time: Type.Optional(UnixSeconds),
    daily_key: Type.String({ pattern: '^[0-9A-Fa-f]{64}$' }),
    time_start: UnixSeconds,
  },
  { additionalProperties: false },
);
export const DailyKeyEntrySchema = Type.Object(
  { daily_key: Type.String({ pattern: '^[0-9A-Fa-f]{64}$' }), time_start: UnixSeconds, time_end: UnixSeconds, max: Type.Integer({ minimum: 1, maximum: 1440 }) },
  { additionalProperties: false },
);
const F0Data = {
  info_f: Type.Optional(InfoFSchema),
  daily_keys: Type.Optional(Type.Array(DailyKeyEntrySchema, { maxItems: 60 })),
  /** The F0's data_trace.txt, verbatim. */
  history: Type.Optional(Type.String({ maxLength: 12_000_000 })),
};
export const CreateF0CaseRequest = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 100 }),
    province: Name,
    /** Infectious window, Unix seconds. At most 21 days. */
    infectious_from_s: UnixSeconds,
    infectious_to_s: UnixSeconds,
    ...F0Data,
  },
  { additionalProperties: false },
);
export type CreateF0CaseRequest = Static<typeof CreateF0CaseRequest>;
export const AddF0DataRequest = Type.Object(F0Data, { additionalProperties: false });
export type AddF0DataRequest = Static<typeof AddF0DataRequest>;

/**
 * Derived from what was done, never stored by hand (except closed): `visitors_notified` means
 * every slot of the window with an uploaded key is in the feed; new matched slots since then
 * make it `visitors_partially_notified` again.
 */
export const ExposureStatus = Type.Union([
  Type.Literal('new'),
  Type.Literal('venue_notified'),
  Type.Literal('visitors_partially_notified'),
  Type.Literal('visitors_notified'),
  Type.Literal('closed'),
]);
export type ExposureStatus = Static<typeof ExposureStatus>;

const SlotRangeFields = {
  first_slot: SlotNumber,
  last_slot: SlotNumber,
  /** Start of first_slot and end of last_slot, Unix ms and ISO 8601 UTC. */
  start: Type.Integer(),
  end: Type.Integer(),
  start_iso: Type.String(),
  end_iso: Type.String(),
};
export const PublicationRange = Type.Object({
  ...SlotRangeFields,
  state: Type.Union([Type.Literal('published'), Type.Literal('unpublished'), Type.Literal('no_key')], {
    description: 'published: in the feed; unpublished: the next notify-visitors publishes it; no_key: the venue’s kiosks have not uploaded its key',
  }),
});
export const Publication = Type.Object({
  published_slots: Type.Integer(),
  unpublished_slots: Type.Integer(),
  missing_key_slots: Type.Integer(),
  ranges: Type.Array(PublicationRange),
});
export const VenueNoticeState = Type.Object({
  state: Type.Union([Type.Literal('not_sent'), Type.Literal('queued'), Type.Literal('fetched'), Type.Literal('acknowledged')]),
  notice_id: Type.Union([Type.String(), Type.Null()]),
  queued_at: Type.Union([Type.Integer(), Type.Null()]),
  /** First time a kiosk of the venue fetched the notice. */
  fetched_at: Type.Union([Type.Integer(), Type.Null()]),
  /** First time staff acknowledged it on a kiosk of the venue. */
  acknowledged_at: Type.Union([Type.Integer(), Type.Null()]),
  /** False when the exposure's window grew after the notice was queued: notify the venue again. */
  covers_current_window: Type.Boolean(),
});
export const VisitorAlert = Type.Object({
  /** Phones are alerted by their own clock within each window: the slot ± this many seconds. */
  skew_tolerance_s: Type.Integer(),
  rule: Type.Literal('phone_logged_kiosk_id_in_window', {
    description: 'an unmodified Bluezone phone alerts its user when it logged the venue kiosk’s ID of a published slot within the window',
  }),
  windows: Type.Array(Type.Object({ ...SlotRangeFields, published: Type.Boolean() })),
});

/** One slot of the exposure's window as the feed holds it (detail only). */
export const SlotPublication = Type.Object({
  slot: SlotNumber,
  start: Type.Integer({ description: 'start of the slot, Unix ms' }),
  state: Type.Union([Type.Literal('published'), Type.Literal('unpublished'), Type.Literal('no_key')], {
    description: 'published: every uploaded key of the slot is in the feed; unpublished: at least one is not yet; no_key: no kiosk of the venue uploaded a key for it',
  }),
  keys: Type.Integer({ description: 'number of slot keys the venue’s kiosks uploaded for this slot (one per kiosk)' }),
  feed_batch_id: Type.Union([Type.String(), Type.Null()], { description: 'the feed batch that published the slot’s keys (the latest when kiosks’ keys went out in several batches); null when none is published' }),
  published_at: Type.Union([Type.Integer(), Type.Null()], { description: 'when that batch published them, Unix ms; null when none is published' }),
});
export type SlotPublication = Static<typeof SlotPublication>;

export const Exposure = Type.Object({
  id: Type.String(),
  case_id: Type.String(),
  /** The F0 case's province when it differs from the venue's: the exposure was referred here. */
  referred_from: Type.Union([Type.String(), Type.Null()]),
  venue: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), province: Type.String(), district: Type.String(), ward: Type.String() }),
  first_slot: SlotNumber,
  last_slot: SlotNumber,
  start: Type.Integer({ description: 'Unix ms of first_slot start' }),
  end: Type.Integer({ description: 'Unix ms of last_slot end' }),
  slot_count: Type.Integer(),
  closest_distance: DistanceName,
  dwell_minutes: Type.Integer(),
  /** Peak number of other devices seen in one slot of the window (IDs rotate per slot). */
  co_present_devices: Type.Integer(),
  /** How the F0 was placed at the venue: the kiosk saw the F0, the F0's phone saw the kiosk, or both. */
  source: Type.Union([Type.Literal('encounters'), Type.Literal('history'), Type.Literal('both')]),
  status: ExposureStatus,
  publication: Publication,
  venue_notice: VenueNoticeState,
  visitor_alert: VisitorAlert,
  slots: Type.Optional(Type.Array(SlotPublication, { description: 'per slot of the window: which feed batch published its keys and when; only in one exposure’s detail and action answers, not in lists' })),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type Exposure = Static<typeof Exposure>;

/** An exposure at a venue outside the asking official's province: referred, no venue details. */
export const ReferredExposure = Type.Object({ id: Type.String(), province: Type.String(), status: ExposureStatus });
export type ReferredExposure = Static<typeof ReferredExposure>;

export const HistoryReport = Type.Object({
  lines: Type.Integer({ description: 'history lines parsed' }),
  used: Type.Integer(),
  ignored: Type.Object({ before_window: Type.Integer(), after_window: Type.Integer(), unknown_own_id: Type.Integer() }),
  /** The first ignored lines with their reason (at most 200). */
  ignored_lines: Type.Array(
    Type.Object({ line: Type.Integer(), reason: Type.Union([Type.Literal('before_window'), Type.Literal('after_window'), Type.Literal('unknown_own_id')]) }),
  ),
});
export type HistoryReport = Static<typeof HistoryReport>;

/** Rows per page of a paged list: at most this many (count). */
export const PAGE_LIMIT_MAX = 500;
export const PAGE_LIMIT_DEFAULT = 100;
/** Where the next page of a list starts: opaque to clients, echoed back as `cursor`. */
export const PageCursor = Type.String({
  pattern: '^[0-9]{1,15}~[A-Za-z0-9-]{1,64}$',
  description: 'opaque position in the list: the next_cursor of the previous page',
});
const ExposureCursor = PageCursor;
const PAGE_LIMIT_MAX_CASES = PAGE_LIMIT_MAX;
const PAGE_LIMIT_DEFAULT_CASES = PAGE_LIMIT_DEFAULT;

export const F0Case = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  province: Type.String(),
  from_slot: SlotNumber,
  to_slot: SlotNumber,
  created_by: Type.String(),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export const F0CaseListQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: PAGE_LIMIT_MAX_CASES, description: `cases per page (count), 1–${PAGE_LIMIT_MAX_CASES}, default ${PAGE_LIMIT_DEFAULT_CASES}` }),
    ),
    cursor: Type.Optional(PageCursor),
  },
  { additionalProperties: false },
);
export const F0CaseList = Type.Object({
  cases: Type.Array(F0Case, { description: 'one page, newest first (created_at descending, then id)' }),
  next_cursor: Type.Union([PageCursor, Type.Null()], { description: 'pass as `cursor` for the next page; null when this page is the last' }),
});
export const F0IntakeResponse = Type.Object({
  case: F0Case,
  ids_derived: Type.Integer(),
  history_rows: Type.Integer(),
  history_contacts: Type.Integer(),
  /** Present when the submission had a history: which lines were used, which ignored and why. */
  history_report: Type.Optional(HistoryReport),
  /** Exposures at venues in the official's province. */
  exposures: Type.Array(Exposure),
  /** Exposures at venues in other provinces, referred to their officials. */
  referred: Type.Array(ReferredExposure),
});
export type F0IntakeResponse = Static<typeof F0IntakeResponse>;
export const ExposureList = Type.Object({
  exposures: Type.Array(Exposure, { description: 'one page, newest window first (first slot descending, then id)' }),
  next_cursor: Type.Union([ExposureCursor, Type.Null()], {
    description: 'pass as `cursor` for the next page; null when this page is the last (no more rows match)',
  }),
});
export type ExposureList = Static<typeof ExposureList>;
export const CaseExposureList = Type.Object({ exposures: Type.Array(Exposure), referred: Type.Array(ReferredExposure) });
export const ExposureListQuery = Type.Object(
  {
    province: Type.Optional(Name),
    district: Type.Optional(Name),
    from: Type.Optional(DayString),
    to: Type.Optional(DayString),
    status: Type.Optional(ExposureStatus),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: PAGE_LIMIT_MAX, description: `exposures per page (count), 1–${PAGE_LIMIT_MAX}, default ${PAGE_LIMIT_DEFAULT}; ignored by the CSV export, which holds every row` }),
    ),
    cursor: Type.Optional(ExposureCursor),
  },
  { additionalProperties: false },
);
export const NotifyVisitorsResponse = Type.Object({
  exposure: Exposure,
  /** The new feed batch, or null when every publishable slot was already in the feed. */
  feed_batch_id: Type.Union([Type.String(), Type.Null()]),
  /** Keys published by this call. */
  entries: Type.Integer(),
  /** Keys of the window that the feed already held (not published again). */
  already_published: Type.Integer(),
});
export const NotifyVenueResponse = Type.Object({
  exposure: Exposure,
  notice_id: Type.String(),
  /** False when a notice covering the current window was already queued (nothing new sent). */
  created: Type.Boolean(),
});

// Signed exposure feed (in the style of exposure-notifications-server exports).
export const FeedEntry = Type.Object({ daily_key: HexKey, time_start: Type.Integer(), time_end: Type.Integer(), max: Type.Integer() });
export const FeedBatchFile = Type.Object({
  format: Type.Literal('bluezone-kiosk-feed-v1'),
  id: Type.String(),
  created_at: Type.Integer(),
  key_id: Type.String(),
  /** Same shape as Bluezone's InfoF push: {"data": [{daily_key, time_start, time_end, max}]}. */
  data: Type.Array(FeedEntry),
});
export type FeedBatchFile = Static<typeof FeedBatchFile>;
export const FeedIndexFile = Type.Object({
  format: Type.Literal('bluezone-kiosk-feed-index-v1'),
  generated_at: Type.Integer(),
  key_id: Type.String(),
  batches: Type.Array(Type.Object({ id: Type.String(), url: Type.String(), created_at: Type.Integer(), entries: Type.Integer() })),
});
export type FeedIndexFile = Static<typeof FeedIndexFile>;
export const FeedPublicKeys = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  /** Signatures ride in the `x-feed-signature` header (base64) with `x-feed-key-id`, over the exact body bytes. */
  keys: Type.Array(Type.Object({ key_id: Type.String(), public_key: Type.String(), active: Type.Boolean(), created_at: Type.Integer() })),
});
export const FEED_SIGNATURE_HEADER = 'x-feed-signature';
export const FEED_KEY_ID_HEADER = 'x-feed-key-id';

export const InstallRateQuery = Type.Object(
  {
    level: Type.Union([Type.Literal('venue'), Type.Literal('ward'), Type.Literal('district'), Type.Literal('province')]),
    from: Type.Optional(DayString),
    to: Type.Optional(DayString),
    province: Type.Optional(Name),
  },
  { additionalProperties: false },
);
export const InstallRateRow = Type.Object({
  rank: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  province: Type.String(),
  district: Type.Union([Type.String(), Type.Null()]),
  bluezone_entrants: Type.Integer(),
  no_app: Type.Integer(),
  helped_install: Type.Integer(),
  install_rate: Type.Union([Type.Number(), Type.Null()]),
});
export const InstallRateResponse = Type.Object({
  level: Type.String(),
  from: Type.String(),
  to: Type.String(),
  method: Type.String(),
  rows: Type.Array(InstallRateRow),
});

export const FleetQuery = Type.Object(
  { province: Type.Optional(Name), offline_only: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const FleetKiosk = Type.Object({
  id: Type.String(),
  venue_id: Type.String(),
  venue_name: Type.String(),
  province: Type.String(),
  district: Type.String(),
  version: Type.String(),
  enrolled_at: Type.Integer(),
  last_seen_at: Type.Union([Type.Integer(), Type.Null()]),
  offline: Type.Boolean(),
  radio_state: Type.Union([Type.String(), Type.Null()]),
  clock_synced: Type.Union([Type.Boolean(), Type.Null()]),
  queue_depth: Type.Union([Type.Integer(), Type.Null()]),
  free_disk_mb: Type.Union([Type.Integer(), Type.Null()]),
});
export type FleetKiosk = Static<typeof FleetKiosk>;
export const FleetResponse = Type.Object({ offline_after_minutes: Type.Integer(), kiosks: Type.Array(FleetKiosk) });

/** GET /v1/kiosks (admin, ICT officers in their province): enrolled kiosks and their key state. */
export const KioskView = Type.Object({
  id: Type.String(),
  venue_id: Type.String(),
  venue_name: Type.String(),
  province: Type.String(),
  version: Type.String(),
  enrolled_at: Type.Integer(),
  last_seen_at: Type.Union([Type.Integer(), Type.Null()]),
  revoked_at: Type.Union([Type.Integer(), Type.Null()]),
});
export const KioskList = Type.Object({ kiosks: Type.Array(KioskView) });

export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'entries per page (count), default 100' })),
    before: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_102_444_800_000, description: 'only entries strictly before this time (Unix ms); to page, use cursor, which also keeps entries sharing a millisecond' })),
    cursor: Type.Optional(PageCursor),
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_102_444_800_000, description: 'only entries at or after this time (Unix ms)' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'action, or its prefix ending in "." (e.g. "exposure.")' })),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only entries by this user' })),
  },
  { additionalProperties: false },
);
export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.Integer(),
  user_id: Type.String(),
  username: Type.String(),
  action: Type.String(),
  target: Type.String(),
  detail: Type.String(),
});
export const AuditResponse = Type.Object({
  entries: Type.Array(AuditEntry, { description: 'one page, newest first (time descending, then id)' }),
  next_cursor: Type.Union([PageCursor, Type.Null()], { description: 'pass as `cursor` for older entries; null when none are left' }),
});

export const HealthResponse = Type.Object({ ok: Type.Boolean(), database: Type.String(), version: Type.String() });
