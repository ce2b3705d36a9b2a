-- 002: foreign exposure-notification (GAEN) phones are counted, never kept. Their rolling
-- identifiers were stored and queued for upload although nothing can match them; the counts
-- stay in attendance.gaen_devices. Append-only: never edit, add 003_… instead.

DELETE FROM encounters WHERE protocol = 'gaen';

-- Batches sealed before this version may still carry GAEN encounters: drop them from the
-- queued bodies (the batch is signed when it is sent, so rewriting the body is safe).
UPDATE outbox
SET body = json_set(
  body,
  '$.encounters',
  (SELECT json_group_array(json(e.value))
   FROM json_each(outbox.body, '$.encounters') AS e
   WHERE json_extract(e.value, '$.protocol') <> 'gaen')
)
WHERE EXISTS (
  SELECT 1 FROM json_each(outbox.body, '$.encounters') AS e
  WHERE json_extract(e.value, '$.protocol') = 'gaen'
);

-- The rule holds in the database too, whatever a future code path tries.
CREATE TRIGGER encounters_no_gaen_insert BEFORE INSERT ON encounters
WHEN NEW.protocol = 'gaen'
BEGIN
  SELECT RAISE(ABORT, 'gaen_not_stored');
END;

CREATE TRIGGER encounters_no_gaen_update BEFORE UPDATE OF protocol ON encounters
WHEN NEW.protocol = 'gaen'
BEGIN
  SELECT RAISE(ABORT, 'gaen_not_stored');
END;
