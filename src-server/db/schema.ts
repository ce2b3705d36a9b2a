// Row types of the key server's tables, as Kysely sees them. Booleans are INTEGER 0/1 and
// times are Unix ms (BIGINT) so the same SQL runs on SQLite and PostgreSQL.
export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  province: string | null;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  /** Set when an admin disables the account (migration 004). */
  disabled_at: number | null;
}
export interface UserVenuesTable {
  user_id: string;
  venue_id: string;
}
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}
export interface VenuesTable {
  id: string;
  name: string;
  kind: string;
  province: string;
  district: string;
  ward: string;
  created_at: number;
}
export interface EnrollmentCodesTable {
  code_hash: string;
  venue_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  kiosk_id: string | null;
}
export interface KiosksTable {
  id: string;
  venue_id: string;
  public_key: string;
  version: string;
  enrolled_at: number;
  last_seen_at: number | null;
  radio_state: string | null;
  clock_synced: number | null;
  queue_depth: number | null;
  free_disk_mb: number | null;
  /** Set when the kiosk is revoked: its signatures are refused from then on (migration 004). */
  revoked_at: number | null;
}
export interface SeenSignaturesTable {
  kiosk_id: string;
  signature: string;
  expires_at: number;
}
export interface BatchesTable {
  kiosk_id: string;
  batch_id: string;
  received_at: number;
  encounters: number;
  slot_keys: number;
  attendance: number;
}
export interface EncountersTable {
  kiosk_id: string;
  venue_id: string;
  visitor_id: string;
  slot: number;
  day: number;
  protocol: string;
  first_seen_min: number;
  last_seen_min: number;
  /** 0 near, 1 mid, 2 far: the smallest is the closest. */
  distance_rank: number;
  checked_in: number;
}
export interface SlotKeysTable {
  kiosk_id: string;
  venue_id: string;
  slot: number;
  day: number;
  key_hex: string;
  /** The ID the kiosk broadcast in that slot, derived at ingest to resolve F0 histories. */
  broadcast_id: string;
}
export interface AttendanceTable {
  kiosk_id: string;
  venue_id: string;
  slot: number;
  day: number;
  bluezone_devices: number;
  gaen_devices: number;
  arrivals: number;
  no_app: number;
  helped_install: number;
}
/** One kiosk's estimate for one local day (`Asia/Ho_Chi_Minh`, 'YYYY-MM-DD'). */
export interface VenueDaysTable {
  kiosk_id: string;
  venue_id: string;
  day: string;
  /** Estimated distinct Bluezone phones (consecutive rotating IDs linked on the kiosk). */
  unique_visitors: number;
  /** Sum over the day's slots of distinct IDs: what the kiosk heard, not people. */
  device_slots: number;
  median_dwell_s: number;
  gaen_devices: number;
  updated_at: number;
}
export interface F0CasesTable {
  id: string;
  reference: string;
  province: string;
  from_slot: number;
  to_slot: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}
