-- Reminders (Microsoft.Orleans.Reminders.AdoNet). grain_hash is the grain's uniform hash
-- as a signed 32-bit integer; the ring ranges Orleans asks for are compared in that space
-- (begin exclusive, end inclusive).

CREATE TABLE IF NOT EXISTS orleans_reminders (
  service_id text NOT NULL,
  grain_id text NOT NULL,
  reminder_name text NOT NULL,
  start_time timestamptz NOT NULL,
  period bigint NOT NULL,
  grain_hash integer NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminders_ring
  ON orleans_reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $query$
INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = EXCLUDED.start_time,
       period = EXCLUDED.period,
       grain_hash = EXCLUDED.grain_hash,
       version = orleans_reminders.version + 1
RETURNING version AS "Version";
$query$),
('ReadReminderRowsKey', $query$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_id = @GrainId;
$query$),
('ReadReminderRowKey', $query$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$query$),
('ReadRangeRows1Key', $query$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$query$),
('ReadRangeRows2Key', $query$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$query$),
('DeleteReminderRowKey', $query$
WITH deleted AS (
  DELETE FROM orleans_reminders
   WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
     AND version = @Version
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted);
$query$),
('DeleteReminderRowsKey', $query$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
