-- Clearing a grain's state deletes its row. A cleared row used to stay with a NULL payload under its key, and the
-- key of a subscriber's state is the citizen's number: an erasure or a forgotten number must leave nothing behind.
-- Hosts ask Orleans to delete on clear (DeleteStorageKey); ClearStorageKey deletes too, for any host that does not.

-- Writes a state. A caller that never saw a record (version NULL) inserts version 1 unless the record exists. A
-- caller with a version updates the record only if its stored version is the same; if the record no longer exists
-- (it was cleared, so deleted, by ClearStorageKey), it is written anew with the next version. Returns the new version,
-- or NULL when the caller's version is stale.
CREATE OR REPLACE FUNCTION orleans_storage_write(
  p_grain_id_hash integer,
  p_grain_id_n0 bigint,
  p_grain_id_n1 bigint,
  p_grain_type_hash integer,
  p_grain_type_string text,
  p_grain_id_extension_string text,
  p_service_id text,
  p_version integer,
  p_payload_binary bytea)
RETURNS integer
LANGUAGE plpgsql
AS $function$
DECLARE
  new_version integer;
BEGIN
  IF p_version IS NOT NULL THEN
    UPDATE orleans_storage
       SET payload_binary = p_payload_binary, version = version + 1, modified_at = now()
     WHERE grain_id_hash = p_grain_id_hash
       AND grain_type_hash = p_grain_type_hash
       AND service_id = p_service_id
       AND grain_type_string = p_grain_type_string
       AND grain_id_n0 = p_grain_id_n0
       AND grain_id_n1 = p_grain_id_n1
       AND grain_id_extension_string IS NOT DISTINCT FROM p_grain_id_extension_string
       AND version = p_version
    RETURNING version INTO new_version;
    IF new_version IS NOT NULL OR EXISTS (
      SELECT 1 FROM orleans_storage
       WHERE grain_id_hash = p_grain_id_hash
         AND grain_type_hash = p_grain_type_hash
         AND service_id = p_service_id
         AND grain_type_string = p_grain_type_string
         AND grain_id_n0 = p_grain_id_n0
         AND grain_id_n1 = p_grain_id_n1
         AND grain_id_extension_string IS NOT DISTINCT FROM p_grain_id_extension_string) THEN
      RETURN new_version;
    END IF;
  END IF;

  INSERT INTO orleans_storage (
    service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
    grain_id_hash, grain_type_hash, payload_binary, version)
  VALUES (
    p_service_id, p_grain_type_string, p_grain_id_n0, p_grain_id_n1, p_grain_id_extension_string,
    p_grain_id_hash, p_grain_type_hash, p_payload_binary, COALESCE(p_version + 1, 1))
  ON CONFLICT DO NOTHING
  RETURNING version INTO new_version;
  RETURN new_version;
END;
$function$;

-- The version after the deleted one, so that Orleans sees the clear succeed (a result equal to the sent version, or
-- none, is a conflict); a stale version deletes nothing and returns no row.
UPDATE orleansquery SET querytext = $query$
DELETE FROM orleans_storage
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_type_string = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version + 1;
$query$
WHERE querykey = 'ClearStorageKey';

-- Rows cleared before this script kept their key; nothing else is in them.
DELETE FROM orleans_storage WHERE payload_binary IS NULL;