export interface F0IdsTable {
  case_id: string;
  slot: number;
  day: number;
  visitor_id: string;
}
export interface F0ContactsTable {
  case_id: string;
  contact_id: string;
  slot: number;
  day: number;
  first_min: number;
  last_min: number;
  distance_rank: number;
}
export interface ExposuresTable {
  id: string;
  case_id: string;
  venue_id: string;
  province: string;
  district: string;
  first_slot: number;
  last_slot: number;
  slot_count: number;
  distance_rank: number;
  dwell_minutes: number;
  co_present_devices: number;
  source: string;
  status: string;
  created_at: number;
  updated_at: number;
  /** JSON PublicationState (exposure-publication.ts); null until first computed. */
  publication: string | null;
}
export interface FeedEntriesTable {
  kiosk_id: string;
  venue_id: string;
  slot: number;
  day: number;
  feed_batch_id: string;
  published_at: number;
}
export interface NoticeDeliveriesTable {
  notice_id: string;
  kiosk_id: string;
  fetched_at: number;
  acknowledged_at: number | null;
}
export interface NoticesTable {
  id: string;
  venue_id: string;
  exposure_id: string | null;
  kind: string;
  message_vi: string;
  message_en: string;
  first_slot: number | null;
  last_slot: number | null;
  created_at: number;
}
/** The private key of each is a file of its own (src-server/feed/feed-key-store.ts), not a column. */
export interface FeedKeysTable {
  id: string;
  public_key: string;
  created_at: number;
  active: number;
}
export interface FeedBatchesTable {
  id: string;
  created_at: number;
  exposure_id: string;
  key_id: string;
  body: string;
  signature: string;
  entry_count: number;
  max_slot: number;
}
export interface LoginThrottleTable {
  throttle_key: string;
  attempts: number;
  window_until: number;
}
export interface AuditLogTable {
  id: string;
  at: number;
  user_id: string;
  username: string;
  action: string;
  target: string;
  detail: string;
}
/** A report request issued by an official to the venues of an area (migration 007). */
export interface ReportCampaignsTable {
  id: string;
  title: string;
  level: string;
  province: string;
  district: string | null;
  ward: string | null;
  /** Comma-separated venue kinds; empty for every kind. */
  venue_kinds: string;
  period_kind: string;
  period_from: string;
  period_to: string;
  deadline_at: number;
  issuer_unit: string;
  document_number: string;
  created_by: string;
  created_at: number;
}
export interface ReportCampaignVenuesTable {
  campaign_id: string;
  venue_id: string;
}
/** A venue's staff figures as its manager entered them; every entry is kept. */
export interface VenueStaffFiguresTable {
  id: string;
  venue_id: string;
  staff_smartphone: number;
  staff_bluezone: number;
  /** Username of who entered them (a venue manager, or an admin). */
  recorded_by: string;
  /** Unix ms. */
  recorded_at: number;
}
export interface ReportSubmissionsTable {
  campaign_id: string;
  venue_id: string;
  version: number;
  staff_smartphone: number;
  staff_bluezone: number;
  note: string;
  /** JSON of the report's totals (ReportFigures), what a compiled campaign sums. */
  totals: string;
  /** JSON of the whole venue report as the manager saw it when submitting. */
  figures: string;
  submitted_by: string;
  submitted_at: number;
}

export interface AreasTable {
  /** Official unit code (or any stable code from the imported file). */
  code: string;
  /** NFC. */
  name: string;
  level: 'province' | 'district' | 'ward';
  /** null for provinces; a ward's parent is a district, or its province where there are only two levels. */
  parent_code: string | null;
  imported_at: number;
}

export interface Database {
  areas: AreasTable;
  users: UsersTable;
  user_venues: UserVenuesTable;
  sessions: SessionsTable;
  venues: VenuesTable;
  enrollment_codes: EnrollmentCodesTable;
  kiosks: KiosksTable;
  seen_signatures: SeenSignaturesTable;
  batches: BatchesTable;
  encounters: EncountersTable;
  slot_keys: SlotKeysTable;
  attendance: AttendanceTable;
  venue_days: VenueDaysTable;
  f0_cases: F0CasesTable;
  f0_ids: F0IdsTable;
  f0_contacts: F0ContactsTable;
  exposures: ExposuresTable;
  notices: NoticesTable;
  feed_keys: FeedKeysTable;
  feed_batches: FeedBatchesTable;
  feed_entries: FeedEntriesTable;
  notice_deliveries: NoticeDeliveriesTable;
  audit_log: AuditLogTable;
  report_campaigns: ReportCampaignsTable;
  report_campaign_venues: ReportCampaignVenuesTable;
  report_submissions: ReportSubmissionsTable;
  login_throttle: LoginThrottleTable;
  venue_staff_figures: VenueStaffFiguresTable;
}
