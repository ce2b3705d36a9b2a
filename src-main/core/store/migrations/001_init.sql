-- 001: kiosk store schema. Append-only: never edit a released migration, add 002_… instead.
-- Privacy: no MAC address, device name or RSSI trace has a column anywhere. Visitor IDs are
-- the phones' rotating 15-minute IDs, kept for exposure matching and purged after retention.

-- One row per (slot, visitor ID, clock trust). Rows from an unsynchronised clock
-- (trusted = 0) are kept apart and never sealed into an upload batch.
-- sealed = 0 means "changed since last put into an outbox batch".
CREATE TABLE encounters (
  slot         INTEGER NOT NULL CHECK (slot >= 0),
  visitor_id   TEXT    NOT NULL CHECK (length(visitor_id) IN (24, 32)),
  trusted      INTEGER NOT NULL CHECK (trusted IN (0, 1)),
  protocol     TEXT    NOT NULL CHECK (protocol IN ('bluezone_android', 'bluezone_ios', 'gaen')),
  first_seen   INTEGER NOT NULL,
  last_seen    INTEGER NOT NULL CHECK (last_seen >= first_seen),
  count        INTEGER NOT NULL CHECK (count >= 1),
  rssi_max     INTEGER NOT NULL,
  rssi_median  INTEGER NOT NULL,
  distance     TEXT    NOT NULL CHECK (distance IN ('near', 'mid', 'far')),
  checked_in   INTEGER NOT NULL DEFAULT 0 CHECK (checked_in IN (0, 1)),
  sealed       INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),
  PRIMARY KEY (slot, visitor_id, trusted)
) WITHOUT ROWID;

CREATE INDEX encounters_to_seal ON encounters (slot) WHERE sealed = 0 AND trusted = 1;

-- The kiosk's independent random key per UTC quarter-hour (architecture §3).
CREATE TABLE slot_keys (
  slot    INTEGER PRIMARY KEY CHECK (slot >= 0),
  key     BLOB    NOT NULL CHECK (length(key) = 32),
  sealed  INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1))
);

-- Staff tallies per slot and kind; never negative.
CREATE TABLE tallies (
  slot   INTEGER NOT NULL CHECK (slot >= 0),
  kind   TEXT    NOT NULL CHECK (kind IN ('no_app', 'helped_install')),
  count  INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (slot, kind)
) WITHOUT ROWID;

-- Attendance per slot from trusted encounters. continued and presence_ms are the local
-- continuity / dwell estimate: counts and sums only, never uploaded.
CREATE TABLE attendance (
  slot              INTEGER PRIMARY KEY CHECK (slot >= 0),
  bluezone_devices  INTEGER NOT NULL DEFAULT 0 CHECK (bluezone_devices >= 0),
  gaen_devices      INTEGER NOT NULL DEFAULT 0 CHECK (gaen_devices >= 0),
  continued         INTEGER NOT NULL DEFAULT 0 CHECK (continued >= 0),
  presence_ms       INTEGER NOT NULL DEFAULT 0 CHECK (presence_ms >= 0),
  sealed            INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1))
);

CREATE INDEX attendance_to_seal ON attendance (slot) WHERE sealed = 0;

-- Sealed upload batches (KioskBatch JSON) waiting for the server's acknowledgement.
CREATE TABLE outbox (
  batch_id         TEXT    PRIMARY KEY,
  seq              INTEGER NOT NULL UNIQUE,
  body             TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT
);

CREATE INDEX outbox_due ON outbox (next_attempt_at, seq);

CREATE TABLE settings (
  k  TEXT PRIMARY KEY,
  v  TEXT NOT NULL
) WITHOUT ROWID;
